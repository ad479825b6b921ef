"""The drift tab: an Evidently report of the active model over a period, and the weekly trend.

The officer or IT picks the period, the decision sources (form, batch and API by default;
simulated traffic only when ticked) and the alert threshold; the threshold and the sources are
kept in QSettings ("drift/threshold", "drift/sources") for the next start. Generate runs
`pad_desktop.drift.run_drift` on a worker (Evidently's import and run take seconds).
Evidently cannot be interrupted mid-run, so Cancel abandons the run: the tab is idle again at
once and ignores whatever the worker returns; the worker itself stops at its next check and
writes nothing. The report (~5 MB, over `setHtml`'s 2 MB limit) is loaded into the
web view from its file in the cache; the web view is created on first use, not at start-up,
and zooms out below 1400 px of width so that Evidently's tables fit (readable at 1024 px).

`sig_drift_alert(text)` carries a sentence for the status bar when the latest report's share of
drifted inputs is at or above the alert threshold, and an empty string when it is below.
"""

from __future__ import annotations

import contextlib
import shutil
import weakref
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QDate, Qt, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import (
    QCheckBox,
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

from pad_desktop.decisions.records import Source
from pad_desktop.drift import (
    DEFAULT_DAYS,
    DEFAULT_SOURCES,
    DEFAULT_THRESHOLD,
    DriftSummary,
    latest_summary,
    name_some,
    run_drift,
)
from pad_desktop.drift.texts import source_names
from pad_desktop.gui.drift_chart import DriftChart, utc_now
from pad_desktop.gui.errors import show_error
from pad_desktop.gui.i18n import date_format, num, pct, ui_language
from pad_desktop.gui.labels import describe
from pad_desktop.gui.preferences import app_settings
from pad_desktop.gui.workers import Task, TaskRunner
from pad_desktop.runtime.tasks import Cancelled, TaskState
from pad_desktop.texts.locale_text import format_date

if TYPE_CHECKING:
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.model.scoring import Scorer

DRIFT_STYLE = "color: #cf222e; font-weight: 600;"
CALM_STYLE = "color: #116329; font-weight: 600;"
DRIFT_KEY = "drift.run"  # the runner's key: only the newest Generate is shown
THRESHOLD_KEY = "drift/threshold"
SOURCES_KEY = "drift/sources"
FULL_WIDTH_PX = 1400  # Evidently's report needs this width; narrower views zoom out
MIN_ZOOM = 0.65


def load_saved(model_id: str, *, state: TaskState) -> DriftSummary | None:
    """The model's newest cached report (file reads: a worker's job)."""
    return latest_summary(model_id)


def copy_report(source: Path, target: str, *, state: TaskState) -> str:
    shutil.copyfile(source, target)
    return target


def saved_threshold() -> float:
    """The alert threshold kept in QSettings, or the default if none or a damaged one is."""
    try:
        value = float(app_settings().value(THRESHOLD_KEY, DEFAULT_THRESHOLD))
    except (TypeError, ValueError):
        return DEFAULT_THRESHOLD
    return value if 0.05 <= value <= 1.0 else DEFAULT_THRESHOLD


def saved_sources() -> tuple[Source, ...]:
    """The sources kept in QSettings (known names only), or the default ones."""
    text = str(app_settings().value(SOURCES_KEY, "") or "")
    known = {str(s) for s in Source}
    chosen = tuple(Source(n) for n in text.split(",") if n in known)
    return chosen or DEFAULT_SOURCES


class ReportPage(QWebEnginePage):
    """A page that stays on local reports: a link out of the report (Evidently's own, or one a
    report should never hold) does not navigate the tab to the web."""

    def acceptNavigationRequest(
        self, url: QUrl | str, kind: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        return QUrl(url).isLocalFile()


# What a report needs (its own scripts) and nothing more: no plugins, windows, clipboard,
# network from a local file, other local files, or focus stolen by a script.
REPORT_SETTINGS = {
    QWebEngineSettings.WebAttribute.JavascriptEnabled: True,
    QWebEngineSettings.WebAttribute.PluginsEnabled: False,
    QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows: False,
    QWebEngineSettings.WebAttribute.JavascriptCanAccessClipboard: False,
    QWebEngineSettings.WebAttribute.JavascriptCanPaste: False,
    QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls: False,
    QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls: False,
    QWebEngineSettings.WebAttribute.AllowRunningInsecureContent: False,
    QWebEngineSettings.WebAttribute.AllowWindowActivationFromJavaScript: False,
    QWebEngineSettings.WebAttribute.NavigateOnDropEnabled: False,
    QWebEngineSettings.WebAttribute.PdfViewerEnabled: False,
}


def report_view(parent: QWidget | None = None) -> QWebEngineView:
    """A web view for drift reports: `ReportPage` with `REPORT_SETTINGS`. The reports carry
    their own Content-Security-Policy (`pad_desktop.drift.safe_html`) besides."""
    view = QWebEngineView(parent)
    view.setPage(ReportPage(view))
    settings = view.page().settings()
    for attribute, on in REPORT_SETTINGS.items():
        settings.setAttribute(attribute, on)
    return view


def report_zoom(width_px: int) -> float:
    """Zoom of the report page for a view `width_px` wide: 1 from 1400 px, down to 0.65."""
    return max(MIN_ZOOM, min(1.0, width_px / FULL_WIDTH_PX))


class DriftTab(QWidget):
    sig_drift_alert = Signal(str)
    _sig_model_swapped = Signal()  # from whichever thread swapped the model -> the UI thread

    def __init__(
        self,
        active_model: ActiveModel | None,
        decision_log: DecisionLog | None,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("driftTab")
        self.clock = clock or utc_now  # "now" for the default period, the report and the chart
        self.active_model = active_model
        self.decision_log = decision_log
        # The window's runner when given; else its own (an abandoned run may still be finishing).
        self._own_runner = runner is None
        self.runner = runner if runner is not None else TaskRunner(self, max_threads=2)
        self.task: Task | None = None  # the run the tab waits for; older runs are abandoned
        self.summary: DriftSummary | None = None
        self.view: QWebEngineView | None = None
        self._build()
        self._sig_model_swapped.connect(self._model_swapped)
        self._follow(active_model)
        self.reload_saved()

    # -- layout -----------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        today = QDate(self.clock().astimezone().date())  # the officer's day
        self.since = QDateEdit(today.addDays(-DEFAULT_DAYS))
        self.until = QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(date_format())
        self.threshold = QDoubleSpinBox()
        self.threshold.setObjectName("driftThreshold")
        self.threshold.setRange(5, 100)
        self.threshold.setSingleStep(5)
        self.threshold.setDecimals(0)
        self.threshold.setSuffix(" %")
        self.threshold.setValue(round(saved_threshold() * 100))
        self.threshold.setToolTip(
            self.tr("Alert when at least this share of the model's inputs has drifted.")
        )
        self.threshold.valueChanged.connect(self._threshold_changed)
        chosen = saved_sources()
        self.source_boxes: dict[Source, QCheckBox] = {}
        for source, text in (
            (Source.FORM, self.tr("Form")),
            (Source.BATCH, self.tr("Batch")),
            (Source.API, self.tr("API")),
            (Source.SIMULATION, self.tr("Simulation")),
        ):
            box = QCheckBox(text)
            box.setObjectName(f"driftSource_{source}")
            box.setChecked(source in chosen)
            box.toggled.connect(self._sources_changed)
            self.source_boxes[source] = box
        self.source_boxes[Source.SIMULATION].setToolTip(
            self.tr("Simulated traffic is left out of drift unless this is ticked.")
        )
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
        for control, name, description in (
            (self.since, self.tr("From"), self.tr("First day of the decisions compared")),
            (self.until, self.tr("to"), self.tr("Last day of the decisions compared")),
            (self.threshold, self.tr("Alert at"), self.tr("Share of drifted inputs that alerts")),
            (
                self.generate_button,
                self.generate_button.text(),
                self.tr("Compare the logged decisions with the training data"),
            ),
            (self.cancel_button, self.cancel_button.text(), self.tr("Stop the report")),
            (
                self.export_button,
                self.export_button.text(),
                self.tr("Save the report as an HTML file"),
            ),
        ):
            describe(control, name, description)
        for box in self.source_boxes.values():
            describe(box, box.text(), box.toolTip() or self.tr("Include these decisions"))
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
        sources = QHBoxLayout()
        sources.addWidget(QLabel(self.tr("Decisions from")))
        for box in self.source_boxes.values():
            sources.addWidget(box)
        sources.addStretch(1)
        layout.addLayout(sources)

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
        self.chart = DriftChart(clock=self.clock)
        self.chart.setMinimumHeight(200)
        self.chart.setMaximumHeight(320)
        split.addWidget(self.chart)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setSizes([600, 260])
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

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple(s for s, box in self.source_boxes.items() if box.isChecked())

    def _sources_changed(self) -> None:
        app_settings().setValue(SOURCES_KEY, ",".join(str(s) for s in self.sources))

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
        # Only the newest run's answer is delivered: a cancelled or abandoned run is a stale one.
        self.task = self.runner.start_latest(
            DRIFT_KEY,
            run_drift,
            self.active_model.scorer.bundle,
            self.decision_log,
            since,
            until,
            threshold=self.alert_threshold,
            sources=self.sources,
            now=self.clock(),
            lang=ui_language(),
            on_progress=lambda _f, message: self.step.setText(message),
            on_result=self._finished,
            on_error=self._failed,
        )
        return self.task

    def cancel(self) -> None:
        """Abandon the run now; the worker stops at its next check and writes nothing."""
        self.runner.forget(DRIFT_KEY)
        self.task = None
        self._set_running(False)

    def _finished(self, summary: DriftSummary) -> None:
        self.task = None
        self._set_running(False)
        self._show(summary)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, Cancelled):
            return
        self.task = None
        self._set_running(False)
        title = self.tr("No drift report")
        show_error(self, title, exc)

    # -- showing ----------------------------------------------------------------------------
    def reload_saved(self) -> None:
        """Show the active model's saved trend and newest report (read on a worker)."""
        if self.active_model is None:
            return
        model_id = self.active_model.scorer.bundle.id
        self.runner.start(
            load_saved, model_id, on_result=lambda saved: self._saved(model_id, saved)
        )

    def _saved(self, model_id: str, latest: DriftSummary | None) -> None:
        if self.active_model is None or self.active_model.scorer.bundle.id != model_id:
            return  # the model changed meanwhile; its own reload follows
        if latest is not None and self.task is None:
            self._show(latest)
        elif latest is None:
            self.summary = None
            self.chart.set_summary(None)
            self.stack.setCurrentWidget(self.placeholder)
            self.headline.clear()
            self.headline.setToolTip("")
            self._set_running(self.task is not None)
            self.sig_drift_alert.emit("")

    def _web_view(self) -> QWebEngineView:
        if self.view is None:  # Chromium starts here, the first time a report is shown
            self.view = report_view()
            self.view.setObjectName("driftReport")
            self.stack.addWidget(self.view)
            self._fit_report()
        return self.view

    def _fit_report(self, *_args: object) -> None:
        if self.view is not None:
            self.view.setZoomFactor(report_zoom(self.stack.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_report()

    def _show(self, summary: DriftSummary) -> None:
        self.summary = summary
        view = self._web_view()
        view.setUrl(QUrl.fromLocalFile(str(summary.html_path)))  # never setHtml: 2 MB limit
        self.stack.setCurrentWidget(view)
        self.chart.set_summary(summary)
        self._set_running(self.task is not None)
        self._announce()

    def _threshold_changed(self) -> None:
        app_settings().setValue(THRESHOLD_KEY, self.alert_threshold)
        self._announce()

    def label_of(self, column: str, fallback: str) -> str:
        """An input's label for people in the window's language (the active model's label)."""
        if self.active_model is not None:
            signature = self.active_model.scorer.signature
            if column in signature.names:
                return signature[column].label_in(ui_language())
        return fallback

    def _announce(self) -> None:
        """The headline and the status-bar alert: the latest report against the threshold now."""
        summary = self.summary
        if summary is None:
            return
        drifted = summary.drift_share >= self.alert_threshold
        text = self.tr(
            "{0} of {1} inputs drifted ({2}) in {3} decisions ({4}) from {5} to {6}; alert at {7}."
        ).format(
            summary.n_drifted,
            summary.n_columns,
            pct(summary.drift_share, 0),
            num(summary.n_rows),
            source_names(summary.sources, ui_language()),
            format_date(summary.since.astimezone(), ui_language()),
            format_date((summary.until - timedelta(seconds=1)).astimezone(), ui_language()),
            pct(self.alert_threshold, 0),
        )
        if summary.score_psi is not None:
            text += " " + self.tr("Score PSI {0} ({1}).").format(
                num(summary.score_psi, 2), self._band_text(summary.score_psi_band)
            )
        if summary.refusal_rate is not None:
            text += " " + self.tr("Refused: {0}.").format(pct(summary.refusal_rate, 0))
        lang = ui_language()
        labels = [self.label_of(f.column, f.name_in(lang)) for f in summary.features if f.drifted]
        named, more = name_some(labels)
        if named:
            listed = ", ".join(named)
            if more:
                listed = self.tr("{0} and {1} more").format(listed, more)
            text += " " + self.tr("Drifted: {0}.").format(listed)
        self.headline.setToolTip("\n".join(labels))
        self.headline.setText(text)
        self.headline.setStyleSheet(DRIFT_STYLE if drifted else CALM_STYLE)
        if drifted:
            self.sig_drift_alert.emit(
                self.tr(
                    "Data drift: {0} of the model's inputs differ from its training data."
                ).format(pct(summary.drift_share, 0))
            )
        else:
            self.sig_drift_alert.emit("")

    def _band_text(self, band: str | None) -> str:
        return {
            "stable": self.tr("stable"),
            "moderate": self.tr("moderate"),
            "significant": self.tr("significant"),
        }.get(band or "", band or "")

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
        self.runner.forget(DRIFT_KEY)
        # The window's runner is the window's to stop; a run inside Evidently ends by itself.
        return self.runner.shutdown(timeout_ms) if self._own_runner else True

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        if self.view is not None:  # its page must go before WebEngine's profile does at exit
            self.stack.removeWidget(self.view)
            shiboken6.delete(self.view)
            self.view = None
        super().closeEvent(event)
