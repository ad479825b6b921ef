"""The batch tab: open or drop a CSV, check it, decide it on a worker, browse and export.

Scoring goes through the window's decision service: every chunk is recorded before the tab
shows it, and with the decision log closed nothing is scored. Opening another file resets the
previous run (table, histogram, counters, progress, exports), so an export always holds the
results of the file named above it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pad_desktop.gui import jobs
from pad_desktop.gui.batch_child import BatchChild
from pad_desktop.gui.batch_jobs import Preview, preview_csv, run_batch
from pad_desktop.gui.batch_table import BatchResultsModel, RowFilter, TableChunk
from pad_desktop.gui.context import Workstation
from pad_desktop.gui.errors import show_error
from pad_desktop.gui.histogram import ScoreHistogram
from pad_desktop.gui.i18n import num, ui_language
from pad_desktop.gui.labels import NOTE_STYLE, describe, message_label, show_written
from pad_desktop.gui.workers import Task
from pad_desktop.runtime.paths import user_cache_dir
from pad_desktop.service.batch import BatchSummary
from pad_desktop.service.decision_service import DecidedOnCluster, LogClosed
from pad_desktop.texts import text

MUTED = "color: #57606a;"
REDRAW_EVERY_S = 0.25  # the histogram and counters: a few refreshes a second are enough
PREVIEW_KEY = "batch.preview"  # the runner's key: only the newest file's preview is shown


class ChunkRelay(QObject):
    """Carries chunks from the worker to the UI thread (a queued signal per chunk)."""

    sig_chunk = Signal(object)


def _duration(seconds: float) -> str:
    seconds = max(int(seconds), 0)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class BatchTab(QWidget):
    sig_finished = Signal(object)  # BatchSummary
    sig_previewed = Signal(object)  # Preview

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchTab")
        self.setAcceptDrops(True)
        self.ws = ws
        self.preview: Preview | None = None
        self.summary: BatchSummary | None = None
        self.task: Task | None = None
        self._child: BatchChild | None = None  # a batch process started ahead of Score
        self._child_lock = threading.Lock()  # taken on the worker, made on the UI thread
        self._started = self._drawn = 0.0
        self.rows_done = self.scored = self.refused = self.rejected = 0
        self.relay = ChunkRelay(self)
        self.relay.sig_chunk.connect(self._add_chunk)
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open CSV…"))
        self.open_button.clicked.connect(self.choose_file)
        top.addWidget(self.open_button)
        self.file_label = QLabel(self.tr("Open a CSV file of applicants, or drop it here."))
        self.file_label.setObjectName("fileLabel")
        self.file_label.setStyleSheet("font-weight: 600;")
        top.addWidget(self.file_label, 1)
        layout.addLayout(top)
        self.dialect_label = QLabel()
        self.dialect_label.setStyleSheet(MUTED)
        layout.addWidget(self.dialect_label)
        self.preview_model = QStandardItemModel(self)
        self.preview_view = QTableView()
        self.preview_view.setObjectName("previewView")
        self.preview_view.setModel(self.preview_model)
        self.preview_view.setMaximumHeight(150)
        self.preview_view.verticalHeader().hide()
        self.preview_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.preview_view)
        self.validation_label = QLabel()
        self.validation_label.setObjectName("validationLabel")
        self.validation_label.setWordWrap(True)
        layout.addWidget(self.validation_label)

        run = QHBoxLayout()
        self.score_button = QPushButton(self.tr("Score all rows"))
        self.score_button.setObjectName("batchScoreButton")
        self.score_button.setEnabled(False)
        self.score_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.rate_label = QLabel()
        self.rate_label.setObjectName("rateLabel")
        self.rate_label.setMinimumWidth(280)
        run.addWidget(self.score_button)
        run.addWidget(self.cancel_button)
        run.addWidget(self.progress, 1)
        run.addWidget(self.rate_label)
        layout.addLayout(run)

        tools = QHBoxLayout()
        tools.addWidget(QLabel(self.tr("Show:")))
        self.filter_box = QComboBox()
        self.filter_box.setObjectName("filterBox")
        self.filter_box.addItems(
            [self.tr("All rows"), self.tr("Approved"), self.tr("Refused"), self.tr("Errors only")]
        )
        self.filter_box.currentIndexChanged.connect(lambda i: self.model.set_filter(RowFilter(i)))
        tools.addWidget(self.filter_box)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summaryLabel")
        tools.addWidget(self.summary_label, 1)
        for control, description in (
            (self.open_button, self.tr("Choose the CSV file of applicants to score")),
            (self.score_button, self.tr("Score every row of the file and record the decisions")),
            (self.cancel_button, self.tr("Stop after the current chunk; rows scored are kept")),
        ):
            describe(control, control.text(), description)
        describe(self.filter_box, self.tr("Show"), self.tr("Which rows the table shows"))
        self.export_button = QPushButton(self.tr("Export results…"))
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(lambda: self.choose_export(errors=False))
        self.export_errors_button = QPushButton(self.tr("Export errors…"))
        self.export_errors_button.setEnabled(False)
        self.export_errors_button.clicked.connect(lambda: self.choose_export(errors=True))
        tools.addWidget(self.export_button)
        tools.addWidget(self.export_errors_button)
        describe(
            self.export_button,
            self.export_button.text(),
            self.tr("Save the scores in the file's own dialect"),
        )
        describe(
            self.export_errors_button,
            self.export_errors_button.text(),
            self.tr("Save the rows in error with their messages"),
        )
        layout.addLayout(tools)
        self.written = message_label("exportWritten", NOTE_STYLE)
        layout.addWidget(self.written)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.model = BatchResultsModel(self)
        self.table = QTableView()
        self.table.setObjectName("resultsView")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for col, width in enumerate((80, 110, 70, 90)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)
        header.setStretchLastSection(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the file's order first
        self.table.setSortingEnabled(True)
        split.addWidget(self.table)
        self.histogram = ScoreHistogram()
        self.histogram.setMinimumWidth(320)
        split.addWidget(self.histogram)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([820, 460])
        layout.addWidget(split, 1)
        self.set_threshold()

    def set_threshold(self) -> None:
        scorer = self.ws.scorer
        if scorer is not None:
            self.histogram.set_threshold(scorer.threshold)

    # -- the file ---------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open applicants"), "", self.tr("CSV files (*.csv *.txt);;All files (*)")
        )
        if path:
            self.open_file(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile() and self.task is None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.open_file(event.mimeData().urls()[0].toLocalFile())

    def open_file(self, path: str) -> Task | None:
        """Preview `path` on a worker; the previous file's run is cleared at once."""
        scorer = self.ws.scorer
        if scorer is None or self.task is not None:
            return None
        self.reset_results()
        self.preview = None
        self.preview_model.clear()
        self.dialect_label.clear()
        self.file_label.setText(Path(path).name)
        self.validation_label.setStyleSheet("")
        self.validation_label.setText(self.tr("Reading the file…"))
        self.score_button.setEnabled(False)
        return self.ws.runner.start_latest(
            PREVIEW_KEY,
            preview_csv,
            path,
            scorer,
            ui_language(),
            on_result=self._previewed,
            on_error=self._preview_failed,
        )

    def reset_results(self) -> None:
        """Forget the previous run: its table, histogram, counters, progress and exports (its
        temporary results files are deleted, so nothing can export them under a new name)."""
        self._discard_outputs()
        self.summary = None
        self.model.reset()
        self.histogram.reset()
        self.rows_done = self.scored = self.refused = self.rejected = 0
        self.progress.setValue(0)
        self.rate_label.clear()
        self.summary_label.clear()
        self.export_button.setEnabled(False)
        self.export_errors_button.setEnabled(False)

    def _preview_failed(self, exc: Exception) -> None:
        self.preview = None
        self.validation_label.setText("")
        show_error(self, self.tr("The file cannot be used"), exc)

    def _previewed(self, preview: Preview) -> None:
        self.preview = preview
        self.file_label.setText(str(preview.path))
        self.dialect_label.setText(
            self.tr("Read as: {0}").format(preview.dialect.describe(ui_language()))
        )
        self.preview_model.clear()
        self.preview_model.setHorizontalHeaderLabels([str(c) for c in preview.head.columns])
        for values in preview.head.itertuples(index=False):
            self.preview_model.appendRow([QStandardItem(str(v)) for v in values])
        self.preview_view.resizeColumnsToContents()
        if preview.missing:
            self.validation_label.setStyleSheet("color: #cf222e;")
            self.validation_label.setText(preview.missing_text)
        else:
            self.validation_label.setStyleSheet(
                "color: #7d4e00;" if preview.sample_invalid else "color: #116329;"
            )
            text = self.tr(
                "About {0} rows. Checked the first {1}: {2} valid, {3} with errors "
                "(they will be listed, the others scored)."
            ).format(
                num(preview.estimated_rows),
                num(preview.sampled),
                num(preview.sampled - preview.sample_invalid),
                num(preview.sample_invalid),
            )
            if preview.sample_messages:
                text += "\n" + "\n".join(preview.sample_messages[:3])
            self.validation_label.setText(text)
        self.score_button.setEnabled(not preview.missing)
        with self._child_lock:
            if not preview.missing and self._child is None:
                self._child = BatchChild()  # warms up while the operator reads the preview
        self.sig_previewed.emit(preview)

    # -- scoring ----------------------------------------------------------------------------
    def start(self, again: bool = False) -> Task | None:
        """Decide the previewed file; `again`: anew, though this computer already decided it
        (on a cluster: the service refuses it otherwise, and the tab asks)."""
        service = self.ws.service
        if self.preview is None or service is None or self.task is not None:
            return None
        self.reset_results()
        self.histogram.set_threshold(service.scorer.threshold)
        self.model.reserve(int(self.preview.estimated_rows * 1.05))
        self._started = self._drawn = time.perf_counter()
        self.score_button.setEnabled(False)
        self.open_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.summary_label.setText(self.tr("Scoring…"))
        self.task = self.ws.runner.start(
            run_batch,
            service,
            self.preview.path,
            user_cache_dir() / "batch",
            self.relay.sig_chunk.emit,
            ui_language(),
            child=self._take_child,
            again=again,
            on_progress=self._progress,
            on_result=self._finished,
            on_error=self._failed,
            on_finished=self._stopped,
        )

    def _take_child(self) -> BatchChild:
        """The warm batch process (called on the worker), else a new one."""
        with self._child_lock:
            child, self._child = self._child, None
        return child or BatchChild()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.summary_label.setText(self.tr("Stopping after this chunk…"))

    def _add_chunk(self, chunk: TableChunk) -> None:
        self.model.append(chunk)
        self.rows_done += len(chunk)
        self.scored += chunk.scored
        self.refused += chunk.refused
        self.rejected += chunk.rejected
        now = time.perf_counter()
        redraw = now - self._drawn >= REDRAW_EVERY_S
        self.histogram.add(chunk.histogram, redraw=redraw)
        if redraw:
            self._drawn = now
            self._show_counts()

    def _show_counts(self) -> None:
        self.summary_label.setText(
            self.tr("{0} rows: {1} approved, {2} refused, {3} with errors").format(
                num(self.rows_done),
                num(self.scored - self.refused),
                num(self.refused),
                num(self.rejected),
            )
        )

    def _progress(self, fraction: float, _message: str) -> None:
        self.progress.setValue(round(fraction * 100))
        elapsed = time.perf_counter() - self._started
        rate = self.rows_done / elapsed if elapsed > 0 else 0.0
        eta = elapsed * (1 - fraction) / fraction if fraction > 0 else 0.0
        self.rate_label.setText(
            self.tr("{0} rows/s · ETA {1}").format(num(rate, 0), _duration(eta))
        )

    def _finished(self, summary: BatchSummary) -> None:
        self._stopped()
        self.summary = summary
        if not summary.cancelled and not summary.fatal_error:
            self.progress.setValue(100)
        self.histogram.redraw()
        self._show_counts()
        done = self.summary_label.text()
        if summary.cancelled:
            done = self.tr("Stopped — kept {0}").format(done)
        elif summary.fatal_error:
            show_error(self, self.tr("The file could not be read to the end"), summary.fatal_error)
        self.summary_label.setText(done + self.tr(" · {0} s").format(num(summary.seconds, 1)))
        self.rate_label.setText(
            self.tr("{0} rows/s").format(num(summary.rows / max(summary.seconds, 1e-9), 0))
        )
        self.export_button.setEnabled(summary.output is not None and summary.scored > 0)
        self.export_errors_button.setEnabled(
            summary.errors_output is not None and summary.rows_with_errors > 0
        )
        self.sig_finished.emit(summary)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, LogClosed):  # refused before any row was read
            self.summary_label.setText(self.tr("Nothing was scored: the decision log is closed."))
            show_error(self, self.tr("Nothing was scored"), exc)
            return
        if isinstance(exc, DecidedOnCluster):  # refused before any row was read
            self.summary_label.setText(self.tr("Nothing was scored: already decided."))
            self.ask_decide_anew(exc)
            return
        self.summary_label.setText(self.tr("Stopped by an error — rows shown were kept."))
        show_error(self, self.tr("The batch stopped"), exc)

    def ask_decide_anew(self, exc: DecidedOnCluster) -> QMessageBox:
        """Whether to decide anew a file this computer decided on a cluster: the CLI's
        `--again`, asked (window-modal, without blocking the workers)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Already decided"),
            text("cluster.already_on_cluster_window", ui_language(), **exc.values),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("decideAnewDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        anew = box.addButton(self.tr("Decide anew"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        # After the failed task has finished (`_stopped`), so that `start` may run again.
        box.buttonClicked.connect(lambda button: button is anew and self.start(again=True))
        box.open()
        return box

    def _stopped(self) -> None:
        self.task = None
        self.cancel_button.setEnabled(False)
        self.open_button.setEnabled(True)
        self.score_button.setEnabled(self.preview is not None and not self.preview.missing)

    # -- export -----------------------------------------------------------------------------
    def choose_export(self, errors: bool) -> None:
        if self.summary is None or self.preview is None:
            return
        suffix = ".errors.csv" if errors else ".scored.csv"
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export errors") if errors else self.tr("Export results"),
            str(self.preview.path.with_name(self.preview.path.stem + suffix)),
            self.tr("CSV files (*.csv)"),
        )
        if path:
            self.export(path, errors)

    def export(self, path: str, errors: bool = False) -> Task | None:
        """Copy the results (or errors) file written by the batch, in the input's dialect;
        only the run of the file open now can be exported."""
        if self.summary is None or self.preview is None or self.summary.input != self.preview.path:
            return None
        source = self.summary.errors_output if errors else self.summary.output
        if source is None:
            return None
        self.written.hide()
        return self.ws.runner.start(
            jobs.copy_file,
            source,
            path,
            on_result=lambda target: show_written(
                self.written,
                (
                    self.tr("Errors written to {0}")
                    if errors
                    else self.tr("Results written to {0}")
                ).format(target),
                target,
            ),
            on_error=lambda exc: show_error(self, self.tr("The export failed"), exc),
        )

    def _discard_outputs(self) -> None:
        if self.summary is None:
            return
        for path in (self.summary.output, self.summary.errors_output):
            if path is not None:
                with contextlib.suppress(OSError):
                    path.unlink()

    def shutdown(self) -> None:
        if self.task is not None:
            self.task.cancel()
        with self._child_lock:
            child, self._child = self._child, None
        if child is not None:
            child.close()
