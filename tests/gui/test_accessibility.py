"""Accessibility (WCAG 2.1 AA where it applies to a desktop app): names, focus, Tab, contrast."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from pad_desktop.decisions.records import Outcome
from pad_desktop.gui import gauge
from pad_desktop.gui.override_dialog import OverrideDialog

CONTROLS = (QLineEdit, QComboBox, QAbstractButton, QPlainTextEdit)
COLOR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6}|white)")
BACKGROUND = re.compile(r"background(?:-color)?:\s*(#[0-9a-fA-F]{6}|white)")


def luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


def over_white(color: QColor) -> QColor:
    """A translucent fill as it shows on the gauge's white background."""
    alpha = color.alphaF()
    return QColor.fromRgbF(*(c * alpha + (1 - alpha) for c in color.getRgbF()[:3]))


def visible_controls(root: QWidget) -> list[QWidget]:
    return [
        w for w in root.findChildren(QWidget) if isinstance(w, CONTROLS) and w.isVisibleTo(root)
    ]


def active(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_every_input_and_control_of_the_form_has_a_name_and_a_description(window):
    form = window.form
    missing = [
        w.objectName() or w.text()
        for w in visible_controls(form)
        if not (w.accessibleName() or getattr(w, "text", lambda: "")())
        or not (w.accessibleDescription() or w.toolTip())
    ]
    assert not missing, "\n".join(missing)
    amount = form.rows["credit_amount"].editor
    assert amount.accessibleName() == "Credit amount (DM)"
    assert "Accepted: 1 – " in amount.accessibleDescription()


def test_a_field_in_error_says_its_error_to_a_screen_reader(qtbot, window):
    form = window.form
    form.case_ref.editor.setText("C-1")
    form.rows["age_in_years"].editor.setText("-5")
    form.score()
    qtbot.waitUntil(lambda: form.rows["age_in_years"].error.isVisible())
    editor = form.rows["age_in_years"].editor
    assert editor.accessibleDescription() == form.rows["age_in_years"].error.text()
    qtbot.keyClicks(editor, "0")
    assert "Accepted" in editor.accessibleDescription()


def test_the_decision_is_said_in_words_not_only_in_colour(qtbot, window):
    form = window.form
    form.set_values(window.ws.scorer.signature.example)
    form.case_ref.editor.setText("C-2")
    with qtbot.waitSignal(form.sig_decided, timeout=10_000) as decided:
        form.score()
    record = decided.args[0]
    word = "APPROVED" if record.decision is Outcome.APPROVED else "REFUSED"
    assert form.result.decision.text() == word
    assert word.capitalize() in form.result.gauge.accessibleDescription()
    assert "Probability of default" in form.result.gauge.accessibleDescription()


def test_the_first_field_has_the_focus_when_the_window_opens(qtbot, window):
    assert window.focusWidget() is window.form.case_ref.editor


def test_tab_follows_the_form_and_reaches_score_after_the_last_field(qtbot, window):
    active(qtbot, window)
    form = window.form
    form.case_ref.editor.setFocus()
    expected = [row.editor for row in form.rows.values()] + [form.score_button]
    seen = []
    for _ in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert [w.objectName() for w in seen] == [w.objectName() for w in expected]


def test_focus_is_visible_on_every_control_of_the_form(qtbot, window):
    """Tab through the form as an officer does: each control looks different once focused."""
    active(qtbot, window)
    form = window.form
    form.set_values(window.ws.scorer.signature.example)
    chain = [row.editor for row in form.rows.values()]
    chain += [form.score_button, form.new_button, form.load_button, form.save_button]
    form.case_ref.editor.setFocus()
    before = {id(w): w.grab().toImage() for w in chain}
    hidden = []
    for control in chain:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert control.hasFocus()
        if control.grab().toImage() == before[id(control)]:
            hidden.append(control.objectName() or control.text())
    assert not hidden, f"focus not drawn on: {hidden}"


def test_tab_leaves_the_override_justification(qtbot, window):
    dialog = OverrideDialog(Outcome.REFUSED, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.justification.setFocus()
    qtbot.keyClicks(dialog.justification, "Guarantor seen in person")
    qtbot.keyClick(dialog.justification, Qt.Key.Key_Tab)
    assert not dialog.justification.hasFocus()
    assert "\t" not in dialog.justification.toPlainText()
    assert dialog.justification.accessibleName() and dialog.justification.accessibleDescription()
    dialog.reject()


def _styled_pairs(root: QWidget) -> list[tuple[str, QColor, QColor]]:
    """(widget, text colour, background) for every visible text the style sheets colour."""
    pairs = []
    for widget in [root, *root.findChildren(QWidget)]:
        sheet = widget.styleSheet()
        found = COLOR.search(sheet)
        if not found or not widget.isVisibleTo(root):
            continue
        if ":disabled" in sheet[: found.start()]:
            continue
        background = None
        holder = widget
        while holder is not None and background is None:
            match = BACKGROUND.search(holder.styleSheet())
            background = QColor(match.group(1)) if match else None
            holder = holder.parentWidget()
        if background is None:
            background = widget.palette().color(widget.backgroundRole())
        pairs.append((widget.objectName() or type(widget).__name__, QColor(found[1]), background))
    return pairs


def test_text_colours_of_the_form_and_the_status_bar_reach_4_5_to_1(qtbot, window):
    form = window.form
    form.set_values(window.ws.scorer.signature.example)
    form.rows["age_in_years"].editor.setText("-5")
    form.case_ref.editor.setText("C-3")
    form.score()
    qtbot.waitUntil(form.summary.isVisible)  # the error colours are on screen
    pairs = _styled_pairs(window)
    names = {name for name, _, _ in pairs}
    assert {"formSummary", "error_age_in_years", "scoreButton", "logStatus"} <= names
    ratios = [(n, fg.name(), bg.name(), round(contrast(fg, bg), 2)) for n, fg, bg in pairs]
    low = [r for r in ratios if r[-1] < 4.5]
    assert not low


@pytest.mark.parametrize("outcome", [Outcome.APPROVED, Outcome.REFUSED])
def test_the_gauge_bar_and_marker_reach_4_5_to_1_against_their_zone(outcome):
    bar, zone = (
        (gauge.APPROVE_BAR, gauge.APPROVE_ZONE)
        if outcome is Outcome.APPROVED
        else (gauge.REFUSE_BAR, gauge.REFUSE_ZONE)
    )
    assert contrast(bar, over_white(zone)) >= 4.5
    assert contrast(gauge.INK, over_white(zone)) >= 4.5  # axis, threshold line and labels


def unnamed_or_undescribed(root: QWidget) -> list[str]:
    def name(w) -> str:
        text = w.text() if hasattr(w, "text") and callable(w.text) else ""
        return w.accessibleName() or text or getattr(w, "placeholderText", lambda: "")()

    return [
        f"{type(w).__name__} {w.objectName() or name(w)!r}"
        for w in visible_controls(root)
        if w.objectName() != "qt_spinbox_lineedit"  # inside a date edit, which is described
        and (not name(w) or not (w.accessibleDescription() or w.toolTip()))
    ]


def test_every_control_of_every_tab_and_of_preferences_is_named_and_described(qtbot, window):
    missing = []
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        missing += unnamed_or_undescribed(window.tabs.widget(i))
    dialog = window.open_preferences()
    missing += unnamed_or_undescribed(dialog)
    dialog.reject()
    assert not missing, "\n".join(missing)
