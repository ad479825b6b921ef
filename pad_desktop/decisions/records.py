"""The records the decision log keeps: decisions, overrides/reviews, notices and model events.

These are plain dataclasses so that scoring, the GUI and the API build them without touching
the database layer; `decisions/` persists them.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy and pandas load only when a batch is built
    import numpy as np
    import pandas as pd


class Outcome(StrEnum):
    """A credit decision, stored language-neutral; the API speaks French (`Accordé`/`Refusé`)."""

    APPROVED = "approved"
    REFUSED = "refused"

    @property
    def label_fr(self) -> str:
        return "Accordé" if self is Outcome.APPROVED else "Refusé"

    @property
    def prediction(self) -> int:
        """The original service's `prediction`: 1 means predicted default (refused)."""
        return 1 if self is Outcome.REFUSED else 0


class Source(StrEnum):
    FORM = "form"
    BATCH = "batch"
    API = "api"
    SIMULATION = "simulation"


def utc_now() -> datetime:
    return datetime.now(UTC)


ERASED_KEY = "_erased"  # the erased mark is {"_erased": true} (`erasure.py`)


def is_erased(inputs: Any) -> bool:
    """Whether stored inputs are the erased mark."""
    return isinstance(inputs, dict) and inputs.get(ERASED_KEY) is True and len(inputs) == 1


def new_id() -> uuid.UUID:
    """One time-ordered (version 7, RFC 9562) UUID, like `new_decision_ids` makes for batches."""
    return new_ids(1)[0]


def new_ids(n: int) -> list[uuid.UUID]:
    """`new_id` of `n` decisions made together, from one read of the system's random source
    (each read lets the event loop's thread give up the GIL to the log's threads)."""
    stamp = (time.time_ns() // 1_000_000).to_bytes(6, "big")
    random = os.urandom(10 * n)
    ids = []
    for i in range(0, 10 * n, 10):
        raw = bytearray(stamp + random[i : i + 10])
        raw[6] = 0x70 | (raw[6] & 0x0F)
        raw[8] = 0x80 | (raw[8] & 0x3F)
        ids.append(uuid.UUID(bytes=bytes(raw)))
    return ids


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """One automated credit decision, as it must be traceable (AI Act Art. 12)."""

    officer: str
    workstation: str
    source: Source
    model_id: str
    model_sha256: str
    inputs: dict[str, Any]
    score: float
    threshold: float
    decision: Outcome
    reasons: list[str]
    latency_ms: float
    batch_id: uuid.UUID | None = None
    row_number: int | None = None
    case_ref: str | None = None  # the case or applicant number the officer searches by
    os_account: str = ""  # the operating-system login, recorded whatever `officer` says
    previous_id: uuid.UUID | None = None  # the earlier decision for the same case, if re-scored
    # The cells as typed where they are not a plain spelling of `inputs` (canonical_inputs).
    typed_inputs: dict[str, str] = field(default_factory=dict)
    # The lending policy's verdict (`policy.evaluate.record_json`); None: no policy in use.
    policy: dict[str, Any] | None = None
    id: uuid.UUID = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utc_now)

    @property
    def inputs_erased(self) -> bool:
        """Whether this decision's personal inputs were erased (`erasure.py`)."""
        return is_erased(self.inputs)

    @property
    def policy_effect(self) -> str | None:
        """The lending policy's effect ("refuse" or "refer"), else None."""
        return None if not self.policy else self.policy.get("effect")


@dataclass(frozen=True, slots=True)
class OverrideRecord:
    """A human override or review of a decision (AI Act Art. 14); never an UPDATE of it."""

    decision_id: uuid.UUID
    officer: str
    workstation: str
    kind: str  # "override" | "review"
    new_decision: Outcome | None
    justification: str
    os_account: str = ""
    id: uuid.UUID = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utc_now)


class NoticeKind(StrEnum):
    """How a decision notice was handed over."""

    PDF = "pdf"
    PRINT = "print"


@dataclass(frozen=True, slots=True)
class NoticeRecord:
    """A decision notice issued to the applicant (saved as a PDF or printed): which decision,
    which override or review it states, in which language, and the sha256 of its canonical
    content (`notice.NoticeContent.canonical`), so that it can be produced again and checked."""

    decision_id: uuid.UUID
    kind: NoticeKind
    lang: str
    content_sha256: str
    officer: str
    workstation: str
    override_id: uuid.UUID | None = None  # the latest override or review the notice states
    os_account: str = ""
    id: uuid.UUID = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utc_now)


