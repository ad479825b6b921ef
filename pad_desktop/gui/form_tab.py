"""The form tab: one applicant, generated from the model's signature, decided on a worker.

Every decision goes through the window's decision service: the editors hand over the text the
officer typed, the core's value table reads it and words any error; the form only shows what
comes back. The case reference is required here, so that every form decision can be found in
History by the number the officer knows it by.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pad_desktop.cells.field_specs import FieldSpec, Kind
from pad_desktop.decisions.records import DecisionRecord, OverrideRecord, OversightRequest
from pad_desktop.gui import jobs
from pad_desktop.gui.context import Workstation
from pad_desktop.gui.errors import show_error
from pad_desktop.gui.field_editors import Editor, make_editor, range_hint, unit_label
from pad_desktop.gui.i18n import ui_decimal, ui_language
from pad_desktop.gui.labels import describe, message_label
from pad_desktop.gui.population_panel import PopulationPanel
from pad_desktop.gui.result_panel import ResultPanel
from pad_desktop.gui.whatif import WhatIf
from pad_desktop.gui.workers import Task
from pad_desktop.model.scoring import Scorer
from pad_desktop.model.signature import ApplicantError
from pad_desktop.service.decision_service import Decision, LogClosed
from pad_desktop.service.form_presenter import (
    CASE_REF_KEY,
    CaseRefRefused,
    DecideRequest,
    FormPresenter,
)
from pad_desktop.texts import describe as word_error
from pad_desktop.texts import text as word_text

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from pad_desktop.gui.override_dialog import OverrideDialog
    from pad_desktop.model.explain import Explanation
    from pad_desktop.service.notice import NoticeContent

ERROR_STYLE = "color: #cf222e; font-size: 9pt;"
INVALID_EDITOR = "invalid"
LABEL_STYLE = "color: #424a53; font-weight: 600;"
DECIDE_KEY = "form.decide"  # the runner's key: only the newest score request is shown
EXPLAIN_KEY = "form.explain"
WIDE_FORM_PX = 1400  # the form tab's width from which the population column is shown


def mark_invalid(editor: QWidget, label: QLabel, message: str) -> None:
    """Show `message` under a field (or hide it when empty) and outline the editor in red."""
    label.setText(message)
    label.setVisible(bool(message))
    editor.setProperty(INVALID_EDITOR, bool(message))
    editor.setStyleSheet("border: 1px solid #cf222e;" if message else "")


def error_label(name: str) -> QLabel:
    """The error line under a field: its two lines are reserved even while it is hidden, so
    that fields do not move under the officer's mouse as errors come and go."""
    label = message_label(name, ERROR_STYLE)
    label.ensurePolished()
    label.setMinimumHeight(2 * label.fontMetrics().lineSpacing())
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)
    return label


