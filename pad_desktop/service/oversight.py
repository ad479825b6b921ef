"""Human oversight's rules, once for every face: roles, four eyes, the stop switch, reviews.

- **Roles** come from the log's database (`decisions.roles`): on the shared PostgreSQL, the
  connected person's membership of the group roles; on the embedded store, the one local user
  holds every role (`single_user`: nobody else to ask, so nothing waits for a second person).
- **Four eyes.** An officer's override approving a refused applicant beyond their delegation
  (probability above the threshold by more than the delegation band, or an amount above the
  delegated one) is recorded as a request and takes effect when a supervisor, another person,
  approves it (the approval records the override). A model switch waits for a second model
  owner's approval (`switch_approval`).
- **Stop switch.** A supervisor or model owner stops automated decisions for the whole lender:
  every process reads the latest control event at most `settings.control_ttl_s` old, and the
  decision service refers every case while it is "stop" (`with_stop`).
- **The applicant's voice.** A request for human review with the applicant's point of view
  joins the supervisors' queue; the review answering it is an override of kind "review" linked
  from the answer.
The PostgreSQL database checks the same rules itself (revision 0009_oversight), so a client
bypassing this module is still refused there.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pad_desktop.decisions.records import (
    ControlEvent,
    DecisionRecord,
    Outcome,
    OverrideRecord,
    OversightAnswer,
    OversightRequest,
    RequestKind,
    Verdict,
)
from pad_desktop.decisions.roles import Role, Roles
from pad_desktop.runtime.identity import Identity
from pad_desktop.runtime.settings import Settings
from pad_desktop.texts import Phrase, Worded

if TYPE_CHECKING:
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.decisions.oversight_queries import RequestState

STOP, RESUME = "stop", "resume"
# How long a human action waits for its record to reach the shared database (the queue and the
# other workstations read it there); beyond it the record waits in the outbox, acknowledged.
DELIVERY_WAIT_S = 5.0


class NotAllowed(Worded, PermissionError):
    """The person does not hold a role the action needs."""

    def __init__(self, action: str, roles: tuple[Role, ...]) -> None:
        self.roles = roles
        names = [Phrase(f"oversight.role_{r.value}") for r in roles]
        super().__init__("oversight.not_allowed", action=Phrase(f"oversight.do_{action}"),
                         role=names[0] if len(names) == 1 else Phrase(
                             "oversight.role_either", {"a": names[0], "b": names[1]}))  # fmt: skip


class OwnRequest(Worded, PermissionError):
    """Four eyes: a request is answered by someone else than who made it."""

    def __init__(self) -> None:
        super().__init__("oversight.own_request")


class NoSuchRequest(Worded, LookupError):
    def __init__(self, ref: str) -> None:
        super().__init__("oversight.no_request", ref=ref)


class AlreadyAnswered(Worded, ValueError):
    def __init__(self, ref: str, verdict: str) -> None:
        super().__init__("oversight.answered", ref=ref, verdict=Phrase(f"oversight.v_{verdict}"))


class EmptyText(Worded, ValueError):
    """A reason, a justification or the applicant's words: never empty."""

    def __init__(self) -> None:
        super().__init__("oversight.empty_text")


class SwitchWaiting(Worded, RuntimeError):
    """The model switch is recorded as a request: a second model owner approves it first."""

    def __init__(self, request_id: uuid.UUID, target: str) -> None:
        self.request_id, self.target = request_id, target
        super().__init__("oversight.switch_waiting", ref=str(request_id), target=target)


@dataclass(frozen=True, slots=True)
class OverrideOutcome:
    """What an override became: recorded (`override`) or waiting for a supervisor."""

    override: OverrideRecord | None = None
    request: OversightRequest | None = None

    @property
    def pending(self) -> bool:
        return self.request is not None


