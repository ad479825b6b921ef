"""The window fits a laptop: at 1366×768 and 1024×768 the Score button and the status bar are
on the screen, the bar is one line with the drift alert showing, and a geometry saved on
another screen is brought back within this one at a workable size."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget

from pad_desktop.gui.main_window import FRAME_ALLOWANCE
from pad_desktop.gui.window_geometry import MINIMUM, fit_rect

LAPTOPS = [QRect(0, 0, 1366, 768), QRect(0, 0, 1024, 768)]


def on_screen(widget: QWidget, window: QWidget, screen: QRect) -> QRect:
    """Where `widget` is on the screen: its rectangle in the window, at the window's place."""
    top_left = widget.mapTo(window, QPoint(0, 0)) + window.geometry().topLeft()
    return QRect(top_left, widget.size())


def test_a_first_start_opens_within_the_screen():
    for screen in LAPTOPS:
        rect = fit_rect(screen)
        assert screen.contains(rect)
    big = QRect(0, 0, 2560, 1440)
    assert fit_rect(big).size().width() == 1280  # the preferred size where there is room
    assert big.contains(fit_rect(big))


def test_a_saved_geometry_from_another_screen_is_brought_back():
    screen = QRect(0, 0, 1366, 768)
    tiny = fit_rect(screen, QRect(100, 100, 808, 384))  # the size it used to keep
    assert tiny.width() >= MINIMUM.width() and tiny.height() >= MINIMUM.height()
    assert screen.contains(tiny)
    off = fit_rect(screen, QRect(2200, 900, 1200, 700))  # on a second monitor, now gone
    assert screen.contains(off) and off.size().width() == 1200
    huge = fit_rect(screen, QRect(0, 0, 2560, 1400))
    assert huge == screen


@pytest.mark.parametrize("screen", LAPTOPS, ids=["1366x768", "1024x768"])
def test_score_and_the_status_bar_are_on_a_laptop_screen(window, qtbot, screen: QRect):
    window.fit_to_screen(screen)
    qtbot.waitUntil(lambda: screen.contains(window.geometry()))
    window.alert_label.setText(
        "Data drift: 35% of the model's inputs differ from its training data."
    )
    qtbot.wait(50)
    score = on_screen(window.form.score_button, window, screen)
    bar = on_screen(window.statusBar(), window, screen)
    assert window.form.score_button.isVisible()
    assert screen.contains(score), (score, screen)
    assert screen.contains(bar), (bar, screen)
    # One line: the alert does not wrap, it ends in "…" and is whole in its tooltip.
    line = window.statusBar().fontMetrics().lineSpacing()
    assert window.statusBar().height() < 2 * line + 8
    assert "Data drift: 35%" in window.alert_label.toolTip()
    # The form shows enough fields to work with on a 768-px-high screen.
    viewport = window.form.scroll.viewport()
    shown = [
        row
        for row in window.form.rows.values()
        if viewport.rect().contains(QRect(row.mapTo(viewport, QPoint(0, 0)), row.size()))
    ]
    assert len(shown) >= 8


def test_the_database_state_is_not_cut_at_1366(window, qtbot):
    screen = LAPTOPS[0]
    window.fit_to_screen(screen)
    qtbot.waitUntil(lambda: screen.contains(window.geometry()))
    window.alert_label.setText(
        "Data drift: 35% of the model's inputs differ from its training data."
    )
    qtbot.waitUntil(lambda: "·" in window.log_label.text())
    qtbot.wait(50)
    assert not window.log_label.is_elided(), window.log_label.text()
    assert not window.model_label.is_elided(), window.model_label.text()


def test_a_small_saved_window_reopens_at_a_workable_size(make_window, qtbot):
    first = make_window()
    first.resize(808, 384)
    qtbot.waitUntil(lambda: first.width() == 808)
    first.close()  # saves the geometry
    second = make_window()
    room = second.screen().availableGeometry().marginsRemoved(FRAME_ALLOWANCE)
    assert second.width() >= min(MINIMUM.width(), room.width())
    assert second.height() >= min(MINIMUM.height(), room.height())
