"""The drift tab: an Evidently report of the active model over a period, and the weekly trend.

Generate runs `pad_desktop.drift.run_drift` on a worker (Evidently's import and run take
seconds). Evidently cannot be interrupted mid-run, so Cancel abandons the run: the tab is idle
again at once and ignores whatever the worker returns; the worker itself stops at its next
check and writes nothing. The report (~5 MB, over `setHtml`'s 2 MB limit) is loaded into the
web view from its file in the cache; the web view is created on first use, not at start-up.

`sig_drift_alert(text)` carries a sentence for the status bar when the latest report's share of
drifted inputs is at or above the alert threshold, and an empty string when it is below.
"""

from __future__ import annotations

import contextlib
import shutil
import weakref
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import (
    QDateEdit,
    QDoubleSpinBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pad_desktop.drift import (
    DEFAULT_DAYS,
    DEFAULT_THRESHOLD,
    DriftError,
    DriftSummary,
    HistoryRow,
    latest_summary,
    read_history,
    run_drift,
    weekly_trend,
)
from pad_desktop.gui.errors import show_error
from pad_desktop.gui.gauge import APPROVE_BAR, INK, REFUSE_BAR, percent_ticks
from pad_desktop.gui.workers import Task, TaskRunner
from pad_desktop.tasks import Cancelled, TaskState

if TYPE_CHECKING:
    from pad_desktop.active import ActiveModel
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.scoring import Scorer

WEEK_S = 7 * 24 * 3600
DRIFT_STYLE = "color: #cf222e; font-weight: 600;"
CALM_STYLE = "color: #1a7f37; font-weight: 600;"


def load_saved(model_id: str, *, state: TaskState) -> tuple[list[HistoryRow], DriftSummary | None]:
    """The model's drift history and newest cached report (file reads: a worker's job)."""
    return read_history(model_id), latest_summary(model_id)


def copy_report(source: Path, target: str, *, state: TaskState) -> str:
    shutil.copyfile(source, target)
    return target


class DriftChart(pg.PlotWidget):
    """Share of drifted inputs per week (bars, red at or above the threshold) and the threshold."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w", axisItems={"bottom": pg.DateAxisItem()})
        self.setObjectName("driftChart")
        self.setMenuEnabled(False)
        self.setMouseEnabled(x=False, y=False)
        self.hideButtons()
        item = self.getPlotItem()
        item.setTitle(self.tr("Share of drifted inputs, per week"), color=INK, size="10pt")
        for side in ("left", "bottom"):
            item.getAxis(side).setPen(INK)
            item.getAxis(side).setTextPen(INK)
        item.getAxis("left").setTicks(percent_ticks(0.25))
        self.bars = pg.BarGraphItem(x0=[], width=[], height=[], brush=APPROVE_BAR)
        self.addItem(self.bars)
        self.points = pg.ScatterPlotItem(size=7, pen=pg.mkPen(INK))  # shows a week at 0 % too
        self.addItem(self.points)
        self.line = pg.InfiniteLine(
            pos=DEFAULT_THRESHOLD,
            angle=0,
            pen=pg.mkPen(REFUSE_BAR, width=2, style=Qt.PenStyle.DashLine),
        )
        self.addItem(self.line)
        self.setYRange(0, 1.02, padding=0)
        self.weeks: list[tuple[float, float]] = []  # (Monday as a timestamp, share)
        self.threshold = DEFAULT_THRESHOLD

    def set_data(self, rows: list[HistoryRow], threshold: float) -> None:
        self.weeks = [
            (datetime.combine(week, time.min, UTC).timestamp(), share)
            for week, share in weekly_trend(rows)
        ]
        self.set_threshold(threshold)

    def set_threshold(self, threshold: float) -> None:
        self.threshold = threshold
        self.line.setValue(threshold)
        starts = [w for w, _ in self.weeks]
        shares = [s for _, s in self.weeks]
        brushes = [REFUSE_BAR if s >= threshold else APPROVE_BAR for s in shares]
        self.bars.setOpts(
            x0=[w + WEEK_S * 0.1 for w in starts],
            width=WEEK_S * 0.8,
            height=shares,
            brushes=brushes,
        )
        self.points.setData(x=[w + WEEK_S / 2 for w in starts], y=shares, brush=brushes, symbol="o")
        if starts:
            self.setXRange(min(starts) - WEEK_S, max(starts) + 2 * WEEK_S, padding=0)
        else:
            now = datetime.now(UTC).timestamp()
            self.setXRange(now - 8 * WEEK_S, now + WEEK_S, padding=0)


class DriftTab(QWidget):
    sig_drift_alert = Signal(str)
    _sig_model_swapped = Signal()  # from whichever thread swapped the model -> the UI thread

    def __init__(
        self,
        active_model: ActiveModel | None,
        decision_log: DecisionLog | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("driftTab")
        self.active_model = active_model
        self.decision_log = decision_log
        self.runner = TaskRunner(self, max_threads=2)  # an abandoned run may still be finishing
        self.task: Task | None = None
        self._run = 0  # which Generate the tab waits for; older runs are abandoned
        self.summary: DriftSummary | None = None
        self.history: list[HistoryRow] = []
        self.view: QWebEngineView | None = None
        self._build()
        self._sig_model_swapped.connect(self._model_swapped)
        self._follow(active_model)
        self.reload_saved()

    # -- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-DEFAULT_DAYS))
        self.until = QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.threshold = QDoubleSpinBox()
        self.threshold.setObjectName("driftThreshold")
        self.threshold.setRange(5, 100)
        self.threshold.setSingleStep(5)
        self.threshold.setDecimals(0)
        self.threshold.setSuffix(" %")
        self.threshold.setValue(DEFAULT_THRESHOLD * 100)
        self.threshold.setToolTip(
            self.tr("Alert when at least this share of the model's inputs has drifted.")
        )
        self.threshold.valueChanged.connect(self._threshold_changed)
        self.generate_button = QPushButton(self.tr("Generate"))
        self.generate_button.setObjectName("driftGenerate")
        self.generate_button.clicked.connect(self.generate)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("driftCancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # Evidently reports no progress: an indeterminate bar
        self.busy.setMaximumWidth(140)
        self.step = QLabel()
        self.step.setObjectName("driftStep")
        self.export_button = QPushButton(self.tr("Export HTML…"))
        self.export_button.setObjectName("driftExport")
        self.export_button.clicked.connect(self.choose_export)
        for label, widget in (
            (self.tr("From"), self.since),
            (self.tr("to"), self.until),
            (self.tr("Alert at"), self.threshold),
        ):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        for widget in (self.generate_button, self.cancel_button, self.busy, self.step):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)

        self.headline = QLabel()
        self.headline.setObjectName("driftHeadline")
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)

        split = QSplitter(Qt.Orientation.Vertical)
        self.stack = QStackedWidget()
        self.placeholder = QLabel(
            self.tr(
                "No drift report yet for this model. Choose a period and press Generate to "
                "compare its logged decisions with its training data."
            )
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.stack.addWidget(self.placeholder)
        split.addWidget(self.stack)
        self.chart = DriftChart()
        self.chart.setMinimumHeight(140)
        self.chart.setMaximumHeight(260)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setSizes([640, 200])
        layout.addWidget(split, 1)
        self._set_running(False)

    def _set_running(self, running: bool) -> None:
        self.generate_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
        self.busy.setVisible(running)
        self.step.setVisible(running)
        self.export_button.setEnabled(not running and self.summary is not None)

    # -- the objects the window may replace -------------------------------------------------
    def set_decision_log(self, decision_log: DecisionLog | None) -> None:
        self.decision_log = decision_log

    def set_active_model(self, active_model: ActiveModel | None) -> None:
        self.active_model = active_model
        self._follow(active_model)
        self._model_swapped()

    def _follow(self, active_model: ActiveModel | None) -> None:
        """Hear of the model's swaps (made on any thread) without keeping this tab alive."""
        if active_model is None:
            return
        me = weakref.ref(self)

        def swapped(_scorer: Scorer) -> None:
            tab = me()
            if tab is not None and tab.active_model is active_model:
                with contextlib.suppress(RuntimeError):  # its C++ side is gone
                    tab._sig_model_swapped.emit()

        active_model.subscribe(swapped)

    def _model_swapped(self) -> None:
        self.cancel()  # a report of the previous model is of no use any more
        self.reload_saved()

    @property
    def alert_threshold(self) -> float:
        return self.threshold.value() / 100.0

    def period(self) -> tuple[datetime, datetime]:
        """The chosen days in local time, as a UTC interval [first day 00:00, day after last)."""

        def utc(day: QDate) -> datetime:
            return datetime.combine(day.toPython(), time.min).astimezone().astimezone(UTC)

        return utc(self.since.date()), utc(self.until.date()) + timedelta(days=1)

    # -- generating -------------------------------------------------------------------------
    def generate(self) -> Task | None:
        if self.active_model is None or self.decision_log is None:
            show_error(
                self,
                self.tr("No drift report"),
                self.tr("The model or the decision log is not available."),
            )
            return None
        since, until = self.period()
        self._set_running(True)
        self.step.setText(self.tr("Starting…"))
        # The callbacks are connected before the worker starts (a fast failure would otherwise
        # be emitted to nobody) and know their run by number: a cancelled run is a stale one.
        self._run += 1
        run = self._run
        self.task = self.runner.start(
            run_drift,
            self.active_model.scorer.bundle,
            self.decision_log,
            since,
            until,
            threshold=self.alert_threshold,
            on_progress=lambda _f, message: self._progress(run, message),
            on_result=lambda summary: self._finished(run, summary),
            on_error=lambda exc: self._failed(run, exc),
        )
        return self.task

    def cancel(self) -> None:
        """Abandon the run now; the worker stops at its next check and writes nothing."""
        if self.task is not None:
            self.task.cancel()
            self.task = None
        self._run += 1
        self._set_running(False)

    def _progress(self, run: int, message: str) -> None:
        if run == self._run:
            self.step.setText(message)

    def _finished(self, run: int, summary: DriftSummary) -> None:
        if run != self._run:  # abandoned
            return
        self.task = None
        self._set_running(False)
        self.history.append(HistoryRow.of(summary))
        self._show(summary)
        self.chart.set_data(self.history, self.alert_threshold)

    def _failed(self, run: int, exc: Exception) -> None:
        if run != self._run or isinstance(exc, Cancelled):
            return
        self.task = None
        self._set_running(False)
        title = self.tr("No drift report")
        show_error(self, title, str(exc) if isinstance(exc, DriftError) else exc)

    # -- showing ----------------------------------------------------------------------------
    def reload_saved(self) -> None:
        """Show the active model's saved trend and newest report (read on a worker)."""
        if self.active_model is None:
            return
        model_id = self.active_model.scorer.bundle.id
        self.runner.start(
            load_saved, model_id, on_result=lambda saved: self._saved(model_id, saved)
        )

    def _saved(self, model_id: str, saved: tuple[list[HistoryRow], DriftSummary | None]) -> None:
        if self.active_model is None or self.active_model.scorer.bundle.id != model_id:
            return  # the model changed meanwhile; its own reload follows
        self.history, latest = saved
        self.chart.set_data(self.history, self.alert_threshold)
        if latest is not None and self.task is None:
            self._show(latest)
        elif latest is None:
            self.summary = None
            self.stack.setCurrentWidget(self.placeholder)
            self.headline.clear()
            self._set_running(self.task is not None)
            self.sig_drift_alert.emit("")

    def _web_view(self) -> QWebEngineView:
        if self.view is None:  # Chromium starts here, the first time a report is shown
            self.view = QWebEngineView()
            self.view.setObjectName("driftReport")
            self.view.setZoomFactor(0.9)  # Evidently's tables are wide
            self.stack.addWidget(self.view)
        return self.view

    def _show(self, summary: DriftSummary) -> None:
        self.summary = summary
        view = self._web_view()
        view.setUrl(QUrl.fromLocalFile(str(summary.html_path)))  # never setHtml: 2 MB limit
        self.stack.setCurrentWidget(view)
        self._set_running(self.task is not None)
        self._announce()

    def _threshold_changed(self) -> None:
        self.chart.set_threshold(self.alert_threshold)
        self._announce()

    def _announce(self) -> None:
        """The headline and the status-bar alert: the latest report against the threshold now."""
        summary = self.summary
        if summary is None:
            return
        drifted = summary.drift_share >= self.alert_threshold
        text = self.tr(
            "{0} of {1} inputs drifted ({2}) in {3} decisions from {4} to {5}; alert at {6}."
        ).format(
            summary.n_drifted,
            summary.n_columns,
            f"{summary.drift_share:.0%}",
            f"{summary.n_rows:,}",
            summary.since.astimezone().strftime("%Y-%m-%d"),
            (summary.until - timedelta(seconds=1)).astimezone().strftime("%Y-%m-%d"),
            f"{self.alert_threshold:.0%}",
        )
        if summary.drifted_columns:
            text += " " + self.tr("Drifted: {0}.").format(", ".join(summary.drifted_columns[:6]))
        self.headline.setText(text)
        self.headline.setStyleSheet(DRIFT_STYLE if drifted else CALM_STYLE)
        if drifted:
            self.sig_drift_alert.emit(
                self.tr(
                    "Data drift: {0} of the model's inputs differ from its training data."
                ).format(f"{summary.drift_share:.0%}")
            )
        else:
            self.sig_drift_alert.emit("")

    # -- export and shutdown ----------------------------------------------------------------
    def choose_export(self) -> None:
        if self.summary is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the drift report"), "data_drift_report.html",
            self.tr("HTML files (*.html)"),
        )  # fmt: skip
        if path:
            self.export(path)

    def export(self, path: str) -> Task | None:
        """Copy the shown report's HTML to `path` (on a worker)."""
        if self.summary is None or self.summary.html_path is None:
            return None
        return self.runner.start(
            copy_report,
            self.summary.html_path,
            path,
            on_error=lambda exc: show_error(self, self.tr("The export failed"), exc),
        )

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Abandon any run and wait for the workers (a run inside Evidently ends by itself)."""
        self.task = None
        self._run += 1
        return self.runner.shutdown(timeout_ms)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        if self.view is not None:  # its page must go before WebEngine's profile does at exit
            self.stack.removeWidget(self.view)
            shiboken6.delete(self.view)
            self.view = None
        super().closeEvent(event)
