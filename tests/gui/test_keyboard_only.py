"""Keyboard only (no mouse): fill the form, score, override and export; the language changes
without a restart and the form keeps what was typed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QDialog

from pad_desktop.decisions import HistoryFilter
from pad_desktop.gui.field_editors import NumberEditor
from pad_desktop.gui.i18n import switch_language

TIMEOUT = 30_000


def focused():
    return QApplication.focusWidget()


def type_value(qtbot, editor, value) -> None:
    """What an officer does in each kind of field, with keys only."""
    if isinstance(editor, NumberEditor):
        qtbot.keyClicks(editor, str(value))
    elif isinstance(editor, QComboBox):
        target = editor.findData(value)
        while editor.currentIndex() != target:  # Down from the placeholder to the value
            qtbot.keyClick(editor, Qt.Key.Key_Down)
    elif isinstance(editor, QCheckBox) and bool(value) != editor.isChecked():
        qtbot.keyClick(editor, Qt.Key.Key_Space)


def test_fill_score_override_and_export_with_the_keyboard_only(qtbot, window, tmp_path: Path):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    form = window.form
    example = window.ws.scorer.signature.example
    assert focused() is form.case_ref.editor  # the window opens on the first field
    qtbot.keyClicks(focused(), "KB-0001")
    for name, row in form.rows.items():
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        assert focused() is row.editor
        type_value(qtbot, row.editor, example[name])
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is form.score_button
    with qtbot.waitSignal(form.sig_decided, timeout=TIMEOUT) as decided:
        qtbot.keyClick(focused(), Qt.Key.Key_Space)
    record = decided.args[0]
    assert record.case_ref == "KB-0001"

    # Override: Tab to the Override button, Space opens the dialog.
    while focused() is not form.result.override_button:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.waitUntil(dialog.isActiveWindow)
    while focused() is not dialog.justification:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Guarantor met in person, documents checked")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # leaves the box: no tab character typed
    assert "\t" not in dialog.text()
    with qtbot.waitSignal(form.sig_overridden, timeout=TIMEOUT) as overridden:
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Record override, the default button
    assert overridden.args[0].decision_id == record.id
    assert form.result.override_info.isVisible()

    # Export History: Ctrl+Tab to its tab, then File > Export's shortcut Ctrl+E.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    while window.tabs.currentWidget() is not window.history:
        qtbot.keyClick(window.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    history = window.history
    qtbot.waitUntil(lambda: history.model.rowCount() == 1, timeout=TIMEOUT)
    target = tmp_path / "export.csv"

    def type_file_name() -> None:
        qtbot.keyClicks(QApplication.focusWidget(), str(target))  # the name field, selected
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    QTimer.singleShot(300, type_file_name)  # the save dialog is modal: type into it from here
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(history.written.isVisible, timeout=TIMEOUT)
    assert target.exists() and str(target) in history.written.text()
    assert window.log.count(HistoryFilter()) == 1


def test_the_language_changes_at_once_and_the_form_keeps_its_values(qtbot, window, qapp):
    form = window.form
    form.case_ref.editor.setText("C-42")
    form.rows["age_in_years"].editor.setText("35")
    try:
        window.set_language("fr")
        assert window.tabs.tabText(0) == "Demandeur"
        assert window.form.score_button.text() == "Évaluer"
        assert window.form.case_ref.text() == "C-42"
        assert window.form.rows["age_in_years"].editor.text() == "35"
        assert window.menuBar().actions()[0].text() == "&Fichier"
        window.set_language("en")
        assert window.tabs.tabText(0) == "Applicant"
        assert window.form.rows["age_in_years"].editor.text() == "35"
    finally:
        switch_language(qapp, "en")
