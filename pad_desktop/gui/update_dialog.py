"""Model > Update from Hub… and Model > Roll back: the dialogs over `pad_desktop.hub`.

The check, the download and the rollback run on a worker (`TaskRunner`); the UI thread only
shows what they report. Whatever fails, the model in use keeps serving and the dialog says what
went wrong in one sentence, the technical part behind "Details".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from pad_desktop.gui.i18n import num, ui_language
from pad_desktop.gui.workers import Task, TaskRunner
from pad_desktop.hub import (
    Candidate,
    HubError,
    HubNotConfigured,
    ModelStore,
    SignatureChanged,
    UpdateResult,
    check_for_update,
    hub_config,
    install_candidate,
)
from pad_desktop.hub import (
    roll_back as hub_roll_back,
)
from pad_desktop.hub.texts import metric_label
from pad_desktop.model.active import ActiveModel, store_dir
from pad_desktop.runtime.secrets import redact_urls
from pad_desktop.runtime.settings import get_settings
from pad_desktop.runtime.tasks import Cancelled

translate = QCoreApplication.translate
ERROR_STYLE = "color: #cf222e;"
# The comparison's row keys, shown in the officer's language (metrics: `hub.metric_<key>`).
ROW_LABELS = {
    "Model": QT_TRANSLATE_NOOP("UpdateDialog", "Model"),
    "Commit": QT_TRANSLATE_NOOP("UpdateDialog", "Commit"),
    "Date": QT_TRANSLATE_NOOP("UpdateDialog", "Date"),
    "Threshold": QT_TRANSLATE_NOOP("UpdateDialog", "Threshold"),
    "Download": QT_TRANSLATE_NOOP("UpdateDialog", "Download"),
}
OK_STYLE = "color: #116329;"


class StatusLine(QWidget):
    """One sentence for the officer, with the technical details behind a toggle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The label gets its own row: a word-wrapped label beside a button gets one line only.
        self.label = QLabel()
        self.label.setObjectName("statusLabel")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label)
        self.toggle = QToolButton()
        self.toggle.setText(self.tr("Details"))
        self.toggle.setCheckable(True)
        self.toggle.hide()
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignRight)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(90)
        self.details.hide()
        self.toggle.toggled.connect(self.details.setVisible)
        layout.addWidget(self.details)

    def show_text(self, text: str, style: str = "", details: str = "") -> None:
        self.label.setText(text)
        self.label.setStyleSheet(style)
        self.details.setPlainText(details)
        self.toggle.setVisible(bool(details))
        if not details:
            self.toggle.setChecked(False)

    def show_error(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.show_text(self.tr("Cancelled: the current model is still in use."))
            return
        if isinstance(exc, HubNotConfigured):  # the core's sentence is for the CLI (--repo)
            text = self.tr(
                "No model repository is configured: enter one above, or set it once in "
                "File > Preferences (Model updates)."
            )
            self.show_text(text, ERROR_STYLE)
            return
        if isinstance(exc, HubError):
            text = exc.one_line(ui_language())  # the core's sentence, in the window's words
        else:  # unexpected: never a traceback, the class and message go to Details
            text = self.tr("The update failed; the current model is still in use.")
        details = f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}"
        self.show_text(text, ERROR_STYLE, details)