OUTCOME_NAMESPACE = uuid.UUID("6f1d2c1e-6a51-4f0e-9a57-0c7c4a3b2d10")


@dataclass(frozen=True, slots=True)
class OutcomeRecord:
    """What became of a decided loan: whether it defaulted, observed on a date (ISO text)."""

    decision_id: uuid.UUID
    defaulted: int  # 0 or 1
    observed_on: str  # YYYY-MM-DD
    officer: str
    workstation: str
    source: str  # "file", "api", "window"
    case_ref: str | None = None
    os_account: str = ""
    created_at: datetime = field(default_factory=utc_now)
    # Its own id, not one derived from the decision's: two workstations importing the same
    # file at once each chain their row, and neither row is dropped from its stream on
    # delivery (a dropped row would read as a gap to `db verify`). One outcome per decision is
    # kept by each store's claim (`outcome_keys`) and by the readers, which count a decision
    # once and leave out a decision whose outcomes disagree.
    id: uuid.UUID = field(default_factory=lambda: new_id())


@dataclass(frozen=True, slots=True)
class ErasureRecord:
    """One decision's personal inputs made unreadable (revision 0008): who, why, when, and what
    `db verify` needs to keep accepting the decision (no personal data): its chain hash before
    the erasure and the sha256 of its canonical line after it (`erasure.residual_line`)."""

    decision_id: uuid.UUID
    kind: str  # "request" (an applicant's erasure request) or "retention" (the period ran out)
    reason: str
    officer: str
    workstation: str
    case_ref: str | None
    former_hash: str | None  # None: a decision from before the hash chain
    residual_sha256: str
    os_account: str = ""
    created_at: datetime = field(default_factory=utc_now)
    id: uuid.UUID = field(default_factory=lambda: new_id())


@dataclass(frozen=True, slots=True)
class TextErasureRecord:
    """One free text about a case made unreadable (revision 0010): an override's
    justification, a request's text or an answer's reason; the same proof as `ErasureRecord`,
    for the record `record_id` of `record_table`, about the decision `decision_id`."""

    decision_id: uuid.UUID
    record_table: str
    record_id: uuid.UUID
    kind: str
    reason: str
    officer: str
    workstation: str
    case_ref: str | None
    former_hash: str | None
    residual_sha256: str
    os_account: str = ""
    created_at: datetime = field(default_factory=utc_now)
    id: uuid.UUID = field(default_factory=lambda: new_id())


def shadow_score_id(decision_id: uuid.UUID | str, model_sha256: str) -> uuid.UUID:
    """One shadow score per decision and model, the same id however often it is submitted."""
    return uuid.uuid5(OUTCOME_NAMESPACE, f"shadow:{decision_id}:{model_sha256}")


@dataclass(frozen=True, slots=True)
class ShadowScore:
    """A challenger's P(default) for a live decision: never shown, never a decision."""

    decision_id: uuid.UUID
    model_id: str
    model_sha256: str
    threshold: float
    score: float
    created_at: datetime = field(default_factory=utc_now)

    @property
    def id(self) -> uuid.UUID:
        return shadow_score_id(self.decision_id, self.model_sha256)


@dataclass(frozen=True, slots=True)
class SwitchEvidence:
    """The comparison report (its sha256) a model switch was made on, pointing at its event."""

    event_id: uuid.UUID
    report_sha256: str
    candidate_sha256: str
    officer: str
    workstation: str
    os_account: str = ""
    id: uuid.UUID = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utc_now)


@dataclass(frozen=True, slots=True)
class ModelEvent:
    """A model install, switch or rollback on a workstation or API replica."""

    kind: str  # "install" | "use" | "rollback"
    officer: str
    workstation: str
    from_model: str | None
    to_model: str
    repo: str | None = None
    commit: str | None = None
    os_account: str = ""
    id: uuid.UUID = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utc_now)