class FieldRow(QWidget):
    """A field: its label above, the editor, and the error line below (hidden when valid)."""

    def __init__(
        self, spec: FieldSpec, label: str, description: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.label = QLabel(label)
        self.label.setWordWrap(True)  # a long French label wraps rather than being cut
        self.label.setObjectName(f"label_{spec.name}")
        self.label.setStyleSheet(LABEL_STYLE)
        layout.addWidget(self.label)
        self.editor: Editor = make_editor(spec)
        self.editor.setObjectName(f"field_{spec.name}")
        self.editor.setMinimumHeight(28)
        self.label.setBuddy(self.editor)
        layout.addWidget(self.editor)
        self.error = error_label(f"error_{spec.name}")
        layout.addWidget(self.error)
        self.name = label
        self.description = description
        describe(self.editor, label, description)
        self.editor.sig_changed.connect(lambda: self.set_error(""))

    def set_error(self, message: str) -> None:
        mark_invalid(self.editor, self.error, message)
        describe(self.editor, self.name, self.description, message)


class CaseReferenceRow(QWidget):
    """The case (or applicant) number every form decision is recorded and found under."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 14, 4)
        layout.setSpacing(3)
        self.label = QLabel(self.tr("Case reference"))
        self.label.setStyleSheet(LABEL_STYLE)
        layout.addWidget(self.label)
        self.editor = QLineEdit()
        self.editor.setObjectName("caseRef")
        self.editor.setMinimumHeight(28)
        self.editor.setMaxLength(120)
        self.description = self.tr(
            "The case or applicant number: History finds this decision by it."
        )
        describe(self.editor, self.tr("Case reference"), self.description)
        self.editor.setToolTip(self.description)
        self.editor.setPlaceholderText(self.tr("e.g. DOSSIER-2024-0042"))
        self.label.setBuddy(self.editor)
        layout.addWidget(self.editor)
        self.error = error_label("error_case_ref")
        layout.addWidget(self.error)
        self.editor.textEdited.connect(lambda _t: self.set_error(""))

    def text(self) -> str:
        return self.editor.text().strip()

    def set_error(self, message: str) -> None:
        mark_invalid(self.editor, self.error, message)
        describe(self.editor, self.label.text(), self.description, message)


class FormTab(QWidget):
    """The view of a `FormPresenter`: it shows the presenter's state and forwards the
    officer's edits and clicks to it. Emits `sig_decided(record)` once a decision is recorded
    and shown (also when it is the decision already recorded for the same case and inputs:
    `last_decision.repeated`)."""

    sig_decided = Signal(object)
    sig_overridden = Signal(object)
    sig_notice_issued = Signal(object)  # the NoticeRecord, once the notice is handed over
    sig_rejected = Signal(object)  # the ApplicantError or LogClosed: nothing was recorded
    sig_loaded = Signal(dict)  # an applicant read from a file is in the form

    def __init__(
        self, ws: Workstation, parent: QWidget | None = None, *, decidable: bool = True
    ) -> None:
        """`decidable`: the window's start is over (bundle checked, policy compiled, log open
        or refused); until `model_verified` says so, Score waits."""
        super().__init__(parent)
        self.setObjectName("formTab")
        self.ws = ws
        self._decidable = decidable
        self.rows: dict[str, FieldRow] = {}
        self.presenter = FormPresenter()
        self._deciding = jobs.Turns()  # one form decision at a time, in order
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
        self.summary.ensurePolished()
        self.summary.setMinimumHeight(self.summary.fontMetrics().lineSpacing() + 4)
        policy = self.summary.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # its line stays reserved: the form does not jump
        self.summary.setSizePolicy(policy)
        self.summary.hide()
        left.addWidget(self.summary)
        self.case_ref = CaseReferenceRow()
        self.case_ref.editor.textEdited.connect(
            lambda text: self._inputs_changed(self.presenter.edit_case_ref(text))
        )
        left.addWidget(self.case_ref)
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
            " border: 2px solid #1f6feb; border-radius: 4px; }"
            # The style sheet replaces Fusion's focus frame: draw our own, dark and thick.
            " QPushButton:focus { border: 3px solid #0a3069; }"
            " QPushButton:disabled { background: #8cb4f5; border-color: #8cb4f5; }"
        )
        self.score_button.clicked.connect(self.score)
        self.whatif = WhatIf(self)
        for button in (self.new_button, self.load_button, self.save_button, self.whatif.button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.score_button)
        left.addLayout(buttons)
        outer.addLayout(left, 5)
        self.result = ResultPanel()
        self.result.sig_override_requested.connect(self.override)
        self.result.sig_notice_requested.connect(self.notice_requested)
        result_scroll = QScrollArea()  # the waterfall keeps its rows legible in a small window
        result_scroll.setObjectName("resultScroll")
        result_scroll.setWidgetResizable(True)
        result_scroll.setFrameShape(QFrame.Shape.NoFrame)
        result_scroll.setWidget(self.result)
        outer.addWidget(result_scroll, 4)
        # The applicant among the population: the large window's third column.
        self.population = PopulationPanel()
        population_scroll = QScrollArea()
        population_scroll.setObjectName("populationScroll")
        population_scroll.setWidgetResizable(True)
        population_scroll.setFrameShape(QFrame.Shape.NoFrame)
        population_scroll.setWidget(self.population)
        population_scroll.setMinimumWidth(320)
        outer.addWidget(population_scroll, 4)
        self.population_scroll = population_scroll
        for button in (self.new_button, self.load_button, self.save_button, self.score_button):
            button.setAccessibleDescription(button.toolTip() or button.text())
        self.new_button.setToolTip(self.tr("Clear the form for the next applicant"))
        self.new_button.setAccessibleDescription(self.new_button.toolTip())
        self._built_for: Scorer | None = None
        self._fields_built: tuple[list[FieldSpec], list[FieldSpec]] = ([], [])
        self.set_scorer(ws.scorer)
        self.setFocusProxy(self.case_ref.editor)  # the tab's first field takes the focus

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The population column needs the large window: below it, the fields and the
        waterfall keep their room (the column comes back when the window is widened)."""
        super().resizeEvent(event)
        self.population_scroll.setVisible(event.size().width() >= WIDE_FORM_PX)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter scores: editors leave Return to their parent, so it arrives here."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.score()
            event.accept()
            return
        super().keyPressEvent(event)

    @property
    def last_decision(self) -> Decision | None:
        return self.presenter.last_decision

    @property
    def last_override(self) -> OverrideRecord | None:
        return self.presenter.last_override

    @property
    def overrides(self) -> list[OverrideRecord]:
        """The overrides of the decision shown, oldest first."""
        return self.presenter.overrides

    # -- building ---------------------------------------------------------------------------
    def set_scorer(self, scorer: Scorer | None) -> None:
        """(Re)build the fields for `scorer`'s signature, keeping values of fields it shares."""
        if scorer is not None and scorer is self._built_for:
            return  # the window hands the model it was built with: nothing to rebuild
        self._built_for = scorer
        self.whatif.set_active(False)  # its kept values come back before the fields go
        if self.rows:
            self.forward_all()
        fields, policy_inputs = ([], []) if scorer is None else self._fields_of(scorer)
        self._fields_built = (fields, policy_inputs)
        kept = self.presenter.use_signature(
            None if scorer is None else scorer.signature, tuple(policy_inputs)
        )
        self.rows = {}
        body = QWidget()
        body.setObjectName("formBody")
        grid = QGridLayout(body)
        grid.setContentsMargins(4, 4, 14, 4)
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(12)
        self.ws.runner.forget(DECIDE_KEY)  # a decision of the previous model is not shown
        self.ws.runner.forget(EXPLAIN_KEY)
        self.result.clear()
        self.population.clear()
        if scorer is None:
            self.title.setText(self.tr("Loading the model…"))
            self.scroll.setWidget(body)
            self.score_button.setEnabled(False)
            return
        half = (len(fields) + 1) // 2
        for i, spec in enumerate(fields):
            grid.addWidget(self._row(spec), i % half, i // half, Qt.AlignmentFlag.AlignTop)
        below = half
        if policy_inputs:  # the lending policy's own inputs, which the model does not see
            heading = QLabel(self.tr("For the lending policy (not seen by the model)"))
            heading.setObjectName("policyInputsHeading")
            heading.setStyleSheet("font-weight: 600; padding-top: 6px;")
            grid.addWidget(heading, half, 0, 1, 2)
            for j, spec in enumerate(policy_inputs):
                row = self._row(spec)
                grid.addWidget(row, half + 1 + j // 2, j % 2, Qt.AlignmentFlag.AlignTop)
            below = half + 1 + (len(policy_inputs) + 1) // 2
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(below, 1)
        self.scroll.setWidget(body)
        self.title.setText(
            self.tr("Applicant — {0} fields for {1}").format(len(fields), scorer.bundle.name)
        )
        self.result.set_threshold(scorer.threshold)
        self.set_values(kept)
        self._show_checking(not (scorer.verified and self._decidable))
        self._chain_focus()

    def model_verified(self, scorer: Scorer) -> None:
        """`scorer`'s bundle passed its check and the policy is compiled: Score can decide
        (see `window_start`). The fields came from the policy's outline: if the compiled policy
        asks otherwise (it does not fit this model, a rule does not compile), they are rebuilt,
        the values typed kept."""
        self._decidable = True
        if scorer is not self._built_for:
            return
        if self._fields_of(scorer) != self._fields_built:
            self._built_for = None
            self.set_scorer(scorer)
        self._show_checking(False)

    def _show_checking(self, checking: bool) -> None:
        """Score waits for the bundle's check (a moment after the start), and says so."""
        lang = ui_language()
        self.score_button.setEnabled(not checking)
        self.score_button.setText(
            word_text("window.model_checking", lang) if checking else self.tr("Score")
        )
        self.score_button.setToolTip(
            word_text("window.model_checking_tip", lang)
            if checking
            else self.tr("Score this applicant (Enter)")
        )

    def _fields_of(self, scorer: Scorer) -> tuple[list[FieldSpec], list[FieldSpec]]:
        """The model's fields and the lending policy's inputs, as the service reads them (a
        policy that cannot be used leaves the model's fields; deciding then says why)."""
        from pad_desktop.policy import PolicyError

        service = self.ws.service
        if service is None:
            return list(scorer.signature.fields), []
        try:
            return service.form_fields(scorer)
        except PolicyError:
            return list(scorer.signature.fields), []

    def _row(self, spec: FieldSpec) -> FieldRow:
        row = FieldRow(spec, self._label(spec), self._description(spec))
        row.setToolTip(self._tooltip(spec))
        row.editor.sig_changed.connect(lambda name=spec.name: self._edited(name))
        row.editor.sig_changed.connect(self._count_errors)
        self.rows[spec.name] = row
        return row

    def _chain_focus(self) -> None:
        """Tab follows the form: the case reference, the fields as they read (down the first
        column, then the second), Score, then the other buttons and the result's Override."""
        chain = [
            self.case_ref.editor,
            *(row.editor for row in self.rows.values()),
            self.score_button,
            self.new_button,
            self.load_button,
            self.save_button,
            self.result.override_button,
        ]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _description(self, spec: FieldSpec) -> str:
        """What the field accepts, in words (the tooltip's content without its markup)."""
        hint = range_hint(spec)
        if spec.kind is Kind.CATEGORY:
            accepted = self.tr("Choose one of %n value(s).", "", len(spec.categories))
        elif spec.kind is Kind.BOOLEAN:
            accepted = self.tr("Tick for yes.")
        else:
            accepted = self.tr("Accepted: {0}").format(hint) if hint else self.tr("A number.")
        return " ".join(part for part in (spec.help_in(ui_language()), accepted) if part)

    def _label(self, spec: FieldSpec) -> str:
        label = spec.label_in(ui_language())
        return f"{label} ({unit_label(spec.unit)})" if spec.unit else label

    def _tooltip(self, spec: FieldSpec) -> str:
        lang = ui_language()
        parts = [f"<b>{spec.label_in(lang)}</b>"]
        if spec.help_in(lang):
            parts.append(spec.help_in(lang))
        hint = range_hint(spec)
        if hint:
            parts.append(self.tr("Accepted: {0}").format(hint))
        parts.append(f"<code>{spec.name}</code>")
        return "<br>".join(parts)

    # -- values -----------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """What the officer entered, field by field: texts for numbers, as typed."""
        self.forward_all()
        return {name: self.presenter.values.get(name) for name in self.rows}

    def forward_all(self) -> None:
        """Every editor's value to the presenter (values set by code, not typed, included)."""
        self.presenter.set_values({name: row.editor.value() for name, row in self.rows.items()})
        self.presenter.case_ref = self.case_ref.text()

    def _edited(self, name: str) -> None:
        self._inputs_changed(self.presenter.edit(name, self.rows[name].editor.value()))

    def _inputs_changed(self, simulate: bool) -> None:
        """An input changed after a result was shown: that result is no longer this applicant's
        (in what-if mode, the presenter says the change is simulated at once)."""
        self.result.mark_stale()
        if simulate:
            self.whatif.simulate()

    def set_values(self, values: dict[str, Any]) -> None:
        for name, row in self.rows.items():
            if name in values:
                row.editor.set_value(values[name])
            row.set_error("")
        # What the editors show (a value a list lacks is added to it, to be named in error).
        self.presenter.set_values({name: row.editor.value() for name, row in self.rows.items()})
        self.summary.hide()

    def new_applicant(self) -> None:
        self.whatif.set_active(False)
        self.ws.runner.forget(DECIDE_KEY)
        self.ws.runner.forget(EXPLAIN_KEY)
        self.population.clear()
        self.case_ref.editor.clear()
        self.case_ref.set_error("")
        for row in self.rows.values():
            row.editor.reset()
            row.set_error("")
        self.presenter.new_applicant()
        self.summary.hide()
        self.result.clear()
        self.case_ref.editor.setFocus()

    def show_errors(self, error: ApplicantError, focus: bool = True) -> None:
        messages: dict[str, str] = {}
        for e in error.errors:
            messages.setdefault(e.field, e.message)
        for name, row in self.rows.items():
            row.set_error(messages.get(name, ""))
        self._count_errors()
        first = next((r for n, r in self.rows.items() if n in messages), None)
        if first is not None and focus:  # what-if keeps the focus where the officer types
            self.scroll.ensureWidgetVisible(first)
            first.editor.setFocus()

    def _count_errors(self) -> None:
        """The summary counts the errors still shown: it shrinks as the officer fixes them."""
        count = sum(1 for row in self.rows.values() if row.error.text())
        if not count:
            self.summary.hide()
            return
        self.summary.setText(
            self.tr("%n field(s) need attention; nothing was recorded.", "", count)
        )
        self.summary.show()

    # -- actions ----------------------------------------------------------------------------
    def score(self) -> Task | None:
        """Decide this applicant on a worker through the decision service (Enter, Score)."""
        service = self.ws.service
        if service is None or not self.presenter.can_score or not self.score_button.isEnabled():
            return None  # no model, or its bundle check still running (the button says so)
        self.forward_all()
        try:
            asked = self.presenter.request(ui_language(), ui_decimal())
        except CaseRefRefused as refused:
            self.case_ref.set_error(refused.message)
            self.case_ref.editor.setFocus()
            return None
        self.result.show_busy()
        return self.ws.runner.start_latest(
            DECIDE_KEY,
            jobs.decide,
            service,
            self._deciding,
            self._deciding.take(),
            asked.values,
            case_ref=asked.case_ref,
            decimal=asked.decimal,
            lang=asked.lang,
            on_result=lambda decision: self._decided(decision, asked),
            on_error=self._not_decided,
        )

    def _decided(self, decision: Decision, asked: DecideRequest) -> None:
        self.case_ref.set_error("")
        for row in self.rows.values():
            row.set_error("")
        self.summary.hide()
        self.presenter.decided(decision, asked)
        self.show_decision(decision)
        if self.presenter.stale:  # edited while it was being decided
            self.result.mark_stale()
        self.sig_decided.emit(decision.record)

    def show_decision(self, decision: Decision | None) -> None:
        """Show a recorded decision, say whether to refer it, and explain it on a worker."""
        if decision is None:
            return
        self.result.show_record(decision.record, repeated=decision.repeated)
        self.result.show_review(decision.in_review_band, decision.review_band)
        if self.last_override is not None:
            self.result.show_override(self.last_override)
        self.population.clear()
        service = self.ws.service
        if service is None:
            return
        self.result.show_explaining()
        self.ws.runner.start_latest(
            EXPLAIN_KEY,
            jobs.explain,
            service,
            _explained_values(decision.record),
            lang=ui_language(),
            on_result=self._explained,
            on_error=lambda exc: self.result.show_explain_error(word_error(exc, ui_language())),
        )

    def _explained(self, explanation: Explanation) -> None:
        if not self.whatif.active:  # a simulation shown meanwhile stays
            self.show_explanation(explanation)

    def show_explanation(self, explanation: Explanation) -> None:
        """The waterfall, the counterfactual and the population panel of `explanation`."""
        scorer = self.ws.scorer
        if scorer is None:
            return
        self.result.show_explanation(explanation, scorer.signature)
        self.population.show_explanation(explanation, scorer.signature)

    def _not_decided(self, exc: Exception) -> None:
        if isinstance(exc, ApplicantError):
            self.result.clear()
            self.result.show_rejected()
            self.show_errors(exc)
            self.sig_rejected.emit(exc)
        elif isinstance(exc, LogClosed):
            self.result.show_not_decided(word_error(exc, ui_language()))
            self.sig_rejected.emit(exc)
        else:
            self.result.clear()
            show_error(self, self.tr("The applicant could not be scored"), exc)

    def override(self) -> None:
        record = self.result.record
        if record is None or self.result.stale or self.ws.service is None:
            return
        review = self.last_decision is not None and self.last_decision.refer_for_review
        # imported with the first override: the notice's texts it words are not the form's
        from pad_desktop.gui.override_dialog import OverrideDialog

        dialog = OverrideDialog(record.decision, self, review=review)
        dialog.accepted.connect(lambda: self._record_override(record, dialog))
        dialog.open()

    def _record_override(self, record: DecisionRecord, dialog: OverrideDialog) -> None:
        self.ws.runner.start(
            jobs.override,
            self.ws.service,
            record,
            dialog.new_decision(),
            dialog.recorded_text(),
            on_result=self._overridden,
            on_error=lambda exc: show_error(self, self.tr("The override was not recorded"), exc),
        )

    def _overridden(self, override: OverrideRecord | OversightRequest) -> None:
        if isinstance(override, OversightRequest):  # beyond the delegation: a supervisor's
            self.result.show_pending(
                word_text("oversight.pending_override", ui_language(), ref=str(override.id)[:8])
            )
            return
        if self.presenter.overridden(override):
            self.result.show_override(override)
        self.sig_overridden.emit(override)

    # -- the decision notice ----------------------------------------------------------------
    def notice_content(self) -> NoticeContent | None:
        """The notice of the decision shown, after its overrides, in the app's language: the
        core builds it from the record (the window renders it)."""
        record = self.result.record
        service = self.ws.service
        if record is None or self.result.stale or service is None:
            return None
        return service.notice(record, ui_language(), self.overrides)

    def notice_requested(self, pdf: bool) -> None:
        content = self.notice_content()
        if content is None:
            return
        if not pdf:
            from pad_desktop.gui.notice import choose_printer  # loaded with History, off the start

            printer = choose_printer(self)
            if printer is not None:
                self.print_notice(content, printer)
            return
        name = f"notice-{content.case_ref or 'decision'}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the decision notice"), name, self.tr("PDF (*.pdf)")
        )
        if path:
            self.save_notice(path)

    def save_notice(self, path: str) -> Task | None:
        """Issue the notice of the decision shown as a PDF at `path` (`notice.issue_pdf`:
        recorded before it is put there); `sig_notice_issued` follows."""
        content = self.notice_content()
        if content is None:
            return None
        from pad_desktop.gui.notice import issue_pdf

        return issue_pdf(self.ws, self, content, path, self.sig_notice_issued.emit)

    def print_notice(self, content: NoticeContent, printer: QPrinter) -> Task | None:
        """Record the notice as printed, then print it."""
        from pad_desktop.gui.notice import issue_print

        return issue_print(self.ws, self, content, printer, self.sig_notice_issued.emit)

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
        case_ref = values.get(CASE_REF_KEY)
        if case_ref is not None:
            self.case_ref.editor.setText(str(case_ref))
            self.presenter.edit_case_ref(str(case_ref))
        self.sig_loaded.emit(values)

    def save_json(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the applicant"), "applicant.json", self.tr("Applicant (*.json)")
        )
        if path:
            self.save_file(path)

    def saved_values(self) -> dict[str, Any]:
        """The applicant as JSON (see `FormPresenter.saved_values`)."""
        self.forward_all()
        return self.presenter.saved_values(ui_decimal())

    def typed_values(self) -> dict[str, Any]:
        """The applicant's fields as the core reads them, without the case reference: what a
        simulation is given."""
        self.forward_all()
        return self.presenter.simulation_values(ui_decimal())

    def save_file(self, path: str) -> Task:
        return self.ws.runner.start(
            jobs.write_applicant,
            path,
            self.saved_values(),
            on_error=lambda exc: show_error(self, self.tr("The applicant could not be saved"), exc),
        )


def _explained_values(record: DecisionRecord) -> dict[str, Any]:
    """What the model saw and the policy inputs as recorded: the explanation's inputs."""
    given = ((record.policy or {}).get("inputs") or {}).items()
    return {**record.inputs, **{k: v for k, v in given if v is not None}}