class ControlSwitch:
    """The stop switch's state, read from the log at most every `ttl_s` by `clock` (an input,
    so that tests move time instead of sleeping). A read that fails keeps the last state."""

    def __init__(
        self,
        read: Callable[[], ControlEvent | None],
        ttl_s: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._read, self.ttl_s, self.clock = read, ttl_s, clock
        self._event: ControlEvent | None = None
        self._read_at: float | None = None
        self._reading = False
        self._lock = threading.Lock()

    def stale(self) -> bool:
        """Whether the next `latest` reads the database (the API reads it off its loop)."""
        with self._lock:
            return not self._reading and (
                self._read_at is None or self.clock() - self._read_at >= self.ttl_s
            )

    def latest(self) -> ControlEvent | None:
        """The last control event, read again once `ttl_s` has passed. One caller reads at a
        time; the others meanwhile take the state last read rather than wait on the database
        (a database away may take seconds to say so)."""
        if not self.stale():
            with self._lock:
                return self._event
        with self._lock:
            if self._reading:
                return self._event
            self._reading = True
        try:
            event, read = self._read(), True
        except Exception:  # the database away: the state last read stands
            event, read = None, False
        with self._lock:
            if read:
                self._event = event
            self._read_at, self._reading = self.clock(), False
            return self._event

    def stopped(self) -> ControlEvent | None:
        """The stop event in force, else None."""
        event = self.latest()
        return event if event is not None and event.kind == STOP else None

    def note(self, event: ControlEvent) -> None:
        """This process's own event applies at once (delivery to the database follows)."""
        with self._lock:
            self._event, self._read_at = event, self.clock()


def stop_mark(event: ControlEvent) -> dict[str, Any]:
    """What a referred decision's record says of the stop that referred it."""
    return {"event": str(event.id), "by": event.officer, "reason": event.reason}


def with_stop(policy: dict[str, Any] | None, event: ControlEvent) -> dict[str, Any]:
    """A decision's policy verdict, referred by the stop switch (recorded with the decision)."""
    verdict = dict(policy or {})
    verdict["effect"] = "refer"
    verdict["stop"] = stop_mark(event)
    return verdict


def lines_with_stop(lines: list[str] | None, n: int, event: ControlEvent) -> list[str]:
    """A batch chunk's policy JSON lines, each referred by the stop switch."""
    from pad_desktop.decisions.canonical import canonical_json

    if lines is None:
        one = canonical_json(with_stop(None, event))
        return [one] * n
    return [canonical_json(with_stop(json.loads(line), event)) for line in lines]


class Oversight:
    """The rules of human oversight over one decision log, for one person."""

    def __init__(
        self,
        log: DecisionLog,
        identity: Identity,
        settings: Settings,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.log, self.identity, self.settings = log, identity, settings
        self.control = ControlSwitch(log.latest_control, settings.control_ttl_s, clock)
        self._roles: Roles | None = None
        self._band: float | None = None

    # -- who ---------------------------------------------------------------------------------
    @property
    def roles(self) -> Roles:
        """The connected person's roles, read once (membership changes at the next start)."""
        if self._roles is None:
            self._roles = self.log.roles(self.identity.os_account or self.identity.officer)
        return self._roles

    def may(self, *roles: Role) -> bool:
        return any(r in self.roles for r in roles)

    def require(self, action: str, *roles: Role) -> None:
        if not self.may(*roles):
            raise NotAllowed(action, roles)

    # -- four eyes ---------------------------------------------------------------------------
    def delegation_band(self) -> float:
        """The shared database's delegation, else the settings'."""
        if self._band is None:
            try:
                found = self.log.delegation_band()
            except Exception:  # an older schema or the database away: the settings' then
                found = None
            self._band = self.settings.delegation_band if found is None else found
        return self._band

    def beyond_delegation(self, decision: DecisionRecord, new_decision: Outcome | None) -> bool:
        """Whether approving `decision` exceeds an officer's delegation."""
        if new_decision is not Outcome.APPROVED or decision.decision is not Outcome.REFUSED:
            return False
        if decision.score > decision.threshold + self.delegation_band():
            return True
        limit = self.settings.delegation_amount
        amount = decision.inputs.get(self.settings.delegation_amount_field)
        return limit is not None and isinstance(amount, int | float) and amount > limit

    def override(
        self,
        decision: DecisionRecord,
        new_decision: Outcome | None,
        justification: str,
        kind: str = "override",
    ) -> OverrideOutcome:
        """An override or review, recorded; an officer's beyond their delegation waits for a
        supervisor (a request), unless one person holds every role."""
        _text(justification)
        self.require("override", Role.OFFICER, Role.SUPERVISOR)
        roles = self.roles
        if (
            kind == "override"
            and not roles.single_user
            and Role.SUPERVISOR not in roles
            and self.beyond_delegation(decision, new_decision)
        ):
            request = self._request(
                RequestKind.OVERRIDE, justification, decision.id, new_decision=new_decision
            )
            return OverrideOutcome(request=request)
        override = self._override(decision.id, new_decision, justification, kind)
        self.log.record_override(override)
        return OverrideOutcome(override=override)

    def request_review(self, decision_id: uuid.UUID, text: str) -> OversightRequest:
        """The applicant's point of view and request for human review of a decision."""
        _text(text)
        self.require("request_review", Role.OFFICER, Role.SUPERVISOR)
        return self._request(RequestKind.REVIEW, text, decision_id)

    def answer(self, request_id: uuid.UUID | str, verdict: Verdict, reason: str) -> OversightAnswer:
        """A second person approves or rejects a request (or reviews a review request); an
        approved override is recorded with the answer, as is a review."""
        _text(reason)
        state = self.find(request_id)
        request = state.request
        if request.kind is RequestKind.MODEL:
            self.require("answer_model", Role.MODEL_OWNER)
        else:
            self.require("answer", Role.SUPERVISOR)
        if not state.waiting:
            raise AlreadyAnswered(str(request.id), str(state.verdict))
        roles = self.roles
        if request.db_user == roles.db_user and not roles.single_user:
            raise OwnRequest()
        override = None
        if request.kind is RequestKind.REVIEW:
            verdict = Verdict.REVIEWED
            assert request.decision_id is not None
            override = self._override(request.decision_id, None, reason, "review")
        elif request.kind is RequestKind.OVERRIDE and verdict is Verdict.APPROVED:
            assert request.decision_id is not None
            override = self._override(request.decision_id, request.new_decision, request.text)
        identity = self.identity
        answer = OversightAnswer(
            request_id=request.id, verdict=verdict, reason=reason, officer=identity.officer,
            workstation=identity.workstation, db_user=roles.db_user,
            override_id=None if override is None else override.id,
            os_account=identity.os_account,
        )  # fmt: skip
        self.log.record_answer(answer, override)
        self.log.flush(DELIVERY_WAIT_S)
        return answer

    def find(self, request_id: uuid.UUID | str) -> RequestState:
        """A request and its answers; `NoSuchRequest` for an unknown or malformed reference."""
        try:
            key = uuid.UUID(str(request_id).strip())
        except ValueError:
            raise NoSuchRequest(str(request_id)) from None
        found = self.log.requests(request_id=key)
        if not found:
            raise NoSuchRequest(str(request_id))
        return found[0]

    def queue(self) -> list[RequestState]:
        """The waiting requests this person may answer, oldest first."""
        kinds = set()
        if self.may(Role.SUPERVISOR):
            kinds |= {RequestKind.OVERRIDE, RequestKind.REVIEW}
        if self.may(Role.MODEL_OWNER):
            kinds.add(RequestKind.MODEL)
        if not kinds:
            return []
        return [s for s in self.log.requests(waiting_only=True) if s.request.kind in kinds]

    def switch_approval(self, target: str) -> OversightAnswer | None:
        """Before switching the model in use to `target`: None when one person holds every
        role; the approval of a request for `target` by another model owner when there is one;
        otherwise the switch is recorded as a request (`SwitchWaiting`)."""
        self.require("switch", Role.MODEL_OWNER)
        roles = self.roles
        if roles.single_user:
            return None
        waiting = None
        for state in reversed(self.log.requests()):
            request = state.request
            if request.kind is not RequestKind.MODEL or request.target != target:
                continue
            if state.verdict is Verdict.APPROVED:
                return state.answers[-1]
            if state.waiting and waiting is None:
                waiting = request
        if waiting is None:
            waiting = self._request(RequestKind.MODEL, target, None, target=target)
        raise SwitchWaiting(waiting.id, target)

    # -- the stop switch ---------------------------------------------------------------------
    def stop(self, reason: str) -> ControlEvent:
        return self._control(STOP, reason)

    def resume(self, reason: str) -> ControlEvent:
        return self._control(RESUME, reason)

    def stopped(self) -> ControlEvent | None:
        """The stop in force (read at most `control_ttl_s` ago), else None."""
        return self.control.stopped()

    def _control(self, kind: str, reason: str) -> ControlEvent:
        _text(reason)
        self.require(kind, Role.SUPERVISOR, Role.MODEL_OWNER)
        identity = self.identity
        event = ControlEvent(
            kind=kind, reason=reason.strip(), officer=identity.officer,
            workstation=identity.workstation, db_user=self.roles.db_user,
            os_account=identity.os_account,
        )  # fmt: skip
        self.log.record_control(event)
        self.log.flush(DELIVERY_WAIT_S)
        self.control.note(event)
        return event

    # -- records -----------------------------------------------------------------------------
    def _request(
        self,
        kind: RequestKind,
        text: str,
        decision_id: uuid.UUID | None,
        *,
        new_decision: Outcome | None = None,
        target: str | None = None,
    ) -> OversightRequest:
        identity = self.identity
        request = OversightRequest(
            kind=kind, officer=identity.officer, workstation=identity.workstation,
            text=text.strip(), db_user=self.roles.db_user, decision_id=decision_id,
            new_decision=new_decision, target=target, os_account=identity.os_account,
        )  # fmt: skip
        self.log.record_request(request)
        self.log.flush(DELIVERY_WAIT_S)
        return request

    def _override(
        self,
        decision_id: uuid.UUID,
        new_decision: Outcome | None,
        justification: str,
        kind: str = "override",
    ) -> OverrideRecord:
        identity = self.identity
        return OverrideRecord(
            decision_id=decision_id, officer=identity.officer, workstation=identity.workstation,
            kind=kind, new_decision=new_decision, justification=justification.strip(),
            os_account=identity.os_account,
        )  # fmt: skip


def _text(value: str) -> None:
    if not str(value or "").strip():
        raise EmptyText()
