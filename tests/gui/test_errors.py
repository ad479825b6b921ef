"""Errors reach the officer as a sentence with details, never as a traceback."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox


def visible_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def test_an_unreadable_file_gives_a_readable_message_with_details(qtbot, window, tmp_path: Path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"")
    window.batch.open_file(str(path))
    qtbot.waitUntil(lambda: bool(visible_boxes()), timeout=15_000)
    box = visible_boxes()[0]
    assert box.text() == "The file is empty: no header line with column names."
    assert "CsvFormatError" in box.detailedText()
    assert "Traceback" not in box.detailedText() and 'File "' not in box.detailedText()
    box.close()


def test_a_broken_applicant_file_is_reported_without_traceback(qtbot, window, tmp_path: Path):
    path = tmp_path / "applicant.json"
    path.write_text("{not json", encoding="utf-8")
    window.form.load_file(str(path))
    qtbot.waitUntil(lambda: bool(visible_boxes()), timeout=15_000)
    box = visible_boxes()[0]
    assert box.windowTitle() == "The applicant could not be loaded"
    assert "JSONDecodeError" in box.detailedText() and "Traceback" not in box.detailedText()
    box.close()


def test_a_folder_that_is_not_a_bundle_keeps_the_current_model(qtbot, window, tmp_path: Path):
    before = window.ws.scorer
    window.use_bundle(str(tmp_path))
    qtbot.waitUntil(lambda: bool(visible_boxes()), timeout=15_000)
    box = visible_boxes()[0]
    assert "no MLmodel file" in box.text()
    box.close()
    assert window.ws.scorer is before and window.form.rows


def test_a_bad_setting_stops_the_start_with_a_dialog_naming_it(
    qtbot, monkeypatch, gui_isolation: Path
):
    """Started from a menu, the window has no console: the variable is named in a dialog."""
    import pytest
    from PySide6.QtCore import QTimer

    from pad_desktop.gui.app import create_application
    from pad_desktop.runtime.settings import SettingsError, use_settings

    monkeypatch.setenv("PAD_REVIEW_BAND", "half")
    use_settings(None)
    seen: list[str] = []

    def answer() -> None:
        boxes = visible_boxes()
        if not boxes:
            QTimer.singleShot(50, answer)
            return
        seen.append(boxes[0].text())
        boxes[0].close()

    QTimer.singleShot(50, answer)
    with pytest.raises(SettingsError):
        create_application()
    assert seen == ["A setting cannot be used: PAD_REVIEW_BAND='half': not a number"]
    monkeypatch.delenv("PAD_REVIEW_BAND")
    use_settings(None)


def test_a_typing_mistake_is_one_line_in_the_error_log_a_fault_keeps_its_traceback(
    qtbot, window, caplog
):
    import logging

    caplog.set_level(logging.INFO, logger="pad_desktop.gui.workers")
    form = window.form
    form.set_values(dict(window.ws.scorer.signature.example, age_in_years="vingt"))
    form.case_ref.editor.setText("DOSSIER-7")
    with qtbot.waitSignal(form.sig_rejected, timeout=15_000):
        form.score()
    mistakes = [r for r in caplog.records if r.name == "pad_desktop.gui.workers"]
    assert len(mistakes) == 1
    assert mistakes[0].exc_info is None
    assert "\n" not in mistakes[0].getMessage() and "vingt" not in mistakes[0].getMessage()
    assert "Traceback" not in caplog.text

    caplog.clear()

    def breaks(*, state) -> None:
        raise RuntimeError("a real fault")

    task = window.runner.start(breaks, on_error=lambda _e: None)
    qtbot.waitUntil(task.done.is_set, timeout=5_000)
    faults = [r for r in caplog.records if r.name == "pad_desktop.gui.workers"]
    assert len(faults) == 1 and faults[0].exc_info is not None
