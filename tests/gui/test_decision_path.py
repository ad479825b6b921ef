"""Issue 12 on the desktop: every decision goes through the window's one decision service.

With the log closed nothing is decided (form and batch tab say why); a form decision is found in
History by its case reference; Enter twice records one decision; a result whose inputs changed
is marked stale and cannot be overridden; opening another CSV resets the previous run.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from pad_desktop.decisions import HistoryFilter
from pad_desktop.decisions.records import Source
from pad_desktop.gui.workers import TaskRunner
from pad_desktop.service.decision_service import LogClosed

TIMEOUT = 15_000
BATCH_TIMEOUT = 120_000


def fill(window, case_ref: str, **changes) -> None:
    window.form.set_values(dict(window.ws.scorer.signature.example, **changes))
    window.form.case_ref.editor.setText(case_ref)


def visible_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def close_boxes() -> None:
    for box in visible_boxes():
        box.close()


def write_csv(path: Path, reference: pd.DataFrame, rows: int, prefix: str) -> Path:
    frame = reference.drop(columns=["expected_probability"])
    frame = frame.iloc[np.arange(rows) % len(frame)].reset_index(drop=True)
    frame.insert(0, "applicant_id", [f"{prefix}{i:05d}" for i in range(rows)])
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    return path


def test_with_the_log_closed_the_form_shows_no_decision_and_says_why(qtbot, window):
    log = window.log
    window.service.log = None  # the log closed (as while it reopens after Preferences)
    try:
        fill(window, "DOSSIER-CLOSED")
        with qtbot.waitSignal(window.form.sig_rejected, timeout=TIMEOUT) as rejected:
            window.form.score()
        assert isinstance(rejected.args[0], LogClosed)
        panel = window.form.result
        assert panel.record is None
        assert panel.decision.text() == "Not decided"
        assert panel.score.text() == str(LogClosed())
        assert not panel.override_button.isEnabled()
        assert panel.gauge.score is None
    finally:
        window.service.log = log
    assert log.count(HistoryFilter()) == 0


def test_with_the_log_closed_the_batch_tab_scores_nothing(qtbot, window, tmp_path: Path):
    path = write_csv(tmp_path / "few.csv", window.ws.scorer.bundle.reference(), 50, "B")
    tab = window.batch
    window.tabs.setCurrentWidget(tab)
    with qtbot.waitSignal(tab.sig_previewed, timeout=30_000):
        tab.open_file(str(path))
    log = window.log
    window.service.log = None
    try:
        tab.start()
        qtbot.waitUntil(lambda: tab.task is None, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: bool(visible_boxes()), timeout=TIMEOUT)
        assert visible_boxes()[0].text() == str(LogClosed())
        close_boxes()
    finally:
        window.service.log = log
    assert "Nothing was scored" in tab.summary_label.text()
    assert tab.model.rowCount() == 0 and tab.rows_done == 0
    assert tab.histogram.counts.sum() == 0
    assert tab.summary is None
    assert not tab.export_button.isEnabled() and not tab.export_errors_button.isEnabled()
    assert log.count(HistoryFilter(source=Source.BATCH)) == 0


def test_a_form_decision_is_found_in_history_by_its_case_reference(qtbot, window):
    for case_ref in ("DOSSIER-41", "DOSSIER-42"):
        fill(window, case_ref)
        with qtbot.waitSignal(window.form.sig_decided, timeout=TIMEOUT):
            window.form.score()
    decided = window.form.last_decision.record
    tab = window.history
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.total == 2, timeout=TIMEOUT)
    qtbot.keyClicks(tab.case_ref, "DOSSIER-42")
    qtbot.keyClick(tab.case_ref, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.total == 1, timeout=TIMEOUT)
    found = tab.model.items[0]
    assert found.id == decided.id and found.case_ref == "DOSSIER-42"
    assert tab.model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == (
        "Case"
    )
    assert tab.model.index(0, 1).data() == "DOSSIER-42"
    tab.table.selectRow(0)
    details = tab.details.toPlainText()
    assert "Case reference: DOSSIER-42" in details
    os_account = window.settings.os_account
    assert f"{found.officer} ({os_account})" in details  # the display name beside the login


def test_enter_twice_records_one_decision_and_shows_it_was_already_made(qtbot, window):
    fill(window, "DOSSIER-ENTER")
    editor = window.form.rows["age_in_years"].editor
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # before the first answer is back
    qtbot.waitUntil(lambda: window.runner.active == 0, timeout=TIMEOUT)
    assert window.log.count(HistoryFilter()) == 1
    panel = window.form.result
    assert panel.record is not None and window.form.last_decision.repeated
    assert panel.repeated_info.isVisible()
    at = panel.record.created_at.astimezone().strftime("%H:%M")
    assert panel.repeated_info.text() == f"Already decided at {at} — the decision recorded then"
    # Later, once more: still the decision already made, still one record.
    with qtbot.waitSignal(window.form.sig_decided, timeout=TIMEOUT) as again:
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert again.args[0].id == panel.record.id and panel.repeated_info.isVisible()
    assert window.log.count(HistoryFilter()) == 1


def test_a_changed_input_marks_the_result_stale_and_forbids_its_override(qtbot, window):
    fill(window, "DOSSIER-STALE")
    with qtbot.waitSignal(window.form.sig_decided, timeout=TIMEOUT) as first:
        window.form.score()
    panel = window.form.result
    assert panel.override_button.isEnabled() and not panel.stale_banner.isVisible()
    qtbot.keyClicks(window.form.rows["credit_amount"].editor, "0")  # 1169 -> 11690
    assert panel.stale and panel.stale_banner.isVisible()
    assert panel.stale_banner.text() == "Inputs changed — score again"
    assert not panel.override_button.isEnabled()
    assert panel.gauge.graphicsEffect().isEnabled()  # greyed
    window.form.override()  # asking anyway opens nothing
    assert not [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    # Scoring again: a new decision that points at the previous one for this case.
    with qtbot.waitSignal(window.form.sig_decided, timeout=TIMEOUT) as second:
        window.form.score()
    assert not panel.stale and not panel.stale_banner.isVisible()
    assert panel.override_button.isEnabled() and not panel.gauge.graphicsEffect().isEnabled()
    assert second.args[0].previous_id == first.args[0].id
    assert window.log.count(HistoryFilter(case_ref="DOSSIER-STALE")) == 2
    # The case reference is an input too.
    qtbot.keyClicks(window.form.case_ref.editor, "-B")
    assert panel.stale and not panel.override_button.isEnabled()


def test_opening_a_second_csv_resets_the_previous_results_and_exports(
    qtbot, window, tmp_path: Path
):
    reference = window.ws.scorer.bundle.reference()
    first = write_csv(tmp_path / "first.csv", reference, 300, "F")
    second = write_csv(tmp_path / "second.csv", reference, 40, "S")
    tab = window.batch
    window.tabs.setCurrentWidget(tab)
    with qtbot.waitSignal(tab.sig_previewed, timeout=30_000):
        tab.open_file(str(first))
    with qtbot.waitSignal(tab.sig_finished, timeout=BATCH_TIMEOUT) as done:
        tab.start()
    outputs = [done.args[0].output, done.args[0].errors_output]
    assert tab.model.rowCount() == 300 and tab.export_button.isEnabled()
    assert all(p.exists() for p in outputs)

    tab.open_file(str(second))  # at once, before its preview is back
    assert tab.model.rowCount() == 0 and tab.rows_done == 0
    assert tab.histogram.counts.sum() == 0
    assert tab.progress.value() == 0 and tab.summary_label.text() == ""
    assert not tab.export_button.isEnabled() and not tab.export_errors_button.isEnabled()
    assert not any(p.exists() for p in outputs)  # the previous run's files are gone
    assert tab.export(str(tmp_path / "second.scored.csv")) is None
    qtbot.waitUntil(lambda: tab.preview is not None, timeout=30_000)
    assert tab.preview.path == second and tab.model.rowCount() == 0
    assert tab.export(str(tmp_path / "second.scored.csv")) is None
    assert not (tmp_path / "second.scored.csv").exists()
    with qtbot.waitSignal(tab.sig_finished, timeout=BATCH_TIMEOUT):
        tab.start()
    assert tab.model.rowCount() == 40
    assert set(tab.model.column("ids")) == {f"S{i:05d}" for i in range(40)}


def test_the_newest_request_with_a_key_wins(qtbot):
    """`start_latest`: an older task's answer is dropped even when it arrives last."""
    runner = TaskRunner()
    release = threading.Event()
    got: list[str] = []

    def slow(*, state):
        release.wait(5)
        return "older"

    def fast(*, state):
        return "newer"

    older = runner.start_latest("page", slow, on_result=got.append, on_error=got.append)
    newer = runner.start_latest("page", fast, on_result=got.append)
    qtbot.waitUntil(newer.done.is_set, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: got == ["newer"], timeout=TIMEOUT)
    assert older.is_cancelled
    release.set()
    qtbot.waitUntil(lambda: runner.active == 0, timeout=TIMEOUT)
    assert got == ["newer"]
    other = runner.start_latest("other", fast, on_result=got.append)  # keys are independent
    qtbot.waitUntil(lambda: runner.active == 0, timeout=TIMEOUT)
    assert other.done.is_set() and got == ["newer", "newer"]
    runner.shutdown()
