"""The applicant form's state, without widgets: what the officer entered, the case reference,
the mode (decide, or what-if), the decision shown and its overrides.

The form's view shows this state and forwards the officer's edits and clicks to it; the
presenter says what a request to the decision service holds, whether the result shown is
still this applicant's, what what-if keeps aside and gives back, and what an applicant file
holds. No Qt here: it is tested without a widget (Spyder's plugin/widget split).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pad_desktop.cells.field_specs import Kind
from pad_desktop.cells.messages import case_ref_message
from pad_desktop.cells.values import CaseRefError, read_case_ref, read_cell

if TYPE_CHECKING:
    from pad_desktop.cells.field_specs import FieldSpec
    from pad_desktop.decisions.records import OverrideRecord
    from pad_desktop.model.signature import Signature
    from pad_desktop.service.decision_service import Decision

CASE_REF_KEY = "applicant_id"  # in applicant JSON files, as the API's bodies name it
NUMBERS = (Kind.NUMBER, Kind.INTEGER)  # typed as text, read by the value table


class Mode(StrEnum):
    DECIDE = "decide"  # Score records a decision
    WHATIF = "whatif"  # every change is simulated: nothing is recorded, Score is off


@dataclass(frozen=True)
class DecideRequest:
    """What the form hands to the decision service: the texts as typed and the case."""

    values: dict[str, Any]
    case_ref: str
    decimal: str
    lang: str

    @property
    def snapshot(self) -> tuple:
        return (self.case_ref, tuple(self.values.items()))


class CaseRefRefused(ValueError):
    """The case reference is missing or not one; `message` words it in the officer's language."""

    def __init__(self, rule: str, lang: str) -> None:
        self.key, self.values = f"case_ref.{rule}", {}
        self.message = case_ref_message(rule, lang)
        super().__init__(self.message)


@dataclass
class FormPresenter:
    """`signature`: the fields of the model in use (None while it loads); `policy_inputs`: the
    lending policy's own fields, which the model does not see but the decision reads."""

    signature: Signature | None = None
    policy_inputs: tuple[FieldSpec, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)  # field -> text as typed (or a value)
    case_ref: str = ""
    mode: Mode = Mode.DECIDE
    last_decision: Decision | None = None
    last_override: OverrideRecord | None = None
    overrides: list[OverrideRecord] = field(default_factory=list)  # of the decision shown
    stale: bool = False  # the shown result is no longer this applicant's
    kept: dict[str, Any] = field(default_factory=dict)  # the values before what-if

    # -- the model --------------------------------------------------------------------------
    def use_signature(
        self, signature: Signature | None, policy_inputs: tuple[FieldSpec, ...] = ()
    ) -> dict[str, Any]:
        """A new model's fields (and its policy's): the values of fields it shares are kept
        (returned), the mode is back to deciding, and nothing is shown."""
        names = {*(signature.names if signature else ()), *(f.name for f in policy_inputs)}
        kept = {k: v for k, v in self.values.items() if signature and k in names}
        self.signature, self.policy_inputs = signature, tuple(policy_inputs)
        self.values = dict(kept)
        self.mode = Mode.DECIDE
        self.forget_decision()
        return kept

    @property
    def specs(self) -> dict[str, FieldSpec]:
        if self.signature is None:
            return {}
        return {f.name: f for f in (*self.signature.fields, *self.policy_inputs)}

    # -- edits ------------------------------------------------------------------------------
    def edit(self, name: str, value: Any) -> bool:
        """The officer changed a field; True when the change is to be simulated now."""
        self.values[name] = value
        return self._changed()

    def edit_case_ref(self, text: str) -> bool:
        self.case_ref = text.strip()
        return self._changed()

    def _changed(self) -> bool:
        if self.last_decision is not None:
            self.stale = True
        return self.mode is Mode.WHATIF

    def set_values(self, values: dict[str, Any]) -> None:
        """Values put in the form (an applicant file, the values a simulation leaves)."""
        for name in self.specs:
            if name in values:
                self.values[name] = values[name]

    def new_applicant(self) -> None:
        self.values = dict.fromkeys(self.specs)
        self.case_ref = ""
        self.mode = Mode.DECIDE
        self.forget_decision()

    def forget_decision(self) -> None:
        self.last_decision, self.last_override, self.overrides = None, None, []
        self.stale = False

    # -- deciding ---------------------------------------------------------------------------
    @property
    def can_score(self) -> bool:
        return self.signature is not None and self.mode is Mode.DECIDE

    def request(self, lang: str, decimal: str) -> DecideRequest:
        """The request Score sends; raises `CaseRefRefused` without one (every form decision
        is found in History by its case reference)."""
        try:
            case_ref = read_case_ref(self.case_ref, required=True)
        except CaseRefError as exc:
            raise CaseRefRefused(exc.rule, lang) from exc
        return DecideRequest(dict(self.values), str(case_ref), decimal, lang)

    def decided(self, decision: Decision, asked: DecideRequest) -> None:
        """The decision recorded for `asked` is shown; stale if edited while it was made."""
        self.last_decision, self.last_override, self.overrides = decision, None, []
        self.stale = asked.snapshot != (self.case_ref, tuple(self.values.items()))

    def overridden(self, override: OverrideRecord) -> bool:
        """An override recorded; True when it is of the decision shown (shown with it)."""
        shown = self.last_decision
        if shown is None or shown.record.id != override.decision_id:
            return False
        self.last_override = override
        self.overrides.append(override)
        return True

    @property
    def can_override(self) -> bool:
        return self.last_decision is not None and not self.stale and self.mode is Mode.DECIDE

    # -- what-if ----------------------------------------------------------------------------
    def enter_whatif(self) -> bool:
        """What-if on: the values now are kept aside; False if it was on already."""
        if self.mode is Mode.WHATIF:
            return False
        self.mode, self.kept = Mode.WHATIF, dict(self.values)
        return True

    def leave_whatif(self) -> dict[str, Any] | None:
        """What-if off: the values kept aside come back (returned, for the view to show);
        None if it was off."""
        if self.mode is Mode.DECIDE:
            return None
        self.mode, kept, self.kept = Mode.DECIDE, self.kept, {}
        self.values.update(kept)
        return kept

    def simulation_values(self, decimal: str) -> dict[str, Any]:
        """What a simulation is given: the fields as the core reads them, no case reference."""
        values = self.saved_values(decimal)
        values.pop(CASE_REF_KEY, None)
        return values

    # -- applicant files --------------------------------------------------------------------
    def saved_values(self, decimal: str) -> dict[str, Any]:
        """The applicant as JSON for the API or a later Load: numbers the value table accepts
        are written as numbers (a French "1 234,5" as 1234.5), anything else as typed."""
        saved: dict[str, Any] = {}
        if self.case_ref:
            saved[CASE_REF_KEY] = self.case_ref
        specs = self.specs
        for name, value in self.values.items():
            spec = specs.get(name)
            if isinstance(value, str) and spec is not None and spec.kind in NUMBERS:
                verdict = read_cell(spec, value, decimal)
                value = verdict.value if verdict.ok and verdict.value is not None else value
            if value is not None:
                saved[name] = value
        return saved

    def loaded(self, values: dict[str, Any]) -> None:
        """An applicant read from a file: a new applicant with those values and its case."""
        self.new_applicant()
        self.set_values(values)
        case_ref = values.get(CASE_REF_KEY)
        if case_ref is not None:
            self.case_ref = str(case_ref).strip()
