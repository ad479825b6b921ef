"""Where and how large the main window opens: within the screen it opens on.

A geometry saved on another screen (a docking station's monitor, a projector) is kept only as
far as it fits the screen available now: never off-screen, never larger than the screen, never
smaller than a window the officer can work in.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize

PREFERRED = QSize(1280, 820)  # the window's size on a screen that has room for it
MINIMUM = QSize(960, 640)  # smaller than this, the form shows too few fields to work


def fit_rect(available: QRect, wanted: QRect | None = None) -> QRect:
    """`wanted` (a restored geometry, or None for the first start) moved and sized to lie
    within `available`, no smaller than MINIMUM (unless the screen itself is smaller)."""
    if wanted is None or not wanted.isValid():
        size = PREFERRED.boundedTo(available.size())
        rect = QRect(available.topLeft(), size)
        rect.moveCenter(available.center())
        return rect
    size = wanted.size().expandedTo(MINIMUM).boundedTo(available.size())
    rect = QRect(wanted.topLeft(), size)
    # Slide it back onto the screen rather than re-centring it: it stays where it was put.
    if rect.right() > available.right():
        rect.moveRight(available.right())
    if rect.bottom() > available.bottom():
        rect.moveBottom(available.bottom())
    if rect.left() < available.left():
        rect.moveLeft(available.left())
    if rect.top() < available.top():
        rect.moveTop(available.top())
    return rect
