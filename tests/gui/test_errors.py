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
