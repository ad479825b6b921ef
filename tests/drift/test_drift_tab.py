"""The drift tab, offscreen: the report is built on a worker and shown from its file."""

from __future__ import annotations

import math
import threading
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from pad_desktop.decisions import DecisionLog
from pad_desktop.decisions.records import Source
from pad_desktop.drift import read_history, reports_dir
from pad_desktop.gui.drift_tab import CALM_STYLE, DriftTab, report_zoom
from pad_desktop.model.active import ActiveModel
from pad_desktop.service.simulate import simulate

WAIT_MS = 90_000  # Evidently's first import alone takes ~5 s, more on a busy CI machine


@pytest.fixture
def report_threads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record the thread of every Evidently report run (a spy on the library, not on our code)."""
    from evidently import Report

    threads: list[int] = []
    original = Report.run

    def recording_run(self, *args, **kwargs):
        threads.append(threading.get_ident())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Report, "run", recording_run)
    return threads


@pytest.fixture
def tab(qtbot, decision_log: DecisionLog, now: datetime):
    widget = DriftTab(ActiveModel(), decision_log, clock=lambda: now)  # never the wall clock
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    yield widget
    assert widget.shutdown(60_000)
    widget.close()  # as the main window does: drops the web page before WebEngine's profile
    assert widget.view is None


def _wait_until_started(qtbot, tab: DriftTab) -> None:
    """The worker has reported a step (not `waitSignal` on the task's signal: the worker keeps
    emitting after the wait, into a signal blocker pytest-qt has already let go of)."""
    qtbot.waitUntil(lambda: tab.step.text() not in ("", "Starting…"), timeout=WAIT_MS)


def _document_text(qtbot, tab: DriftTab) -> str:
    """The rendered page's text, read through JavaScript (Evidently draws it with React)."""
    texts: list[str] = []

    def ask() -> bool:
        done = threading.Event()

        def got(text: object) -> None:
            texts.append(str(text or ""))
            done.set()

        tab.view.page().runJavaScript("document.body ? document.body.innerText : ''", 0, got)
        qtbot.waitUntil(done.is_set, timeout=10_000)
        return "credit_amount" in texts[-1]

    qtbot.waitUntil(ask, timeout=WAIT_MS)
    return texts[-1]


def test_generate_builds_off_the_ui_thread_and_shows_the_drift_table(
    qtbot, tab: DriftTab, drifted_week, report_threads: list[int], tmp_path: Path, now: datetime
) -> None:
    assert tab.view is None  # no Chromium before the first report
    with qtbot.waitSignal(tab.sig_drift_alert, timeout=WAIT_MS) as alert:
        task = tab.generate()
        assert task is not None
        assert not tab.generate_button.isEnabled() and tab.cancel_button.isEnabled()
        assert tab.busy.isVisible()
    assert report_threads and threading.get_ident() not in report_threads
    assert "Data drift" in alert.args[0]
    summary = tab.summary
    assert summary is not None and summary.dataset_drift
    assert tab.generate_button.isEnabled() and not tab.cancel_button.isEnabled()
    assert not tab.busy.isVisible() and tab.export_button.isEnabled()
    assert tab.view.url() == QUrl.fromLocalFile(str(summary.html_path))

    text = _document_text(qtbot, tab)
    assert "Dataset Drift" in text and "Drift is detected for" in text  # the drift table
    for column in ("credit_amount", "age_in_years", "purpose"):
        assert column in text

    assert tab.chart.weeks == summary.weeks and summary.weeks  # from the decision log
    assert tab.period()[0] <= drifted_week[0] and tab.period()[1] >= drifted_week[1]
    assert tab.chart.now == now and tab.chart.x_span()[1] <= now.timestamp()  # no future
    headline = tab.headline.text()
    assert "Credit amount" in headline and "credit_amount" not in headline
    assert " more." in headline and "(form, batch, api)" in headline
    assert "Credit amount" in tab.headline.toolTip().splitlines()

    target = tmp_path / "exported.html"
    export = tab.export(str(target))
    qtbot.waitUntil(export.done.is_set, timeout=10_000)
    assert target.read_bytes() == summary.html_path.read_bytes()


