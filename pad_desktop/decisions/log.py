"""`DecisionLog`: the one object the GUI, the API and batch scoring write decisions through."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from pad_desktop.decisions import revisions, sqlite_files
from pad_desktop.decisions.batch_runs import BatchRun
from pad_desktop.decisions.case_keys import Claim
from pad_desktop.decisions.chain_head import StreamHead
from pad_desktop.decisions.encode import (
    DecisionRows,
    RecordRows,
    answer_rows,
    control_rows,
    event_rows,
    evidence_rows,
    notice_rows,
    outcome_rows,
    override_rows,
    request_rows,
    shadow_rows,
)
from pad_desktop.decisions.local_store import SQLiteStore, store_path
from pad_desktop.decisions.outbox import (
    OtherOutbox,
    Outbox,
    OutboxDamaged,
    other_outboxes,
    outbox_path,
)
from pad_desktop.decisions.records import (
    ControlEvent,
    DecisionBatch,
    DecisionRecord,
    ModelEvent,
    NoticeRecord,
    OutcomeRecord,
    OverrideRecord,
    OversightAnswer,
    OversightRequest,
    ShadowScore,
    SwitchEvidence,
)
from pad_desktop.decisions.sqlite_files import StoreUnreadable

if TYPE_CHECKING:
    from collections.abc import Collection

    import pandas as pd
    from sqlalchemy.engine import Engine

    from pad_desktop.decisions.delivery import Delivery
    from pad_desktop.decisions.outcome_keys import OutcomeClaim
    from pad_desktop.decisions.oversight_queries import RequestState
    from pad_desktop.decisions.queries import HistoryFilter, StoredDecision
    from pad_desktop.decisions.records import Source
    from pad_desktop.decisions.roles import Roles


@dataclass(frozen=True, slots=True)
class LogHealth:
    """What the status bar shows."""

    target: str  # the database URL without its password, or the SQLite file
    connected: bool
    pending: int  # records acknowledged, not yet in the shared database
    last_error: str | None
    rejected: int = 0  # records the database refused, kept aside in the outbox file (redeliver)
    elsewhere: int = 0  # records in outboxes made for other addresses (db deliver-other)


@dataclass(frozen=True, slots=True)
class DeliveryState:
    """A delivery's knowledge of its database, carried to another process (`LogHealth`)."""

    connected: bool
    last_error: str | None
    identity: str | None


@dataclass(frozen=True, slots=True)
class LogAddress:
    """Where a log was opened: another process (the desktop batch's) opens the same log."""

    database_url: str | None  # None: the embedded store in `data_dir`
    data_dir: Path


def _schema_created_event(head: str) -> ModelEvent:
    """Who created the shared database's tables, from where, and at which revision."""
    from pad_desktop.runtime.settings import get_settings

    settings = get_settings()
    return ModelEvent(
        "schema", settings.officer, settings.workstation, None, f"decision schema {head}"
    )


