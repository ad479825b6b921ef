"""The decision log's tables. The schema itself is created by the migrations in `migrations/`."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from pad_desktop.decisions.columns import JSONColumn, UTCDateTime, UUIDColumn


class Base(DeclarativeBase):
    pass


class Chained:
    """Where a record sits in its stream's hash chain (`canonical.py`), and when the server
    received it (its own clock, beside the client's `created_at`). NULL before revision 0002."""

    stream_id: Mapped[uuid.UUID | None] = mapped_column(UUIDColumn, nullable=True)
    stream_seq: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    chain_hash: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Decision(Chained, Base):
    """One automated decision; append-only (triggers refuse UPDATE, DELETE and TRUNCATE)."""

    __tablename__ = "decisions"

    id: Mapped[uuid.UUID] = mapped_column(UUIDColumn, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    officer: Mapped[str] = mapped_column(sa.Text, nullable=False)
    workstation: Mapped[str] = mapped_column(sa.Text, nullable=False)
    source: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    batch_id: Mapped[uuid.UUID | None] = mapped_column(UUIDColumn, nullable=True)
    row_number: Mapped[int | None] = mapped_column(sa.BigInteger, nullable=True)
    model_id: Mapped[str] = mapped_column(sa.Text, nullable=False)
    model_sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    inputs: Mapped[dict[str, Any]] = mapped_column(JSONColumn, nullable=False)
    score: Mapped[float] = mapped_column(sa.Float(53), nullable=False)
    threshold: Mapped[float] = mapped_column(sa.Float(53), nullable=False)
    decision: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    reasons: Mapped[list[str]] = mapped_column(JSONColumn, nullable=False)
    latency_ms: Mapped[float] = mapped_column(sa.Float(53), nullable=False)
    case_ref: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    os_account: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    previous_id: Mapped[uuid.UUID | None] = mapped_column(UUIDColumn, nullable=True)
    # The cells as typed where not a plain spelling of `inputs`; NULL before revision 0003.
    typed_inputs: Mapped[dict[str, str] | None] = mapped_column(JSONColumn, nullable=True)
    # The lending policy's verdict (`policy.evaluate`); NULL before revision 0007.
    policy: Mapped[dict[str, Any] | None] = mapped_column(JSONColumn, nullable=True)


class CanonicalInputs(Base):
    """The canonical inputs of a record written before revision 0003 whose `inputs` were the
    cells as typed (its migration explains); readers prefer them to the record's own."""

    __tablename__ = "decision_canonical_inputs"

    decision_id: Mapped[uuid.UUID] = mapped_column(
        UUIDColumn, sa.ForeignKey("decisions.id"), primary_key=True
    )
    inputs: Mapped[dict[str, Any]] = mapped_column(JSONColumn, nullable=False)
    typed_inputs: Mapped[dict[str, str]] = mapped_column(JSONColumn, nullable=False)
    note: Mapped[str] = mapped_column(sa.Text, nullable=False)
    migrated_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)


class Override(Chained, Base):
    """A human override or review: a new row pointing at the decision, never an UPDATE of it."""

    __tablename__ = "decision_overrides"

    id: Mapped[uuid.UUID] = mapped_column(UUIDColumn, primary_key=True)
    decision_id: Mapped[uuid.UUID] = mapped_column(
        UUIDColumn, sa.ForeignKey("decisions.id"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    officer: Mapped[str] = mapped_column(sa.Text, nullable=False)
    workstation: Mapped[str] = mapped_column(sa.Text, nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    new_decision: Mapped[str | None] = mapped_column(sa.String(16), nullable=True)
    justification: Mapped[str] = mapped_column(sa.Text, nullable=False)
    os_account: Mapped[str | None] = mapped_column(sa.Text, nullable=True)


class ModelEventRow(Chained, Base):
    """A model install, switch or rollback."""

    __tablename__ = "model_events"

    id: Mapped[uuid.UUID] = mapped_column(UUIDColumn, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False, index=True)
    kind: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    officer: Mapped[str] = mapped_column(sa.Text, nullable=False)
    workstation: Mapped[str] = mapped_column(sa.Text, nullable=False)
    from_model: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    to_model: Mapped[str] = mapped_column(sa.Text, nullable=False)
    repo: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    repo_commit: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    os_account: Mapped[str | None] = mapped_column(sa.Text, nullable=True)


class NoticeRow(Chained, Base):
    """A decision notice issued (saved as a PDF or printed): a new row pointing at the
    decision, with the sha256 of the notice's canonical content (revision 0004)."""

    __tablename__ = "decision_notices"

    id: Mapped[uuid.UUID] = mapped_column(UUIDColumn, primary_key=True)
    decision_id: Mapped[uuid.UUID] = mapped_column(
        UUIDColumn, sa.ForeignKey("decisions.id"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    officer: Mapped[str] = mapped_column(sa.Text, nullable=False)
    workstation: Mapped[str] = mapped_column(sa.Text, nullable=False)
    os_account: Mapped[str] = mapped_column(sa.Text, nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    lang: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    override_id: Mapped[uuid.UUID | None] = mapped_column(UUIDColumn, nullable=True)
    content_sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)


class ShadowScoreRow(Chained, Base):
    """A challenger's score for a live decision, recorded beside it (revision 0006)."""

    __tablename__ = "shadow_scores"

    id: Mapped[uuid.UUID] = mapped_column(UUIDColumn, primary_key=True)
    decision_id: Mapped[uuid.UUID] = mapped_column(
        UUIDColumn, sa.ForeignKey("decisions.id"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    model_id: Mapped[str] = mapped_column(sa.Text, nullable=False, index=True)
    model_sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    threshold: Mapped[float] = mapped_column(sa.Float(53), nullable=False)
    score: Mapped[float] = mapped_column(sa.Float(53), nullable=False)


class SwitchEvidenceRow(Chained, Base):
    """The comparison report a model switch was made on (revision 0006)."""

    __tablename__ = "switch_evidence"

    id: Mapped[uuid.UUID] = mapped_column(UUIDColumn, primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(
        UUIDColumn, sa.ForeignKey("model_events.id"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    officer: Mapped[str] = mapped_column(sa.Text, nullable=False)
    workstation: Mapped[str] = mapped_column(sa.Text, nullable=False)
    os_account: Mapped[str] = mapped_column(sa.Text, nullable=False)
    report_sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)
    candidate_sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)


class OutcomeRow(Chained, Base):
    """What became of a decided loan: a new row pointing at the decision (revision 0006); one
    per decision and store, rarely two from two workstations (the readers count it once)."""

    __tablename__ = "outcomes"

    id: Mapped[uuid.UUID] = mapped_column(UUIDColumn, primary_key=True)
    decision_id: Mapped[uuid.UUID] = mapped_column(
        UUIDColumn, sa.ForeignKey("decisions.id"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    officer: Mapped[str] = mapped_column(sa.Text, nullable=False)
    workstation: Mapped[str] = mapped_column(sa.Text, nullable=False)
    os_account: Mapped[str] = mapped_column(sa.Text, nullable=False)
    source: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    case_ref: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    defaulted: Mapped[int] = mapped_column(sa.SmallInteger, nullable=False)
    observed_on: Mapped[str] = mapped_column(sa.String(10), nullable=False)


class ErasureRow(Chained, Base):
    """A decision's personal inputs erased (revision 0008): who, why, and what `db verify`
    needs to keep accepting the decision; no personal data (`erasure.py`)."""

    __tablename__ = "decision_erasures"

    id: Mapped[uuid.UUID] = mapped_column(UUIDColumn, primary_key=True)
    decision_id: Mapped[uuid.UUID] = mapped_column(
        UUIDColumn, sa.ForeignKey("decisions.id"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    officer: Mapped[str] = mapped_column(sa.Text, nullable=False)
    workstation: Mapped[str] = mapped_column(sa.Text, nullable=False)
    os_account: Mapped[str] = mapped_column(sa.Text, nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False)
    case_ref: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    former_hash: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    residual_sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)


class TextErasureRow(Chained, Base):
    """A free text about a case erased (revision 0010): the override, request or answer it was
    in, and what `db verify` needs to keep accepting that record (`erasure.py`)."""

    __tablename__ = "text_erasures"

    id: Mapped[uuid.UUID] = mapped_column(UUIDColumn, primary_key=True)
    decision_id: Mapped[uuid.UUID] = mapped_column(
        UUIDColumn, sa.ForeignKey("decisions.id"), nullable=False
    )
    record_table: Mapped[str] = mapped_column(sa.String(32), nullable=False)
    record_id: Mapped[uuid.UUID] = mapped_column(UUIDColumn, nullable=False, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    officer: Mapped[str] = mapped_column(sa.Text, nullable=False)
    workstation: Mapped[str] = mapped_column(sa.Text, nullable=False)
    os_account: Mapped[str] = mapped_column(sa.Text, nullable=False)
    kind: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False)
    case_ref: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    former_hash: Mapped[str | None] = mapped_column(sa.String(64), nullable=True)
    residual_sha256: Mapped[str] = mapped_column(sa.String(64), nullable=False)


class _Who:
    """Who wrote an oversight row: as every record, plus the database role (revision 0009)."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, nullable=False)
    officer: Mapped[str] = mapped_column(sa.Text, nullable=False)
    workstation: Mapped[str] = mapped_column(sa.Text, nullable=False)
    os_account: Mapped[str] = mapped_column(sa.Text, nullable=False)
    db_user: Mapped[str] = mapped_column(sa.Text, nullable=False)


class OversightRequestRow(Chained, _Who, Base):
    """What waits for a second person: an override, a model switch, a review (revision 0009)."""

    __tablename__ = "oversight_requests"

    id: Mapped[uuid.UUID] = mapped_column(UUIDColumn, primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    decision_id: Mapped[uuid.UUID | None] = mapped_column(
        UUIDColumn, sa.ForeignKey("decisions.id"), nullable=True, index=True
    )
    new_decision: Mapped[str | None] = mapped_column(sa.String(16), nullable=True)
    target: Mapped[str | None] = mapped_column(sa.Text, nullable=True)
    text: Mapped[str] = mapped_column(sa.Text, nullable=False)


class OversightAnswerRow(Chained, _Who, Base):
    """A second person's answer to a request (revision 0009)."""

    __tablename__ = "oversight_answers"

    id: Mapped[uuid.UUID] = mapped_column(UUIDColumn, primary_key=True)
    request_id: Mapped[uuid.UUID] = mapped_column(
        UUIDColumn, sa.ForeignKey("oversight_requests.id"), nullable=False, index=True
    )
    verdict: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False)
    override_id: Mapped[uuid.UUID | None] = mapped_column(UUIDColumn, nullable=True)


class ControlEventRow(Chained, _Who, Base):
    """The stop switch thrown or released for the whole lender (revision 0009)."""

    __tablename__ = "control_events"

    id: Mapped[uuid.UUID] = mapped_column(UUIDColumn, primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(16), nullable=False)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False)