def new_decision_ids(n: int) -> np.ndarray:
    """`n` time-ordered (version 7, RFC 9562) UUIDs as canonical strings, without a Python loop.

    48 bits of Unix milliseconds, then a 20-bit counter (so a chunk's ids increase strictly),
    then 54 random bits (so writers on other workstations never collide). Increasing keys are
    appended at the right edge of the primary-key B-tree instead of landing on random pages:
    with random (version 4) keys, inserting a batch slowed down as the log grew.
    """
    import numpy as np

    if n > 1 << 20:
        return np.concatenate([new_decision_ids(1 << 20), new_decision_ids(n - (1 << 20))])
    millis = time.time_ns() // 1_000_000
    raw = np.frombuffer(bytearray(os.urandom(16 * n)), dtype=np.uint8).reshape(n, 16)
    raw[:, :6] = np.frombuffer(millis.to_bytes(6, "big"), dtype=np.uint8)
    counter = np.arange(n, dtype=np.uint32)
    raw[:, 6] = 0x70 | ((counter >> 16) & 0x0F).astype(np.uint8)  # version 7, counter bits 19-16
    raw[:, 7] = ((counter >> 8) & 0xFF).astype(np.uint8)  # counter bits 15-8
    raw[:, 8] = 0x80 | ((counter >> 2) & 0x3F).astype(np.uint8)  # RFC variant, bits 7-2
    raw[:, 9] = (raw[:, 9] & 0x3F) | ((counter & 0x03) << 6).astype(np.uint8)  # bits 1-0
    return _uuid_texts(raw)


def batch_decision_ids(batch_id: uuid.UUID, rows: Any) -> np.ndarray:
    """The decision ids of a batch's data rows, derived from the batch id (a UUIDv7): its 48
    bits of milliseconds, then the row number (32 bits), then 42 of the batch id's random bits.
    Time-ordered within the batch, distinct across batches, and the same whenever the same
    batch's row is named again (a resumed run, or a later run linking to it)."""
    import numpy as np

    rows = np.asarray(rows, dtype=np.uint64)
    if len(rows) and int(rows.max()) >= 1 << 32:
        raise ValueError("a batch has at most 4,294,967,295 rows")
    value = batch_id.int
    millis, tail = value >> 80, value & ((1 << 42) - 1)
    high = np.uint64((millis << 16) | (0x7 << 12)) | (rows >> np.uint64(20))  # version, rand_a
    low = np.uint64((0b10 << 62) | tail) | ((rows & np.uint64(0xFFFFF)) << np.uint64(42))
    raw = np.empty((len(rows), 16), dtype=np.uint8)
    raw[:, :8] = high.astype(">u8").view(np.uint8).reshape(-1, 8)
    raw[:, 8:] = low.astype(">u8").view(np.uint8).reshape(-1, 8)
    return _uuid_texts(raw)


def _uuid_texts(raw: np.ndarray) -> np.ndarray:
    """UUIDs as canonical text from their bytes [n, 16], without a Python loop."""
    import numpy as np

    n = len(raw)
    hex_digits = np.frombuffer(raw.tobytes().hex().encode("ascii"), dtype=np.uint8).reshape(n, 32)
    text = np.full((n, 36), ord("-"), dtype=np.uint8)
    for start, stop, offset in ((0, 8, 0), (8, 12, 1), (12, 16, 2), (16, 20, 3), (20, 32, 4)):
        text[:, start + offset : stop + offset] = hex_digits[:, start:stop]
    return text.view("S36").ravel().astype("U36")


def _naive_utc(times: Any) -> np.ndarray:
    """datetime64[us] in UTC from naive (taken as UTC) or timezone-aware times."""
    import pandas as pd

    index = pd.DatetimeIndex(times)
    if index.tz is not None:
        index = index.tz_convert("UTC").tz_localize(None)
    return index.to_numpy(dtype="datetime64[us]")


class JsonLines(list):
    """One JSON text per row, each the concatenation of some of `parts` (each distinct text
    once): the log checks the parts for what the database would refuse, not every row's text
    (a policy's verdicts: a few heads and tails, and the policy inputs' numbers)."""

    def __init__(self, lines: Sequence[str], parts: Sequence[str]) -> None:
        super().__init__(lines)
        self.parts = list(parts)


