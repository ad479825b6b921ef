"""The form tab: one applicant, generated from the model's signature, scored on a worker."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pad_desktop.gui import jobs
from pad_desktop.gui.context import Workstation
from pad_desktop.gui.errors import show_error
from pad_desktop.gui.field_editors import Editor, make_editor, range_hint, unit_label
from pad_desktop.gui.override_dialog import OverrideDialog
from pad_desktop.gui.result_panel import ResultPanel
from pad_desktop.gui.workers import Task
from pad_desktop.records import DecisionRecord, OverrideRecord
from pad_desktop.scoring import Scorer
from pad_desktop.signature import ApplicantError, FieldSpec

ERROR_STYLE = "color: #cf222e; font-size: 9pt;"
INVALID_EDITOR = "invalid"


class FieldRow(QWidget):
    """A field: its label above, the editor, and the error line below (hidden when valid)."""

    def __init__(self, spec: FieldSpec, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.label = QLabel(label)
        self.label.setObjectName(f"label_{spec.name}")
        self.label.setStyleSheet("color: #424a53; font-weight: 600;")
        layout.addWidget(self.label)
        self.editor: Editor = make_editor(spec)
        self.editor.setObjectName(f"field_{spec.name}")
        self.editor.setMinimumHeight(28)
        self.label.setBuddy(self.editor)
        layout.addWidget(self.editor)
        self.error = QLabel()
        self.error.setObjectName(f"error_{spec.name}")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.editor.sig_changed.connect(lambda: self.set_error(""))

    def set_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.editor.setProperty(INVALID_EDITOR, bool(message))
        self.editor.setStyleSheet("border: 1px solid #cf222e;" if message else "")


class FormTab(QWidget):
    """Emits `sig_decided(record)` once a decision is logged and shown."""

    sig_decided = Signal(object)
    sig_overridden = Signal(object)
    sig_rejected = Signal(object)  # the ApplicantError: nothing was logged
    sig_loaded = Signal(dict)  # an applicant read from a file is in the form

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formTab")
        self.ws = ws
        self.rows: dict[str, FieldRow] = {}
        self._busy = False
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("formTitle")
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        left.addWidget(self.title)
        self.summary = QLabel()
        self.summary.setObjectName("formSummary")
        self.summary.setStyleSheet(ERROR_STYLE + "font-size: 10pt;")
        self.summary.setWordWrap(True)
        self.summary.hide()
        left.addWidget(self.summary)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        left.addWidget(self.scroll, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New applicant"))
        self.new_button.clicked.connect(self.new_applicant)
        self.load_button = QPushButton(self.tr("Load…"))
        self.load_button.setToolTip(self.tr("Load an applicant from a JSON file"))
        self.load_button.clicked.connect(self.load_json)
        self.save_button = QPushButton(self.tr("Save…"))
        self.save_button.setToolTip(self.tr("Save this applicant to a JSON file"))
        self.save_button.clicked.connect(self.save_json)
        self.score_button = QPushButton(self.tr("Score"))
        self.score_button.setObjectName("scoreButton")
        self.score_button.setDefault(True)
        self.score_button.setToolTip(self.tr("Score this applicant (Enter)"))
        self.score_button.setMinimumWidth(140)
        self.score_button.setStyleSheet(
            "QPushButton { background: #1f6feb; color: white; font-weight: 600; padding: 6px 18px;"
            " border-radius: 4px; } QPushButton:disabled { background: #8cb4f5; }"
        )
        self.score_button.clicked.connect(self.score)
        for button in (self.new_button, self.load_button, self.save_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.score_button)
        left.addLayout(buttons)
        outer.addLayout(left, 3)
        self.result = ResultPanel()
        self.result.sig_override_requested.connect(self.override)
        outer.addWidget(self.result, 2)
        self.set_scorer(ws.scorer)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter scores: editors leave Return to their parent, so it arrives here."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.score()
            event.accept()
            return
        super().keyPressEvent(event)

    # -- building ---------------------------------------------------------------------------
    def set_scorer(self, scorer: Scorer | None) -> None:
        """(Re)build the fields for `scorer`'s signature, keeping values of fields it shares."""
        kept = self.values() if self.rows else {}
        self.rows = {}
        body = QWidget()
        body.setObjectName("formBody")
        grid = QGridLayout(body)
        grid.setContentsMargins(4, 4, 14, 4)
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(12)
        self.result.clear()
        if scorer is None:
            self.title.setText(self.tr("Loading the model…"))
            self.scroll.setWidget(body)
            self.score_button.setEnabled(False)
            return
        fields = list(scorer.signature.fields)
        half = (len(fields) + 1) // 2
        for i, spec in enumerate(fields):
            row = FieldRow(spec, self._label(spec))
            row.setToolTip(self._tooltip(spec))
            grid.addWidget(row, i % half, i // half, Qt.AlignmentFlag.AlignTop)
            self.rows[spec.name] = row
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(half, 1)
        self.scroll.setWidget(body)
        self.title.setText(
            self.tr("Applicant — {0} fields for {1}").format(len(fields), scorer.bundle.name)
        )
        self.result.set_threshold(scorer.threshold)
        self.set_values({k: v for k, v in kept.items() if k in self.rows})
        self.score_button.setEnabled(True)

    def _label(self, spec: FieldSpec) -> str:
        from PySide6.QtCore import QLocale

        french = QLocale().language() == QLocale.Language.French
        label = spec.description_fr if french and spec.description_fr else spec.label
        return f"{label} ({unit_label(spec.unit)})" if spec.unit else label

    def _tooltip(self, spec: FieldSpec) -> str:
        parts = [f"<b>{spec.label}</b>"]
        if spec.help:
            parts.append(spec.help)
        hint = range_hint(spec)
        if hint:
            parts.append(self.tr("Accepted: {0}").format(hint))
        parts.append(f"<code>{spec.name}</code>")
        return "<br>".join(parts)

    # -- values -----------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {name: row.editor.value() for name, row in self.rows.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        for name, row in self.rows.items():
            if name in values:
                row.editor.set_value(values[name])
            row.set_error("")
        self.summary.hide()

    def new_applicant(self) -> None:
        for row in self.rows.values():
            row.editor.reset()
            row.set_error("")
        self.summary.hide()
        self.result.clear()
        if self.rows:
            next(iter(self.rows.values())).editor.setFocus()

    def show_errors(self, error: ApplicantError) -> None:
        messages: dict[str, str] = {}
        for e in error.errors:
            messages.setdefault(e.field, e.message)
        for name, row in self.rows.items():
            row.set_error(messages.get(name, ""))
        count = len(messages)
        self.summary.setText(
            self.tr("%n field(s) need attention; nothing was recorded.", "", count)
        )
        self.summary.show()
        first = next((r for n, r in self.rows.items() if n in messages), None)
        if first is not None:
            self.scroll.ensureWidgetVisible(first)
            first.editor.setFocus()

    # -- actions ----------------------------------------------------------------------------
    def score(self) -> None:
        scorer = self.ws.scorer
        if scorer is None or self._busy:
            return
        self._busy = True
        self.score_button.setEnabled(False)
        self.result.show_busy()
        self.ws.runner.start(
            jobs.score_and_log,
            scorer,
            self.ws.log,
            # An empty field is absent, so that the model says "required" rather than "invalid".
            {name: value for name, value in self.values().items() if value is not None},
            self.ws.officer,
            self.ws.workstation,
            on_result=self._scored,
            on_error=self._score_failed,
            on_finished=self._done,
        )

    def _done(self) -> None:
        self._busy = False
        self.score_button.setEnabled(self.ws.scorer is not None)

    def _scored(self, record: DecisionRecord) -> None:
        for row in self.rows.values():
            row.set_error("")
        self.summary.hide()
        self.result.show_record(record)
        self.sig_decided.emit(record)

    def _score_failed(self, exc: Exception) -> None:
        if isinstance(exc, ApplicantError):
            self.result.clear()
            self.result.show_rejected()
            self.show_errors(exc)
            self.sig_rejected.emit(exc)
        else:
            self.result.clear()
            show_error(self, self.tr("The applicant could not be scored"), exc)

    def override(self) -> None:
        record = self.result.record
        if record is None or self.ws.log is None:
            return
        dialog = OverrideDialog(record.decision, self)
        dialog.accepted.connect(lambda: self._record_override(record, dialog))
        dialog.open()

    def _record_override(self, record: DecisionRecord, dialog: OverrideDialog) -> None:
        override = OverrideRecord(
            decision_id=record.id,
            officer=self.ws.officer,
            workstation=self.ws.workstation,
            kind="override",
            new_decision=dialog.new_decision(),
            justification=dialog.text(),
        )
        self.ws.runner.start(
            jobs.record_override,
            self.ws.log,
            override,
            on_result=self._overridden,
            on_error=lambda exc: show_error(self, self.tr("The override was not recorded"), exc),
        )

    def _overridden(self, override: OverrideRecord) -> None:
        self.result.show_override(override)
        self.sig_overridden.emit(override)

    def load_json(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Load an applicant"), "", self.tr("Applicant (*.json)")
        )
        if path:
            self.load_file(path)

    def load_file(self, path: str) -> Task:
        return self.ws.runner.start(
            jobs.read_applicant,
            path,
            on_result=self._loaded,
            on_error=lambda exc: show_error(
                self, self.tr("The applicant could not be loaded"), exc
            ),
        )

    def _loaded(self, values: dict[str, Any]) -> None:
        self.new_applicant()
        self.set_values(values)
        self.sig_loaded.emit(values)

    def save_json(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the applicant"), "applicant.json", self.tr("Applicant (*.json)")
        )
        if path:
            self.save_file(path)

    def save_file(self, path: str) -> Task:
        return self.ws.runner.start(
            jobs.write_applicant,
            path,
            {k: v for k, v in self.values().items() if v is not None},
            on_error=lambda exc: show_error(self, self.tr("The applicant could not be saved"), exc),
        )