class DecisionLog:
    """Append-only log of decisions, overrides, notices and model events.

    Writing returns once the record is durable on this machine; with PostgreSQL configured,
    background threads deliver it from the outbox. Queries read the shared database (or the
    embedded SQLite store) on the caller's thread: the GUI calls them from a worker.
    """

    def __init__(
        self,
        engine: Engine | Path,
        writer: SQLiteStore | Outbox,
        target: str,
        delivery: Delivery | None = None,
    ) -> None:
        """`engine`: the readers' SQLAlchemy engine, or the embedded store's file, whose engine
        is created when the log is first read (most starts show the window before that)."""
        self._engine_or_store = engine
        self._engine_lock = threading.Lock()
        self._writer = writer
        self._target = target
        self._delivery = delivery
        self._closed = False
        # Outboxes made for other addresses with records waiting, found at open.
        self.elsewhere: list[OtherOutbox] = []
        self.address: LogAddress | None = None  # set by `open`

    @classmethod
    def open(
        cls, database_url: str | None = None, data_dir: Path | None = None, *, workers: int = 2
    ) -> DecisionLog:
        """The configured log: `database_url`, else settings' `DATABASE_URL`, else embedded SQLite.

        An empty PostgreSQL database gets its schema (when the role may create tables; a model
        event records it); a schema behind this application, or one the role cannot create,
        raises `SchemaBehind`. An unreachable server does not stop the log from opening
        (records wait in the outbox).
        """
        from pad_desktop.runtime.paths import private_dir, user_data_dir
        from pad_desktop.runtime.settings import get_settings

        data_dir = private_dir(data_dir) if data_dir is not None else user_data_dir()
        url = database_url or get_settings().database_url or None
        log = (
            cls._open_at(url, data_dir, workers)
            if url
            else cls._open_embedded(store_path(data_dir))
        )
        log.address = LogAddress(url, data_dir)
        return log

    @classmethod
    def _open_at(cls, url: str, data_dir: Path, workers: int) -> DecisionLog:
        import sqlalchemy as sa

        from pad_desktop.decisions import schema

        engine = schema.create_engine(url)
        if engine.url.get_backend_name() == "sqlite":  # an SQLite file named by URL
            engine.dispose()
            return cls._open_embedded(Path(engine.url.database or ""))
        target = schema.redacted(engine.url)
        created = False
        with contextlib.suppress(sa.exc.OperationalError):  # unreachable: records wait
            created = schema.create_if_empty(engine)
            schema.require_current(engine)
        from pad_desktop.decisions.delivery import Delivery  # psycopg: PostgreSQL only

        path = outbox_path(data_dir, target)
        head = revisions.head_revision()
        try:
            writer = Outbox(path, target=target)  # first: a damaged file stops here
        except OutboxDamaged:
            engine.dispose()
            raise
        # The delivery threads read through their own connection, so that reading a large
        # entry never holds up an acknowledgement.
        delivery = Delivery(
            Outbox(path, for_delivery=True), schema.libpq_url(engine.url), target, head, workers
        )
        log = cls(engine, writer, target, delivery)
        log.elsewhere = other_outboxes(data_dir, path)
        if created:
            log.record_model_event(_schema_created_event(head))
        return log

    @classmethod
    def _open_embedded(cls, path: Path) -> DecisionLog:
        """The SQLite store, opened through `sqlite3` alone when it is at this application's
        revision (the usual start: SQLAlchemy's ~0.5 s of imports wait for the first read);
        a new or older file migrates through Alembic first. A damaged file: `StoreUnreadable`."""
        try:
            if revisions.sqlite_revision(path) != revisions.head_revision():
                from pad_desktop.decisions import schema

                engine = schema.create_engine(schema.sqlite_url(path))
                try:
                    schema.upgrade(engine)
                finally:
                    engine.dispose()
            return cls(path, SQLiteStore(path), str(path))
        except Exception as exc:
            reason = sqlite_files.damage(exc)
            if reason is None:
                raise
            raise StoreUnreadable(path, reason) from exc

    # -- writing -----------------------------------------------------------------------------

    def _write(
        self, rows: DecisionRows | RecordRows, repeat_window_s: float | None = None
    ) -> list[Claim] | None:
        if self._closed:
            raise RuntimeError("the decision log is closed")
        try:
            claims = self._writer.write(rows, repeat_window_s)
        except sqlite3.DatabaseError as exc:  # damaged since it was opened: refused, said so
            reason = sqlite_files.damage(exc)
            if reason is None or not isinstance(self._writer, Outbox):
                raise
            raise OutboxDamaged(self._writer.path, reason, self._target) from exc
        if self._delivery is not None:
            self._delivery.wake()
        return claims

    def deliver_soon(self) -> None:
        """Another process (group commit's writer) has just written to this log's outbox:
        deliver it now rather than at the next poll."""
        if self._delivery is not None:
            self._delivery.wake()

    @property
    def delivers(self) -> bool:
        """Whether this process delivers the outbox (False: embedded, or opened with
        `workers=0`, another process delivering it)."""
        return self._delivery is not None and self._delivery.workers > 0

    def delivery_state(self) -> DeliveryState | None:
        """What this log's delivery knows of the database (None: the embedded store)."""
        d = self._delivery
        return None if d is None else DeliveryState(d.connected, d.last_error, d.identity)

    def follow_delivery(self, state: DeliveryState | None) -> None:
        """Take `state`, from the process delivering this log's outbox (the API's writing
        process), as this log's own: `health()` then says what that delivery knows. Only for
        a log opened with `workers=0`."""
        if state is not None and self._delivery is not None and not self.delivers:
            self._delivery.connected = state.connected
            self._delivery.last_error = state.last_error
            self._delivery.identity = state.identity

    def record(self, rec: DecisionRecord, repeat_window_s: float | None = None) -> Claim | None:
        """Returns once the decision is durable on this machine; never waits for the network.

        With `repeat_window_s`, a decision with a case reference follows the store's repeat
        rule (`case_keys`): the returned `Claim` says whether it was recorded (and after which
        decision of the case) or is the case's same decision, already recorded."""
        claims = self._write(DecisionRows.from_record(rec), repeat_window_s)
        return None if claims is None else claims[0]

    def record_many(
        self,
        records: Sequence[DecisionRecord],
        repeat_window_s: float | None = None,
        rows: Sequence[DecisionRows] | None = None,
    ) -> list[Claim | None]:
        """Several single decisions in as few local transactions as they have distinct shared
        fields (officer, source, model...): what group commit hands over. One claim (or None)
        per record, in order. `rows`: each record's `DecisionRows.from_record`, when the caller
        already built them (group commit, which sets a refused record aside first)."""
        groups: dict[tuple, list[tuple[int, DecisionRows]]] = defaultdict(list)
        for i, rec in enumerate(records):
            built = DecisionRows.from_record(rec) if rows is None else rows[i]
            groups[built.shared_key()].append((i, built))
        found: list[Claim | None] = [None] * len(records)
        for parts in groups.values():
            claims = self._write(DecisionRows.merged([r for _, r in parts]), repeat_window_s)
            if claims is not None:
                for (i, _), claim in zip(parts, claims, strict=True):
                    found[i] = claim
        return found

    def record_batch(self, batch: DecisionBatch) -> None:
        """A chunk of batch decisions in one local transaction."""
        if len(batch):
            self._write(DecisionRows.from_batch(batch))

    def record_in_stream(self, batch: DecisionBatch, head: StreamHead) -> StreamHead:
        """A chunk of batch decisions chained after `head`, a stream the caller keeps (a
        deterministic stream: a cluster partition's, `stream_seq` from 1); returns the head
        after it. The same rows after the same head are the same lines and hashes, and the
        store keeps one copy (PostgreSQL: delivery merges by id through a temporary table;
        the embedded store: INSERT OR IGNORE), so a partition run twice is recorded once.
        This machine's own stream is left as it is: such a stream has no owning head."""
        from pad_desktop.decisions.chain_head import place

        if self._closed:
            raise RuntimeError("the decision log is closed")
        if not len(batch):
            return head
        rows = DecisionRows.from_batch(batch)
        placed = place(rows, head)
        try:
            if isinstance(self._writer, Outbox):
                self._writer.write_placed(placed, rows.table)
            else:
                self._writer.write_placed(rows, placed)
        except sqlite3.DatabaseError as exc:
            reason = sqlite_files.damage(exc)
            if reason is None or not isinstance(self._writer, Outbox):
                raise
            raise OutboxDamaged(self._writer.path, reason, self._target) from exc
        if self._delivery is not None:
            self._delivery.wake()
        return placed.head

    def record_override(self, o: OverrideRecord) -> None:
        self._write(override_rows(o))

    def record_model_event(self, e: ModelEvent) -> None:
        self._write(event_rows(e))

    def record_notice(self, n: NoticeRecord) -> None:
        """A notice issued: durable on this machine when it returns, like a decision."""
        self._write(notice_rows(n))

    def record_outcomes(self, outcomes: Sequence[OutcomeRecord]) -> list[OutcomeClaim]:
        """Outcomes in one local transaction, durable when it returns; one claim per outcome
        (`outcome_keys`: recorded, the same one already held, or a conflicting one held)."""
        if not outcomes:
            return []
        return self._write(outcome_rows(outcomes)) or []  # type: ignore[return-value]

    def record_shadow_scores(self, scores: Sequence[ShadowScore]) -> None:
        """A challenger's scores of decisions already recorded, in one local transaction."""
        if scores:
            self._write(shadow_rows(scores))

    def record_switch_evidence(self, e: SwitchEvidence) -> None:
        """The comparison report a model switch was made on (after the switch's event)."""
        self._write(evidence_rows(e))

    def record_request(self, r: OversightRequest) -> None:
        """A request for a second person (override, model switch, review), durable locally."""
        self._write(request_rows(r))

    def record_answer(self, a: OversightAnswer, override: OverrideRecord | None = None) -> None:
        """A second person's answer, after the override it approves (if any)."""
        if override is not None:
            self._write(override_rows(override))
        self._write(answer_rows(a))

    def record_control(self, c: ControlEvent) -> None:
        """The stop switch thrown or released."""
        self._write(control_rows(c))

    def switch_evidence(self) -> list[tuple[str, str, str]]:
        """(model event id, report sha256, candidate sha256) of every switch made on evidence."""
        from pad_desktop.decisions import outcome_queries

        return outcome_queries.switch_evidence(self._engine)

    # -- delivery state ----------------------------------------------------------------------

    @property
    def target(self) -> str:
        return self._target

    @property
    def embedded(self) -> bool:
        """True when the SQLite store is the log itself (no shared database configured)."""
        return self._delivery is None

    def pending(self) -> int:
        return 0 if isinstance(self._writer, SQLiteStore) else self._writer.pending()

    def health(self) -> LogHealth:
        if isinstance(self._writer, SQLiteStore) or self._delivery is None:
            return LogHealth(self._target, True, 0, None)
        try:
            pending, rejected = self._writer.pending(), self._writer.rejected()
        except sqlite3.DatabaseError as exc:  # damaged since it was opened
            reason = sqlite_files.damage(exc)
            if reason is None:
                raise
            damaged = OutboxDamaged(self._writer.path, reason, self._target)
            return LogHealth(self._target, False, 0, str(damaged))
        return LogHealth(
            target=self._target,
            connected=self._delivery.connected,
            pending=pending,
            last_error=self._delivery.last_error,
            rejected=rejected,
            elsewhere=sum(max(other.pending, 0) for other in self.elsewhere),
        )

    def rejected(self) -> int:
        """Records the database refused, kept aside in the outbox (`redeliver` retries them)."""
        return self._writer.rejected() if isinstance(self._writer, Outbox) else 0

    def redeliver(self, timeout: float = 30.0) -> tuple[int, int]:
        """Retry the rejected records (once their cause is fixed: a constraint, a missing
        decision delivered since...) and deliver what waits; returns (records retried,
        records refused again)."""
        if not isinstance(self._writer, Outbox) or self._delivery is None:
            return 0, 0
        retried = self._writer.requeue_rejected()
        self._delivery.wake()
        self.flush(timeout)
        return retried, self._writer.rejected()

    def batch_run(self, file_sha256: str, model_sha256: str) -> BatchRun | None:
        """The latest run of a file (by content) with a model, recorded on this machine."""
        from pad_desktop.decisions.batch_runs import run_key

        return self._writer.batch_run(run_key(file_sha256, model_sha256))

    def cluster_run(self, file_sha256: str, model_sha256: str) -> BatchRun | None:
        """The cluster run of a file with a model started from this machine, if any."""
        from pad_desktop.decisions.batch_runs import run_key

        return self._writer.batch_run(run_key(f"cluster:{file_sha256}", model_sha256))

    def note_cluster_run(self, file_sha256: str, model_sha256: str, batch_id: str) -> None:
        """This machine started a cluster run of a file with a model (its workers record its
        decisions): a later run of the file on this machine must not decide it again."""
        from pad_desktop.decisions.batch_runs import run_key

        self._writer.note_run(run_key(f"cluster:{file_sha256}", model_sha256), batch_id)

    @property
    def identity(self) -> str | None:
        """What the target database is (`schema.IDENTITY_SQL`), once delivery reached it."""
        return None if self._delivery is None else self._delivery.identity

    def deliver_other(self, path: Path, timeout: float = 60.0) -> tuple[int, int, int]:
        """Deliver to this log's database the records of another outbox (one made for another
        address of it: see `db deliver-other`); returns (delivered, waiting, refused)."""
        assert self._delivery is not None
        outbox = Outbox(path, for_delivery=True)
        before = outbox.pending() + outbox.rejected()
        outbox.requeue_rejected()
        delivery = self._delivery.sibling(outbox)
        deadline = time.monotonic() + timeout
        try:
            while outbox.pending() > 0 and time.monotonic() < deadline:
                delivery.wake()
                delivery.wait_for_progress(min(deadline - time.monotonic(), 0.5))
            waiting, refused = outbox.pending(), outbox.rejected()
        finally:
            delivery.stop(5.0)
        return before - waiting - refused, waiting, refused

    def stream_head(self) -> StreamHead:
        """This log's stream: its id and last record (`db verify` compares the database)."""
        return self._writer.head()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything acknowledged is delivered; False if `timeout` ran out first."""
        if self._delivery is None:
            return True
        deadline = time.monotonic() + timeout
        while self.pending() > 0:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._delivery.wake()
            self._delivery.wait_for_progress(min(remaining, 0.5))
        return True

    def close(self, timeout: float = 10.0) -> int:
        """Deliver what can be delivered within `timeout`, then stop; the rest waits locally.

        Does not wait for a database that has just refused a connection (the records would
        wait anyway). Returns how many records are left in the outbox."""
        if self._closed:
            return 0
        left = 0
        if self._delivery is not None:
            deadline = time.monotonic() + timeout
            self._drain_while_reachable(deadline)
            self._delivery.stop(max(deadline - time.monotonic(), 1.0))
            left = self.pending()
        self._closed = True
        self._writer.close()
        with self._engine_lock:
            if not isinstance(self._engine_or_store, Path):
                self._engine_or_store.dispose()
        return left

    def _drain_while_reachable(self, deadline: float) -> None:
        delivery = self._delivery
        assert delivery is not None
        while self.pending() > 0 and time.monotonic() < deadline:
            if not delivery.connected and delivery.last_error is not None:
                return  # down: its first failed attempt decides, not the whole timeout
            delivery.wake()
            delivery.wait_for_progress(min(deadline - time.monotonic(), 0.5))

    def __enter__(self) -> DecisionLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------------

    @property
    def _engine(self) -> Engine:
        with self._engine_lock:
            if isinstance(self._engine_or_store, Path):
                from pad_desktop.decisions import schema

                path = self._engine_or_store
                self._engine_or_store = schema.create_engine(schema.sqlite_url(path))
            return self._engine_or_store

    def history(self, f: HistoryFilter, offset: int = 0, limit: int = 100) -> list[StoredDecision]:
        """Decisions matching `f`, newest first, with their overrides."""
        return _queries().history(self._engine, f, offset, limit)

    def count(self, f: HistoryFilter) -> int:
        return _queries().count(self._engine, f)

    def get(self, decision_id: uuid.UUID | str) -> StoredDecision | None:
        return _queries().get(self._engine, decision_id)

    def overrides_for(self, decision_id: uuid.UUID | str) -> list[OverrideRecord]:
        return _queries().overrides_for(self._engine, decision_id)

    def notices_for(self, decision_id: uuid.UUID | str) -> list[NoticeRecord]:
        """The notices issued for a decision, oldest first."""
        return _queries().notices_for(self._engine, decision_id)

    def export_csv(self, f: HistoryFilter, path: Path | str, delimiter: str = ",") -> int:
        """The filtered history as an Excel-safe CSV file; returns the number of decisions."""
        return _queries().export_csv(self._engine, f, path, delimiter)

    def production_inputs(
        self,
        model_id: str | None,
        since: datetime | None = None,
        until: datetime | None = None,
        sources: Collection[Source] | None = None,
    ) -> pd.DataFrame:
        """Inputs logged for a model over a period from `sources` (simulation left out unless
        named), with each decision's time, source, score and outcome."""
        queries = _queries()
        chosen = queries.REAL_SOURCES if sources is None else sources
        return queries.production_inputs(self._engine, model_id, since, until, chosen)

    def decisions_named(
        self, case_refs: Collection[str], ids: Collection[uuid.UUID]
    ) -> list[tuple[uuid.UUID, str | None, datetime]]:
        """(id, case reference, created_at) of the decisions of these cases and these ids."""
        from pad_desktop.decisions import outcome_queries

        return outcome_queries.decisions_named(self._engine, case_refs, ids)

    def outcomes_held(self, decision_ids: Collection[uuid.UUID]) -> dict[str, tuple[int, str]]:
        """Decision id -> (defaulted, observed_on) of the outcomes the log holds for them."""
        from pad_desktop.decisions import outcome_queries

        return outcome_queries.outcomes_held(self._engine, decision_ids)

    def scored_outcomes(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        model_id: str | None = None,
        matured_by: str | None = None,
    ) -> pd.DataFrame:
        """Decisions joined to their outcomes (see `outcome_queries.scored_outcomes`)."""
        from pad_desktop.decisions import outcome_queries

        return outcome_queries.scored_outcomes(self._engine, since, until, model_id, matured_by)

    def shadow_scores(self, model_id: str | None = None) -> pd.DataFrame:
        """The challengers' shadow scores recorded (of one model, or all)."""
        from pad_desktop.decisions import outcome_queries

        return outcome_queries.shadow_scores(self._engine, model_id)

    def replay_rows(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        matured_by: str | None = None,
    ) -> tuple[list[str], pd.DataFrame]:
        """Canonical inputs and outcomes of the period's real decisions, for a replay."""
        from pad_desktop.decisions import outcome_queries

        return outcome_queries.replay_rows(self._engine, since, until, matured_by=matured_by)

    def roles(self, local_user: str) -> Roles:
        """The connected person's roles (`decisions.roles`)."""
        from pad_desktop.decisions.roles import read_roles

        return read_roles(self._engine, local_user)

    def requests(self, **which: object) -> list[RequestState]:
        """Oversight requests with their answers (`oversight_queries.requests`)."""
        from pad_desktop.decisions import oversight_queries

        return oversight_queries.requests(self._engine, **which)  # type: ignore[arg-type]

    def latest_control(self) -> ControlEvent | None:
        """The stop switch's last event in this log's database."""
        from pad_desktop.decisions import oversight_queries

        return oversight_queries.latest_control(self._engine)

    def delegation_band(self) -> float | None:
        """The delegation the shared database sets, else None (the settings' then)."""
        from pad_desktop.decisions import oversight_queries

        return oversight_queries.delegation_band(self._engine)

    def model_events(self, limit: int = 50) -> list[ModelEvent]:
        """Model installs, switches and rollbacks, newest first."""
        return _queries().model_events(self._engine, limit)


def _queries() -> ModuleType:
    """The reading side (SQLAlchemy's ORM, 0.3 s of imports), imported when the log is first
    read rather than at every start."""
    from pad_desktop.decisions import queries

    return queries
