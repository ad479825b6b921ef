"""The history tab: decisions and overrides from the log, filters, paging, details, export."""

from __future__ import annotations

import csv
import threading
from pathlib import Path

from PySide6.QtCore import Qt

from pad_desktop.decisions.records import DecisionBatch, Outcome, OverrideRecord, Source
from pad_desktop.gui import history_tab
from pad_desktop.gui.history_tab import CASE_COLUMN, DECISION_COLUMN, PAGE_SIZE

TIMEOUT = 15_000


def test_history_shows_filters_pages_details_and_exports(
    qtbot, window, tmp_path: Path, officer: str
):
    scorer = window.ws.scorer
    example = scorer.signature.example
    window.form.set_values(example)
    window.form.case_ref.editor.setText("CASE-H1")
    with qtbot.waitSignal(window.form.sig_decided, timeout=TIMEOUT) as blocker:
        window.form.score()
    record = blocker.args[0]
    flipped = Outcome.APPROVED if record.decision is Outcome.REFUSED else Outcome.REFUSED
    window.log.record_override(
        OverrideRecord(record.id, officer, "ws", "override", flipped, "guarantor documents seen")
    )
    # 150 batch decisions by another officer: two pages.
    reference = scorer.bundle.reference().drop(columns=["expected_probability"]).head(150)
    frames = scorer.score_frame(reference)
    window.log.record_batch(
        DecisionBatch(
            officer="bob",
            workstation="ws",
            source=Source.BATCH,
            model_id=scorer.bundle.id,
            model_sha256=scorer.bundle.sha256,
            threshold=scorer.threshold,
            inputs=reference,
            scores=frames.probabilities,
            decisions=frames.decisions,
            reasons=frames.reasons,
            latency_ms=1.0,
        )
    )
    tab = window.history
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.total == 151, timeout=TIMEOUT)
    assert tab.model.rowCount() == PAGE_SIZE
    assert "1–100 of 151" in tab.page_label.text()
    qtbot.mouseClick(tab.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.offset == PAGE_SIZE, timeout=TIMEOUT)
    assert tab.model.rowCount() == 51 and not tab.next_button.isEnabled()

    tab.source.setCurrentIndex(tab.source.findData(Source.FORM))
    tab.officer.setText(officer)
    qtbot.mouseClick(tab.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.total == 1, timeout=TIMEOUT)
    row = tab.model.items[0]
    assert row.id == record.id and row.final_decision is flipped
    assert tab.model.index(0, DECISION_COLUMN).data().endswith("*")
    assert tab.model.index(0, CASE_COLUMN).data() == "CASE-H1"
    tab.table.selectRow(0)
    details = tab.details.toPlainText()
    assert "guarantor documents seen" in details
    assert "Credit amount" in details and f"{record.score:.1%}" in details

    target = tmp_path / "history.csv"
    task = tab.export(str(target))
    qtbot.waitUntil(task.done.is_set, timeout=TIMEOUT)
    with target.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1 and rows[0]["id"] == str(record.id)
    assert rows[0]["final_decision"] == str(flipped)


def test_a_late_answer_to_an_older_request_never_replaces_the_current_page(
    qtbot, window, monkeypatch
):
    """Pages load on worker threads and can arrive out of order (a refresh started before a
    new filter): the table must keep the answer to the latest request."""
    scorer = window.ws.scorer
    reference = scorer.bundle.reference().drop(columns=["expected_probability"]).head(3)
    frames = scorer.score_frame(reference)
    for source in (Source.FORM, Source.BATCH):
        window.log.record_batch(
            DecisionBatch(
                officer="ann", workstation="ws", source=source, model_id=scorer.bundle.id,
                model_sha256=scorer.bundle.sha256, threshold=scorer.threshold, inputs=reference,
                scores=frames.probabilities, decisions=frames.decisions, reasons=frames.reasons,
                latency_ms=1.0,
            )
        )  # fmt: skip
    tab = window.history
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.total == 6, timeout=TIMEOUT)
    # The next unfiltered request is held on its worker until the filtered one has answered.
    release = threading.Event()
    real_load_page = history_tab.load_page

    def held_load_page(log, f, offset, *, state):
        if f.source is None:
            release.wait(TIMEOUT / 1000)
        return real_load_page(log, f, offset, state=state)

    monkeypatch.setattr(history_tab, "load_page", held_load_page)
    older = tab.load(0)
    tab.source.setCurrentIndex(tab.source.findData(Source.FORM))
    tab.apply()
    qtbot.waitUntil(lambda: tab.total == 3, timeout=TIMEOUT)
    release.set()
    qtbot.waitUntil(older.done.is_set, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.runner.active == 0, timeout=TIMEOUT)
    assert tab.total == 3 and {d.source for d in tab.model.items} == {Source.FORM}


def test_part_of_a_case_reference_finds_it_and_nothing_found_says_so(qtbot, window):
    form = window.form
    form.set_values(window.ws.scorer.signature.example)
    for case_ref in ("DOSSIER-2024-0002", "DOSSIER-2024-0013"):
        form.case_ref.editor.setText(case_ref)
        with qtbot.waitSignal(form.sig_decided, timeout=TIMEOUT):
            form.score()
    tab = window.history
    window.tabs.setCurrentWidget(tab)
    tab.case_ref.setText("0002")
    tab.apply()
    qtbot.waitUntil(lambda: tab.total == 1, timeout=TIMEOUT)
    assert tab.model.index(0, CASE_COLUMN).data() == "DOSSIER-2024-0002"
    assert not tab.hint.isVisible()
    tab.case_ref.setText("dossier-2024")
    tab.apply()
    qtbot.waitUntil(lambda: tab.total == 2, timeout=TIMEOUT)
    tab.case_ref.setText("0099")
    tab.apply()
    qtbot.waitUntil(lambda: tab.total == 0 and tab.hint.isVisible(), timeout=TIMEOUT)
    assert "“0099”" in tab.hint.text()