class UpdateDialog(QDialog):
    """Current model vs the Hub's candidate; Download verifies, installs and switches."""

    sig_installed = Signal(object)  # UpdateResult

    def __init__(
        self, active_model: ActiveModel, decision_log: Any = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("updateDialog")
        self.setWindowTitle(self.tr("Update the model from the Hub"))
        self.resize(760, 620)
        self.active_model = active_model
        self.decision_log = decision_log
        self.runner = TaskRunner(self, max_threads=1)
        self.task: Task | None = None
        self.candidate: Candidate | None = None
        self.result: UpdateResult | None = None
        self._build()
        self.finished.connect(lambda _code: self.runner.shutdown())
        self.check()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        settings = get_settings()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.repo_edit = QLineEdit(settings.hf_repo_id or "")
        self.repo_edit.setPlaceholderText("organisation/model")
        self.revision_edit = QLineEdit(settings.hf_revision or "main")
        self.revision_edit.setToolTip(self.tr("A branch, a tag or a commit sha (to pin one)."))
        check_row = QHBoxLayout()
        check_row.addWidget(self.revision_edit, 1)
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.clicked.connect(self.check)
        check_row.addWidget(self.check_button)
        form.addRow(self.tr("Repository"), self.repo_edit)
        form.addRow(self.tr("Revision"), check_row)
        form.addRow(self.tr("Hub"), QLabel(redact_urls(settings.hf_endpoint)))
        layout.addLayout(form)

        self.table = QTableWidget(0, 3)
        self.table.setObjectName("comparisonTable")
        self.table.setHorizontalHeaderLabels(["", self.tr("In use"), self.tr("Candidate")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)

        self.summary = QLabel()
        self.summary.setObjectName("cardSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.differences = QLabel()
        self.differences.setObjectName("signatureDifferences")
        self.differences.setWordWrap(True)
        layout.addWidget(self.differences)
        self.accept_box = QCheckBox(
            self.tr("I accept these input changes (forms and CSV files must follow them).")
        )
        self.accept_box.setObjectName("acceptDifference")
        self.accept_box.hide()
        self.accept_box.toggled.connect(self._update_buttons)
        layout.addWidget(self.accept_box)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.status = StatusLine()
        layout.addWidget(self.status)

        buttons = QDialogButtonBox()
        self.download_button = buttons.addButton(
            self.tr("Download and install"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.download_button.setObjectName("downloadButton")
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.download_button.clicked.connect(self.download)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self._fill_table(None)
        self._update_buttons()

    def _fill_table(self, candidate: Candidate | None) -> None:
        rows = _current_rows(self.active_model)
        if candidate is not None:
            theirs = dict(_candidate_rows(candidate))
            for label in theirs:
                if label not in rows:
                    rows[label] = ""
        else:
            theirs = {}
        self.table.setRowCount(len(rows))
        for i, (label, mine) in enumerate(rows.items()):
            shown = ROW_LABELS.get(label)
            shown = (
                translate("UpdateDialog", shown) if shown else metric_label(label, ui_language())
            )
            for j, text in enumerate((shown, mine, theirs.get(label, ""))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, j, item)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(1, 260)

    # -- actions -----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.task is not None

    def check(self) -> None:
        if self.busy:
            return
        try:
            config = hub_config(
                repo_id=self.repo_edit.text().strip() or None,
                revision=self.revision_edit.text().strip() or None,
            )
        except HubError as exc:
            self.status.show_error(exc)
            return
        self.candidate = None
        self.accept_box.hide()
        self.accept_box.setChecked(False)
        self.summary.clear()
        self.differences.clear()
        self.status.show_text(self.tr("Checking {0}…").format(config.describe(ui_language())))
        self._start(check_for_update, config, self.active_model, on_result=self._show_candidate)

    def _show_candidate(self, candidate: Candidate) -> None:
        self.candidate = candidate
        self._fill_table(candidate)
        self.summary.setText(candidate.card_summary)
        self._show_differences(candidate)
        installed = _installed_name(candidate)
        if installed == "active":
            self.status.show_text(self.tr("This commit is the model in use: up to date."), OK_STYLE)
        else:
            self.status.show_text(
                self.tr("A candidate is available: {0} ({1}).").format(
                    f"{candidate.name} {candidate.version}".strip(), candidate.short_commit
                )
            )

    def _show_differences(self, candidate: Candidate) -> None:
        diff = candidate.diff
        if diff is None:
            self.differences.setText(self.tr("Inputs are compared after the download."))
            return
        lines = diff.lines(ui_language()) or [diff.summary(ui_language())]
        self.differences.setText("\n".join(f"• {line}" for line in lines))
        self.accept_box.setVisible(diff.needs_acceptance)

    def download(self) -> None:
        if self.busy or self.candidate is None:
            return
        from pad_desktop.gui.loop_menu import SwitchEvidence  # the model loop's comparison

        self.progress.setValue(0)
        self.status.show_text(self.tr("Downloading…"))
        self.evidence = SwitchEvidence(self.decision_log, self.active_model)
        self._start(
            install_candidate,
            self.candidate,
            accept_difference=self.accept_box.isChecked(),
            active_model=self.active_model,
            log=self.decision_log,
            evidence_of=self.evidence,
            on_result=self._installed,
        )

    def _installed(self, result: UpdateResult) -> None:
        self.result = result
        self.progress.setValue(self.progress.maximum())
        compared = getattr(self, "evidence", None)
        lines = [result.headline(ui_language()), *result.warnings]
        text = "\n".join([*lines, compared.text()] if compared and compared.text() else lines)
        checked = result.checked.text(ui_language())
        self.status.show_text(text, OK_STYLE, self.tr("Checked: {0}.").format(checked))
        self._fill_table(self.candidate)
        self.sig_installed.emit(result)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
        else:
            self.reject()

    # -- worker plumbing ---------------------------------------------------------------------
    def _start(self, fn: Any, *args: Any, on_result: Any, **kwargs: Any) -> None:
        self.task = self.runner.start(
            fn,
            *args,
            on_result=on_result,
            on_error=self._failed,
            on_progress=self._progress,
            on_finished=self._finished,
            **kwargs,
        )
        self._update_buttons()

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * self.progress.maximum()))
        if message:
            self.status.show_text(message)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, SignatureChanged) and self.candidate is not None:
            lines = exc.diff.lines(ui_language())
            self.differences.setText("\n".join(f"• {line}" for line in lines))
            self.accept_box.show()
        self.progress.setValue(0)
        self.status.show_error(exc)

    def _finished(self) -> None:
        self.task = None
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        busy = self.busy
        needs_accept = self.accept_box.isVisible() and not self.accept_box.isChecked()
        can_download = (
            self.candidate is not None and self.result is None and not needs_accept and not busy
        )
        self.download_button.setEnabled(can_download)
        self.check_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.close_button.setEnabled(not busy)


def _current_rows(active_model: ActiveModel) -> dict[str, str]:
    bundle = active_model.scorer.bundle
    rows = {
        "Model": f"{bundle.name} {bundle.version}".strip(),
        "Commit": translate("UpdateDialog", "(shipped with the application)"),
        "Date": bundle.created,
        "Threshold": num(bundle.threshold),
    }
    if bundle.path.parent == store_dir():
        try:
            version = ModelStore().get(bundle.path.name)
        except HubError:  # a folder put there by hand: no origin to show
            rows["Commit"] = bundle.path.name
        else:
            rows["Commit"] = f"{version.repo} @ {version.commit}"
            rows["Date"] = version.date or rows["Date"]
    rows.update(_metric_rows(bundle.training.get("metrics") or {}))
    return rows


def _metric_rows(metrics: dict[str, Any]) -> list[tuple[str, str]]:
    """Training metrics as table rows (the threshold has its own row already)."""
    return [
        (key, num(float(f"{value:.4g}")) if isinstance(value, float) else str(value))
        for key, value in metrics.items()
        if key != "threshold"
    ]


def _candidate_rows(candidate: Candidate) -> list[tuple[str, str]]:
    rows = [
        ("Model", f"{candidate.name} {candidate.version}".strip()),
        ("Commit", f"{candidate.config.repo_id} @ {candidate.commit}"),
        ("Date", candidate.date),
        ("Threshold", "" if candidate.threshold is None else num(candidate.threshold)),
        ("Download", f"{num(candidate.total_bytes / 1e6, 2)} MB"),
    ]
    return rows + _metric_rows(candidate.metrics)


def _installed_name(candidate: Candidate) -> str | None:
    from pad_desktop.hub import installed_version

    version = installed_version(candidate)
    if version is None:
        return None
    return "active" if version.active else version.name


def open_update_dialog(
    parent: QWidget | None, active_model: ActiveModel, decision_log: Any = None
) -> UpdateDialog:
    """Model > Update from Hub…: opens (window-modal, not blocking) and checks at once."""
    dialog = UpdateDialog(active_model, decision_log, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class RollbackDialog(QDialog):
    """Confirms, then returns to the previous version on a worker."""

    sig_rolled_back = Signal(object)  # UpdateResult

    def __init__(
        self, active_model: ActiveModel, decision_log: Any = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rollbackDialog")
        self.setWindowTitle(self.tr("Roll back the model"))
        self.setMinimumWidth(480)
        self.active_model = active_model
        self.decision_log = decision_log
        self.runner = TaskRunner(self, max_threads=1)
        self.result: UpdateResult | None = None
        layout = QVBoxLayout(self)
        self.status = StatusLine()
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox()
        self.roll_button = self.buttons.addButton(
            self.tr("Roll back"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.roll_button.setObjectName("rollBackButton")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.roll_button.clicked.connect(self.roll_back)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.finished.connect(lambda _code: self.runner.shutdown())
        store = ModelStore()
        previous = store.previous_name()
        if previous is None:
            self.status.show_text(self.tr("Nothing to roll back to: the shipped model is in use."))
            self.roll_button.setEnabled(False)
        else:
            self.status.show_text(
                self.tr("Return from {0} to {1}?").format(
                    store.get(store.active_name()).label(ui_language()),
                    store.get(previous).label(ui_language()),
                )
            )

    def roll_back(self) -> None:
        self.roll_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.runner.start(
            _roll_back_task,
            self.active_model,
            self.decision_log,
            on_result=self._done,
            on_error=self.status.show_error,
            on_finished=lambda: self.close_button.setEnabled(True),
        )

    def _done(self, result: UpdateResult) -> None:
        self.result = result
        self.status.show_text(
            "\n".join([result.headline(ui_language()), *result.warnings]), OK_STYLE
        )
        self.sig_rolled_back.emit(result)


def _roll_back_task(active_model: ActiveModel, decision_log: Any, state: Any) -> UpdateResult:
    del state  # quick, nothing to cancel
    return hub_roll_back(active_model=active_model, log=decision_log)


def roll_back(
    parent: QWidget | None, active_model: ActiveModel, decision_log: Any = None
) -> RollbackDialog:
    """Model > Roll back: asks which version it returns to, then switches on a worker."""
    dialog = RollbackDialog(active_model, decision_log, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
