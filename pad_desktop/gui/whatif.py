"""What-if mode: the officer changes the applicant's values and sees the effect at once.

Every change is scored and explained through `DecisionService.simulate`, on a worker (only the
newest answer is shown), and is labelled "Simulation — not a decision": nothing reaches the
decision log. Score is disabled meanwhile, so that a simulated value cannot become a decision
by mistake; leaving the mode puts back the values of the recorded decision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton

from pad_desktop.gui import jobs
from pad_desktop.gui.i18n import ui_language
from pad_desktop.model.signature import ApplicantError
from pad_desktop.service.form_presenter import Mode
from pad_desktop.texts import describe

if TYPE_CHECKING:
    from pad_desktop.gui.form_tab import FormTab
    from pad_desktop.model.explain import Explanation

SIMULATE_KEY = "form.whatif"


class WhatIf(QObject):
    """The form's what-if mode, switched by its checkable `button`."""

    sig_simulated = Signal(object)  # the Explanation shown

    def __init__(self, form: FormTab) -> None:
        super().__init__(form)
        self.form = form
        self.button = QPushButton(self.tr("What-if…"))
        self.button.setObjectName("whatIfButton")
        self.button.setCheckable(True)
        self.button.setToolTip(
            self.tr("Change values and see the effect at once; nothing is recorded")
        )
        self.button.toggled.connect(self.set_active)

    @property
    def active(self) -> bool:
        """The form's presenter is in what-if mode (it keeps the decided values aside)."""
        return self.form.presenter.mode is Mode.WHATIF

    def set_active(self, on: bool) -> None:
        form = self.form
        if on == self.active:
            return
        if on:
            form.forward_all()
            form.presenter.enter_whatif()
        kept = None if on else form.presenter.leave_whatif()
        self.button.setChecked(on)
        form.score_button.setEnabled(not on and form.ws.service is not None)
        if on:
            self.button.setText(self.tr("Leave what-if"))
            self.simulate()
            return
        self.button.setText(self.tr("What-if…"))
        form.ws.runner.forget(SIMULATE_KEY)
        form.result.end_simulation()
        form.set_values(kept or {})
        record = form.result.record
        if record is not None:  # back to the recorded decision and its explanation
            form.show_decision(form.last_decision)

    def simulate(self) -> None:
        """Score and explain the values now in the form, as a simulation."""
        service = self.form.ws.service
        if not self.active or service is None:
            return
        self.form.ws.runner.start_latest(
            SIMULATE_KEY,
            jobs.simulate,
            service,
            self.form.typed_values(),
            lang=ui_language(),
            on_result=self._simulated,
            on_error=self._failed,
        )

    def _simulated(self, explanation: Explanation) -> None:
        if not self.active:
            return
        form = self.form
        for row in form.rows.values():
            row.set_error("")
        form.result.show_simulation(explanation.probability, explanation.outcome)
        form.show_explanation(explanation)
        self.sig_simulated.emit(explanation)

    def _failed(self, exc: Exception) -> None:
        if not self.active:
            return
        if isinstance(exc, ApplicantError):
            self.form.show_errors(exc, focus=False)
        else:
            self.form.result.show_explain_error(describe(exc, ui_language()))