@dataclass(slots=True)
class DecisionBatch:
    """A chunk of batch decisions, columnar: the fields they share once, then one value per row.

    Batch scoring hands 10-50k rows at a time to the decision log, which writes them without
    building a Python object per decision. `inputs` are canonical (`canonical_inputs`), and
    `typed_inputs` one JSON object per row of the cells as typed where they differ. `ids`
    (canonical UUID strings) and `created_at` (numpy datetime64, UTC) are filled in when not
    given; `latency_ms` may be one number for all; `case_refs` is one case reference (or None)
    per row, `previous_ids` the decision each row re-decides (or None).
    """

    officer: str
    workstation: str
    source: Source
    model_id: str
    model_sha256: str
    threshold: float
    inputs: pd.DataFrame
    scores: np.ndarray
    decisions: Sequence[Outcome | str] | np.ndarray
    reasons: Sequence[Sequence[str]]
    latency_ms: np.ndarray | float
    row_numbers: np.ndarray | None = None
    case_refs: Sequence[str | None] | np.ndarray | None = None
    os_account: str = ""
    batch_id: uuid.UUID = field(default_factory=new_id)
    ids: np.ndarray | None = None
    created_at: np.ndarray | None = None
    typed_inputs: Sequence[str] | None = None
    previous_ids: Sequence[str | None] | None = None
    run_key: str | None = None  # the file and model of a batch run (`decisions.batch_runs`)
    # JSON per row, the policy's verdict (`policy.evaluate`), a `JsonLines` from a batch
    policy: Sequence[str] | None = None

    def __post_init__(self) -> None:
        import numpy as np

        n = len(self.inputs)
        self.scores = np.asarray(self.scores, dtype=np.float64)
        self.latency_ms = np.broadcast_to(np.asarray(self.latency_ms, dtype=np.float64), (n,))
        if self.row_numbers is None:
            self.row_numbers = np.arange(n, dtype=np.int64)
        self.row_numbers = np.asarray(self.row_numbers)
        if self.ids is None:
            self.ids = new_decision_ids(n)
        if self.created_at is None:
            now = np.datetime64(utc_now().replace(tzinfo=None), "us")
            self.created_at = np.full(n, now, dtype="datetime64[us]")
        else:
            self.created_at = _naive_utc(self.created_at)
        lengths = {
            "scores": len(self.scores),
            "decisions": len(self.decisions),
            "reasons": len(self.reasons),
            "row_numbers": len(self.row_numbers),
            "ids": len(self.ids),
            "case_refs": n if self.case_refs is None else len(self.case_refs),
            "typed_inputs": n if self.typed_inputs is None else len(self.typed_inputs),
            "policy": n if self.policy is None else len(self.policy),
            "previous_ids": n if self.previous_ids is None else len(self.previous_ids),
            "created_at": len(self.created_at),
        }
        wrong = {name: size for name, size in lengths.items() if size != n}
        if wrong:
            raise ValueError(f"DecisionBatch of {n} input rows, other lengths: {wrong}")

    def __len__(self) -> int:
        return len(self.inputs)


class RequestKind(StrEnum):
    """What waits for a second person."""

    OVERRIDE = "override"  # an override beyond the officer's delegation
    MODEL = "model"  # a switch of the model in use
    REVIEW = "review"  # the applicant's request for human review, with their point of view


class Verdict(StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"
    REVIEWED = "reviewed"


@dataclass(frozen=True, slots=True)
class OversightRequest:
    """A request awaiting a second person (revision 0009); `db_user` is the database role
    that writes it (the database checks it is the connected one)."""

    kind: RequestKind
    officer: str
    workstation: str
    text: str  # the justification, or the applicant's point of view
    db_user: str
    decision_id: uuid.UUID | None = None
    new_decision: Outcome | None = None
    target: str | None = None  # a model switch's model (`hub.update.model_label`)
    os_account: str = ""
    id: uuid.UUID = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utc_now)


@dataclass(frozen=True, slots=True)
class OversightAnswer:
    """A second person's answer to a request; `override_id`: the override it recorded."""

    request_id: uuid.UUID
    verdict: Verdict
    reason: str
    officer: str
    workstation: str
    db_user: str
    override_id: uuid.UUID | None = None
    os_account: str = ""
    id: uuid.UUID = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utc_now)


@dataclass(frozen=True, slots=True)
class ControlEvent:
    """The stop switch: "stop" refers every case to human review until "resume"."""

    kind: str  # "stop" | "resume"
    reason: str
    officer: str
    workstation: str
    db_user: str
    os_account: str = ""
    id: uuid.UUID = field(default_factory=new_id)
    created_at: datetime = field(default_factory=utc_now)
