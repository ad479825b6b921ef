"""The model loop in the window: import outcomes from a file, show the model's performance.

Installed into the Model menu by one call from the main window (`install`); the work runs on
the window's task runner, the texts are `monitoring.texts` in the window's language. A
performance alert goes to the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from pad_desktop.gui.i18n import ui_language
from pad_desktop.monitoring.texts import text

if TYPE_CHECKING:
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.gui.main_window import MainWindow
    from pad_desktop.monitoring.outcomes import ImportReport
    from pad_desktop.monitoring.performance import Performance
    from pad_desktop.runtime.tasks import TaskState

SHOWN_PROBLEMS = 20  # lines listed in the message box; the rest are counted


def import_outcomes(
    log: DecisionLog, path: str, identity: Any, *, state: TaskState
) -> ImportReport:
    """On a worker: read, match and record an outcomes file."""
    from pad_desktop.monitoring import outcomes

    return outcomes.import_file(log, path, identity)


def report_text(report: ImportReport, lang: str) -> str:
    """The summary, then the lines not recorded (the first `SHOWN_PROBLEMS`)."""
    problems = report.problems
    lines = [report.summary(lang), *[p.text(lang) for p in problems[:SHOWN_PROBLEMS]]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(text("more_lines", lang, n=len(problems) - SHOWN_PROBLEMS))
    return "\n".join(lines)


class LoopMenu:
    """The two actions and what they start; kept by the window (`window.loop_menu`)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog = None
        self.last_report: ImportReport | None = None
        self.last_performance: Performance | None = None
        # "Today" for maturity: outcomes observed after it are left out (a test sets it).
        self.today: Callable[[], date] = lambda: datetime.now(UTC).date()

    def add_to(self, menu: QMenu) -> None:
        lang = ui_language()
        menu.addSeparator()
        for key, slot, name in (
            ("import_menu", self.choose_file, "actionImportOutcomes"),
            ("performance_menu", self.show_performance, "actionPerformance"),
        ):
            action = QAction(text(key, lang), self.window)
            action.setObjectName(name)
            action.triggered.connect(slot)
            menu.addAction(action)

    def _log(self) -> DecisionLog | None:
        log = self.window.ws.log
        if log is None:
            QMessageBox.information(self.window, text("import_failed", ui_language()),
                                    text("log_not_ready", ui_language()))  # fmt: skip
        return log

    def choose_file(self) -> None:
        lang = ui_language()
        path, _ = QFileDialog.getOpenFileName(
            self.window, text("choose_outcomes", lang), "", text("csv_filter", lang)
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str):
        log = self._log()
        if log is None:
            return None
        identity = self.window.service.identity
        return self.window.runner.start(
            import_outcomes, log, path, identity, on_result=self._imported, on_error=self._failed
        )

    def _imported(self, report: ImportReport) -> None:
        self.last_report = report
        lang = ui_language()
        box = QMessageBox(self.window)
        box.setObjectName("outcomesImported")
        box.setWindowTitle(text("import_title", lang))
        box.setText(report_text(report, lang))
        box.setIcon(QMessageBox.Icon.Warning if report.problems else QMessageBox.Icon.Information)
        box.open()

    def _failed(self, exc: Exception) -> None:
        lang = ui_language()
        message = exc.text(lang) if hasattr(exc, "text") and hasattr(exc, "key") else str(exc)
        box = QMessageBox(self.window)
        box.setObjectName("outcomesFailed")
        box.setWindowTitle(text("import_failed", lang))
        box.setText(message)
        box.setIcon(QMessageBox.Icon.Warning)
        box.open()

    def show_performance(self):
        from pad_desktop.gui.performance_view import PerformanceDialog, measure_now
        from pad_desktop.monitoring.performance import DEFAULT_TOLERANCE, card_reference

        log = self._log()
        if log is None:
            return None
        scorer = self.window.ws.scorer
        reference = None
        if scorer is not None:
            bundle = scorer.bundle
            reference = card_reference(bundle.meta, bundle.id, DEFAULT_TOLERANCE)
        if self.dialog is None:
            self.dialog = PerformanceDialog(self.window)
        self.dialog.show()
        return self.window.runner.start(
            measure_now, log, reference, self.today(), on_result=self.performance_measured
        )

    def performance_measured(self, perf: Performance) -> None:
        self.last_performance = perf
        if self.dialog is not None:
            self.dialog.view.show_performance(perf)
        if perf.alert:
            from pad_desktop.monitoring.performance_report import headline

            self.window.alert_label.setText(headline(perf, ui_language()))
        self._drift_banner(perf)

    def _drift_banner(self, perf: Performance) -> None:
        """The drift tab watches the inputs; a banner at its top says when the results drop."""
        from PySide6.QtWidgets import QLabel

        from pad_desktop.gui.performance_view import ALERT_STYLE
        from pad_desktop.monitoring.performance_report import headline

        tab = getattr(self.window, "drift_tab", None)
        if tab is None or tab.layout() is None:
            return
        banner = tab.findChild(QLabel, "performanceBanner")
        if banner is None:
            banner = QLabel(tab)
            banner.setObjectName("performanceBanner")
            banner.setWordWrap(True)
            banner.setStyleSheet(ALERT_STYLE)
            tab.layout().insertWidget(0, banner)
        banner.setText(headline(perf, ui_language()))
        banner.setVisible(perf.alert)


class SwitchEvidence:
    """For the Hub dialog: called on its worker once the new bundle is installed and verified,
    before the switch; compares it with the model in use, saves the report and returns its
    sha256 (the switch's model event records it). `last` is what the dialog then shows."""

    def __init__(self, decision_log: DecisionLog | None, active_model: Any = None) -> None:
        self.log = decision_log
        self.active = active_model
        self.lang = ui_language()  # read on the UI thread: the worker has no locale of its own
        self.last = None

    def __call__(self, folder: Any) -> str | None:
        if self.log is None:
            return None
        from pad_desktop.model.active import active_bundle_path
        from pad_desktop.monitoring.evidence import compare_for_switch

        now = datetime.now(UTC)
        current = active_bundle_path() if self.active is None else self.active.scorer.bundle.path
        self.last = compare_for_switch(self.log, current, folder, now, self.lang)
        return None if self.last is None else self.last.sha256

    def text(self) -> str:
        if self.last is None:
            return ""
        report = text("evidence_report", self.lang, path=self.last.html_path,
                      sha=self.last.sha256)  # fmt: skip
        return f"{self.last.headline}\n{report}"


def install(window: MainWindow, menu: QMenu) -> LoopMenu:
    """The window's hook: the loop's actions at the end of `menu`."""
    loop = getattr(window, "loop_menu", None) or LoopMenu(window)
    loop.add_to(menu)
    window.loop_menu = loop
    return loop