def test_the_alert_follows_the_threshold(
    qtbot, tab: DriftTab, scorer, decision_log: DecisionLog, now: datetime
) -> None:
    simulate(scorer, decision_log, 1_000, 0.05, seed=1, days=3, until=now, source=Source.FORM)
    task = tab.generate()
    qtbot.waitUntil(lambda: tab.summary is not None, timeout=WAIT_MS)
    assert task.done.wait(5)
    share = tab.summary.drift_share
    assert 0.0 < share < 1.0
    with qtbot.waitSignal(tab.sig_drift_alert, timeout=5_000) as alert:
        tab.threshold.setValue(math.floor(share * 100))
    assert alert.args[0].startswith("Data drift")
    with qtbot.waitSignal(tab.sig_drift_alert, timeout=5_000) as alert:
        tab.threshold.setValue(math.ceil(share * 100) + 1)
    assert alert.args[0] == ""
    assert tab.headline.styleSheet() == CALM_STYLE


def test_cancel_abandons_the_run_at_once_and_nothing_is_written(
    qtbot, tab: DriftTab, drifted_week
) -> None:
    task = tab.generate()
    _wait_until_started(qtbot, tab)
    tab.cancel()
    assert tab.generate_button.isEnabled() and not tab.cancel_button.isEnabled()
    assert not tab.busy.isVisible()
    qtbot.waitUntil(task.done.is_set, timeout=WAIT_MS)  # Evidently ends by itself
    qtbot.wait(50)
    assert tab.summary is None
    assert read_history() == [] and not list(reports_dir().glob("*.html"))


def test_a_new_tab_shows_the_latest_saved_report(
    qtbot, tab: DriftTab, drifted_week, decision_log, now: datetime
) -> None:
    with qtbot.waitSignal(tab.sig_drift_alert, timeout=WAIT_MS):
        tab.generate()
    generated = tab.summary
    again = DriftTab(ActiveModel(), decision_log, clock=lambda: now)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.sig_drift_alert, timeout=10_000) as alert:
        pass
    assert alert.args[0].startswith("Data drift")
    assert again.summary == generated
    assert again.view.url() == QUrl.fromLocalFile(str(generated.html_path))
    again.close()


def test_an_empty_log_gives_a_readable_message(qtbot, tab: DriftTab) -> None:
    from PySide6.QtWidgets import QMessageBox

    task = tab.generate()
    qtbot.waitUntil(task.done.is_set, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: tab.findChild(QMessageBox, "errorDialog") is not None, timeout=5_000)
    box = tab.findChild(QMessageBox, "errorDialog")
    assert box.text().startswith("Only 0 decisions")
    assert "Traceback" not in box.text() + box.detailedText()
    assert tab.generate_button.isEnabled() and tab.summary is None


def test_a_model_swap_on_another_thread_abandons_the_run(
    qtbot, tab: DriftTab, drifted_week
) -> None:
    task = tab.generate()
    _wait_until_started(qtbot, tab)
    swapper = threading.Thread(target=tab.active_model.swap)  # as the update dialog's worker does
    swapper.start()
    swapper.join(30)
    qtbot.waitUntil(lambda: tab.task is None and tab.generate_button.isEnabled(), timeout=10_000)
    qtbot.waitUntil(task.done.is_set, timeout=WAIT_MS)
    qtbot.wait(50)
    assert tab.summary is None and read_history() == []


def test_threshold_and_sources_persist_and_damaged_settings_fall_back(
    qtbot, tab: DriftTab, decision_log: DecisionLog, now: datetime
) -> None:
    from pad_desktop.gui.preferences import app_settings

    assert tab.sources == (Source.FORM, Source.BATCH, Source.API)
    tab.threshold.setValue(35)
    tab.source_boxes[Source.BATCH].setChecked(False)
    tab.source_boxes[Source.SIMULATION].setChecked(True)
    again = DriftTab(ActiveModel(), decision_log, clock=lambda: now)
    qtbot.addWidget(again)
    assert again.alert_threshold == pytest.approx(0.35)
    assert again.sources == (Source.FORM, Source.API, Source.SIMULATION)
    assert again.shutdown(10_000)
    app_settings().setValue("drift/threshold", "lots")
    app_settings().setValue("drift/sources", "web,,")
    damaged = DriftTab(ActiveModel(), decision_log, clock=lambda: now)
    qtbot.addWidget(damaged)
    assert damaged.alert_threshold == pytest.approx(0.5)
    assert damaged.sources == (Source.FORM, Source.BATCH, Source.API)
    assert damaged.shutdown(10_000)


def test_the_report_zooms_out_to_fit_1024_px() -> None:
    assert report_zoom(1002) == pytest.approx(1002 / 1400)
    assert report_zoom(2000) == 1.0 and report_zoom(300) == 0.65
