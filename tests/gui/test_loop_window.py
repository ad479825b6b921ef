"""The model loop in the window: outcomes imported from the Model menu, the performance view
drawn from them, and an alert in the status bar when the AUC falls below the model card's."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from pad_desktop.decisions import DecisionLog
from tests.monitoring.loggedlog import french_file, log_decisions

TIMEOUT = 30_000


def _wait_task(qtbot, task) -> None:
    assert task is not None
    qtbot.waitUntil(task.done.is_set, timeout=TIMEOUT)


def test_outcomes_imported_from_the_menu_then_measured(window, qtbot, tmp_path: Path) -> None:
    bundle_id = window.ws.scorer.bundle.id
    with DecisionLog.open() as log:
        records = log_decisions(log, n=150, model_id=bundle_id)
    worse = [int(r.score < 0.25) for r in records]  # a model gone bad: the low scores default
    path = french_file(tmp_path / "o.csv", records, worse)
    actions = {a.objectName(): a for a in window.model_menu.actions()}
    assert {"actionImportOutcomes", "actionPerformance"} <= set(actions)
    loop = window.loop_menu
    _wait_task(qtbot, loop.import_file(str(path)))
    qtbot.waitUntil(lambda: loop.last_report is not None, timeout=TIMEOUT)
    assert loop.last_report.recorded == 150
    box = window.findChild(QMessageBox, "outcomesImported")
    assert box is not None and "150 outcome(s) recorded" in box.text()
    box.close()

    loop.today = lambda: date(2029, 1, 1)  # every outcome observed by then
    _wait_task(qtbot, loop.show_performance())
    qtbot.waitUntil(lambda: loop.last_performance is not None, timeout=TIMEOUT)
    view = loop.dialog.view
    assert loop.last_performance.overall["n"] == 150 and loop.last_performance.alert
    assert view.headline.text().startswith("Performance alert")
    assert window.alert_label.text() == view.headline.text()
    from PySide6.QtWidgets import QLabel

    banner = window.drift_tab.findChild(QLabel, "performanceBanner")
    assert banner is not None and banner.text() == view.headline.text()
    assert not banner.isHidden()
    assert view.table.rowCount() == 1 + len(loop.last_performance.by_month) + 1
    loop.dialog.close()


def test_nothing_matured_yet_says_so(window, qtbot) -> None:
    loop = window.loop_menu
    loop.today = lambda: date(2020, 1, 1)
    _wait_task(qtbot, loop.show_performance())
    qtbot.waitUntil(lambda: loop.last_performance is not None, timeout=TIMEOUT)
    assert loop.dialog.view.headline.text() == "No decision with a matured outcome in this period."
    assert not loop.last_performance.alert and window.alert_label.text() == ""
    loop.dialog.close()
