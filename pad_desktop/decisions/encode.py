"""Records turned into rows, once, for both stores: SQLite parameters and PostgreSQL COPY text.

The batch path stays columnar: inputs become JSON by encoding each column's distinct values
once (categories repeat a lot), and a COPY line per row is one f-string. That line is the
record's canonical form (`canonical.py`) followed by its chain hash, computed when the rows are
written (`chain_head.py` knows the stream's last hash). Whatever the database would refuse is
refused here, before anything is acknowledged (`refusals.py`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import repeat
from typing import Any

from pad_desktop.decisions.canonical import (
    NULL,
    PG_UTC,
    canonical_field,
    canonical_json,
    canonical_line,
    json_string,
    sqlite_time,
)
from pad_desktop.decisions.records import (
    ControlEvent,
    DecisionBatch,
    DecisionRecord,
    ErasureRecord,
    JsonLines,
    ModelEvent,
    NoticeRecord,
    OutcomeRecord,
    OverrideRecord,
    OversightAnswer,
    OversightRequest,
    ShadowScore,
    SwitchEvidence,
    TextErasureRecord,
)
from pad_desktop.decisions.refusals import (
    RecordRefused,
    check_finite,
    check_int64,
    check_json_text,
    check_text,
    check_text_lazily,
    check_uuids,
    of_row,
    text_problem,
    what,
)
from pad_desktop.texts import Phrase

# Every record carries its place in its stream and the hash chaining it to the one before.
STREAM_COLUMNS = ("stream_id", "stream_seq")
HASH_COLUMN = "chain_hash"
# The stored columns of each table, in canonical order (`canonical.canonical_line`): a new
# column goes here (and into a migration), and so into the canonical form.
# What the first version (0.1) wrote, which outbox entries acknowledged by it still hold.
PRE_CHAIN_COLUMNS: dict[str, tuple[str, ...]] = {
    "decisions": (
        "id", "created_at", "officer", "workstation", "source", "batch_id", "row_number",
        "model_id", "model_sha256", "inputs", "score", "threshold", "decision", "reasons",
        "latency_ms",
    ),
    "decision_overrides": (
        "id", "decision_id", "created_at", "officer", "workstation", "kind", "new_decision",
        "justification",
    ),
    "model_events": (
        "id", "created_at", "kind", "officer", "workstation", "from_model", "to_model", "repo",
        "repo_commit",
    ),
}  # fmt: skip
# Added by revision 0002 (case references, the OS account, re-score links).
CASE_COLUMNS: dict[str, tuple[str, ...]] = {
    "decisions": ("case_ref", "os_account", "previous_id"),
    "decision_overrides": ("os_account",),
    "model_events": ("os_account",),
}
# Added by revision 0003 (the texts as typed beside the canonical inputs). Records written
# before it have none, and their canonical lines end before these columns: a later column
# enters a record's canonical line only when it is not NULL (`record_line`), and every new
# record has it ("{}" when nothing was typed otherwise), so erasing it breaks the chain.
LATER_COLUMNS: dict[str, tuple[str, ...]] = {
    "decisions": ("typed_inputs", "policy"),  # policy: revision 0007, `policy.evaluate`
    "decision_overrides": (),
    "model_events": (),
}
COLUMNS: dict[str, tuple[str, ...]] = {
    t: (*c, *CASE_COLUMNS[t], *STREAM_COLUMNS, *LATER_COLUMNS[t])
    for t, c in PRE_CHAIN_COLUMNS.items()
}
# Added by revision 0004 (notices issued), chained from the start; after the decisions they
# point at, in delivery order.
COLUMNS["decision_notices"] = (
    "id", "decision_id", "created_at", "officer", "workstation", "os_account", "kind", "lang",
    "override_id", "content_sha256", *STREAM_COLUMNS,
)  # fmt: skip
# Added by revision 0006 (outcomes observed), chained from the start, after the decisions.
COLUMNS["outcomes"] = (
    "id", "decision_id", "created_at", "officer", "workstation", "os_account", "source",
    "case_ref", "defaulted", "observed_on", *STREAM_COLUMNS,
)  # fmt: skip
COLUMNS["shadow_scores"] = (
    "id", "decision_id", "created_at", "model_id", "model_sha256", "threshold", "score",
    *STREAM_COLUMNS,
)  # fmt: skip
COLUMNS["switch_evidence"] = (
    "id", "event_id", "created_at", "officer", "workstation", "os_account", "report_sha256",
    "candidate_sha256", *STREAM_COLUMNS,
)  # fmt: skip
# Added by revision 0008 (erasures): one row per decision whose personal inputs were erased,
# chained from the start, after the decisions it points at (`erasure.py`).
COLUMNS["decision_erasures"] = (
    "id", "decision_id", "created_at", "officer", "workstation", "os_account", "kind", "reason",
    "case_ref", "former_hash", "residual_sha256", *STREAM_COLUMNS,
)  # fmt: skip
# Added by revision 0009 (human oversight), chained from the start, after the decisions.
COLUMNS["oversight_requests"] = (
    "id", "created_at", "officer", "workstation", "os_account", "db_user", "kind",
    "decision_id", "new_decision", "target", "text", *STREAM_COLUMNS,
)  # fmt: skip
COLUMNS["oversight_answers"] = (
    "id", "request_id", "created_at", "officer", "workstation", "os_account", "db_user",
    "verdict", "reason", "override_id", *STREAM_COLUMNS,
)  # fmt: skip
COLUMNS["control_events"] = (
    "id", "created_at", "officer", "workstation", "os_account", "db_user", "kind", "reason",
    *STREAM_COLUMNS,
)  # fmt: skip
# Added by revision 0010 (texts erased): one row per override, request or answer whose free
# text was erased, chained from the start, after the records it points at (`erasure.py`).
COLUMNS["text_erasures"] = (
    "id", "decision_id", "record_table", "record_id", "created_at", "officer", "workstation",
    "os_account", "kind", "reason", "case_ref", "former_hash", "residual_sha256",
    *STREAM_COLUMNS,
)  # fmt: skip
JSON_COLUMNS = frozenset({"inputs", "reasons", "typed_inputs", "policy"})
SHORT_TEXT = 16  # String(16) columns: source, decision, kind, new_decision
# Table name -> columns as written (canonical ones, then the hash), in the order rows are
# encoded; also the order of delivery, so that an override reaches PostgreSQL with (or after)
# the decision it points at.
TABLES: dict[str, tuple[str, ...]] = {t: (*c, HASH_COLUMN) for t, c in COLUMNS.items()}
DECISION_COLUMNS = TABLES["decisions"]
_BACKSLASH, _ESCAPED_BACKSLASH = "\\", "\\\\"  # f-strings of 3.11 take no "\\"


def later_widths(table: str) -> list[tuple[str, ...]]:
    """The columns (hash included) of a chained entry of `table` written by each version since
    the chain: all of them, then without the newest later column, and so on."""
    later = LATER_COLUMNS.get(table, ())
    base = tuple(c for c in COLUMNS[table] if c not in later)
    return [(*base, *later[:k], HASH_COLUMN) for k in range(len(later), -1, -1)]


def record_line(table: str, values: Sequence[Any]) -> str:
    """The canonical line of a stored record (`COLUMNS[table]` values), its NULL later columns
    left out (see `LATER_COLUMNS`)."""
    values = list(values)
    later = len(LATER_COLUMNS.get(table, ()))
    while later and values and values[-1] is None:
        values.pop()
        later -= 1
    return canonical_line(values)


def copy_field(value: Any) -> str:
    """One value in PostgreSQL's COPY text format (which the canonical form is)."""
    return canonical_field(value)


def _json_value(value: Any) -> str:
    """JSON for one input value; NaN, infinities and missing values are null (JSONB has no NaN)."""
    if type(value) is str:  # the common case first, without the checks below
        return json_string(value)
    if hasattr(value, "item") and not hasattr(value, "isoformat"):  # numpy scalar
        value = value.item()
    if value is not None and type(value) not in (str, int, float, bool) and _is_missing(value):
        return "null"
    return canonical_json(value)


def _is_missing(value: Any) -> bool:
    import pandas as pd

    return value is pd.NaT or value is pd.NA


def _checked_key(name: Any) -> str:
    key = str(name)
    check_text_lazily(key, "input_name", name=key)
    return key


def _checked_value(text: str, key: str, where: Phrase | str) -> str:
    if "\\u0000" in text or text_problem(text) is not None:
        check_json_text(text, what("input", name=key), where)
    return text


def inputs_json(inputs: dict[str, Any]) -> str:
    """Canonical JSON of one applicant's inputs (keys sorted: JSONB does not keep their order)."""
    if all(type(k) is str for k in inputs):  # the usual case: one check of the whole text
        text = (
            "{"
            + ",".join(f"{json_string(k)}:{_json_value(inputs[k])}" for k in sorted(inputs))
            + "}"
        )
        if "\\u0000" not in text and text_problem(text) is None:
            return text  # else the member-wise pass below names the culprit
    members = sorted((_checked_key(k), v) for k, v in inputs.items())
    if len({k for k, _ in members}) < len(members):
        raise RecordRefused(what("inputs"), Phrase("log.problem_twice"))
    return (
        "{"
        + ",".join(f"{json_string(k)}:{_checked_value(_json_value(v), k, '')}" for k, v in members)
        + "}"
    )


def frame_json_lines(frame: Any, row_numbers: Sequence[int] | None = None) -> list[str]:
    """One canonical JSON object per row of a DataFrame, encoding each column's distinct values
    once; a value the database would refuse names its row (`row_numbers`, else its position)."""
    import numpy as np
    import pandas as pd

    names = [_checked_key(name) for name in frame.columns]
    if len(set(names)) < len(names):
        raise RecordRefused(what("inputs"), Phrase("log.problem_twice"))
    columns = []
    for position in sorted(range(len(names)), key=names.__getitem__):
        key = json_string(names[position]) + ":"
        codes, uniques = pd.factorize(frame.iloc[:, position], use_na_sentinel=True)
        # code -1 (missing) takes the last entry, null
        encoded = [key + _json_value(u) for u in uniques] + [key + "null"]
        _check_encoded(encoded, codes, names[position], row_numbers)
        columns.append(np.array(encoded, dtype=object)[codes])
    if not columns:
        return ["{}"] * len(frame)
    return ["{" + ",".join(members) + "}" for members in zip(*columns, strict=True)]


def _check_encoded(
    encoded: list[str], codes: Any, name: str, row_numbers: Sequence[int] | None
) -> None:
    """One pass over a column's distinct values (joined); the culprit is looked for only if
    there is one."""
    blob = "".join(encoded)
    if "\\u0000" not in blob and text_problem(blob) is None:
        return
    import numpy as np

    for code, text in enumerate(encoded):
        if "\\u0000" in text or text_problem(text) is not None:
            row = int(np.flatnonzero(codes == code)[0])
            at = row if row_numbers is None else row_numbers[row]
            _checked_value(text, name, of_row(at))


def _reasons_json(reasons: Sequence[Sequence[str]]) -> list[str]:
    cache: dict[tuple[str, ...], str] = {}  # a batch repeats the same few reason combinations
    out = []
    for r in reasons:
        key = tuple(r)
        text = cache.get(key)
        if text is None:
            for reason in key:
                check_text_lazily(str(reason), "reason", reason=reason)
            text = cache[key] = canonical_json(list(key))
        out.append(text)
    return out


def rows_text(lines: Sequence[str], hashes: Sequence[str]) -> str:
    """COPY text of canonical lines: each followed by its chain hash (the last column)."""
    return "".join([f"{line}\t{h}\n" for line, h in zip(lines, hashes, strict=True)])


@dataclass(slots=True)
class DecisionRows:
    """Decisions ready to store: the fields a chunk shares once, plain per-row lists."""

    officer: str
    workstation: str
    source: str
    batch_id: str | None
    model_id: str
    model_sha256: str
    threshold: float
    ids: list[str]
    created_at: list[str]  # UTC ISO text, see columns.SQLITE_TIME_FORMAT
    row_numbers: list[int | None]
    inputs: list[str]  # JSON
    scores: list[float]
    decisions: list[str]
    reasons: list[str]  # JSON
    latency_ms: list[float]
    case_refs: list[str | None]
    os_account: str
    previous_ids: list[str | None]
    typed_inputs: list[str]  # JSON, "{}" when every cell was a plain spelling
    policy: list[str]  # JSON, the policy's verdict (`policy.evaluate`), "{}" without a policy
    run_key: str | None = None  # a batch run's file and model (`batch_runs`)

    table = "decisions"

    @classmethod
    def from_record(cls, rec: DecisionRecord) -> DecisionRows:
        return cls(
            officer=rec.officer,
            workstation=rec.workstation,
            source=str(rec.source),
            batch_id=None if rec.batch_id is None else str(rec.batch_id),
            model_id=rec.model_id,
            model_sha256=rec.model_sha256,
            threshold=float(rec.threshold),
            ids=[str(rec.id)],
            created_at=[sqlite_time(rec.created_at)],
            row_numbers=[rec.row_number],
            inputs=[inputs_json(rec.inputs)],
            scores=[float(rec.score)],
            decisions=[str(rec.decision)],
            reasons=_reasons_json([rec.reasons]),
            latency_ms=[float(rec.latency_ms)],
            case_refs=[rec.case_ref],
            os_account=rec.os_account,
            previous_ids=[_optional(rec.previous_id)],
            typed_inputs=[_typed_json(rec.typed_inputs)],
            policy=[canonical_json(rec.policy) if rec.policy else "{}"],
        ).checked()

    @classmethod
    def from_batch(cls, batch: DecisionBatch) -> DecisionRows:
        import numpy as np

        row_numbers = np.asarray(batch.row_numbers, dtype=np.int64).tolist()
        return cls(
            officer=batch.officer,
            workstation=batch.workstation,
            source=str(batch.source),
            batch_id=str(batch.batch_id),
            model_id=batch.model_id,
            model_sha256=batch.model_sha256,
            threshold=float(batch.threshold),
            ids=np.asarray(batch.ids).astype(str).tolist(),
            created_at=np.datetime_as_string(
                np.asarray(batch.created_at, dtype="datetime64[us]"), unit="us"
            ).tolist(),
            row_numbers=row_numbers,
            inputs=frame_json_lines(batch.inputs, row_numbers),
            scores=np.asarray(batch.scores, dtype=np.float64).tolist(),
            decisions=np.asarray(batch.decisions).astype(str).tolist(),
            reasons=_reasons_json(batch.reasons),
            latency_ms=np.asarray(batch.latency_ms, dtype=np.float64).tolist(),
            case_refs=[None] * len(batch)
            if batch.case_refs is None
            else [None if c is None else str(c) for c in batch.case_refs],
            os_account=batch.os_account,
            previous_ids=[None] * len(batch)
            if batch.previous_ids is None
            else [_optional(p) for p in batch.previous_ids],
            typed_inputs=_typed_lines(batch.typed_inputs, len(batch)),
            policy=_typed_lines(batch.policy, len(batch)),
            run_key=batch.run_key,
        ).checked()

    def checked(self) -> DecisionRows:
        """These rows, if the database will take them; else `RecordRefused` (inputs and reasons
        are checked while they are encoded)."""
        check_text_lazily(self.officer, "officer")
        check_text_lazily(self.workstation, "workstation")
        check_text_lazily(self.source, "source", SHORT_TEXT)
        check_text_lazily(self.model_id, "model_id")
        check_text_lazily(self.model_sha256, "model_sha256", 64)
        check_text_lazily(self.os_account, "os_account")
        for ref in self.case_refs:
            check_text_lazily(ref, "case_ref")
        previous = [p for p in self.previous_ids if p is not None]
        if previous:
            check_uuids(previous, what("previous_id"))
        check_uuids(self.ids, what("id"))
        if self.batch_id is not None:
            check_uuids([self.batch_id], what("batch_id"))
        for decision in set(self.decisions):
            check_text_lazily(decision, "decision", SHORT_TEXT)
        check_int64(self.row_numbers, what("row_number"))
        check_finite([self.threshold], what("threshold"))
        check_finite(self.scores, what("score"), self.row_numbers)
        check_finite(self.latency_ms, what("latency"), self.row_numbers)
        return self

    def __len__(self) -> int:
        return len(self.ids)

    def shared_key(self) -> tuple:
        """The fields stored once per chunk: rows with equal keys can share one chunk."""
        return tuple(getattr(self, name) for name in _SHARED)

    @classmethod
    def merged(cls, parts: Sequence[DecisionRows]) -> DecisionRows:
        """One chunk of the rows of `parts`, which share `shared_key()`."""
        if len(parts) == 1:
            return parts[0]
        per_row = {name: [v for p in parts for v in getattr(p, name)] for name in PER_ROW_FIELDS}
        return dataclasses.replace(parts[0], **per_row)

    def sqlite_rows(self, stream_id: str, first_seq: int, hashes: Sequence[str]) -> Iterator:
        return zip(
            self.ids,
            self.created_at,
            repeat(self.officer),
            repeat(self.workstation),
            repeat(self.source),
            repeat(self.batch_id),
            self.row_numbers,
            repeat(self.model_id),
            repeat(self.model_sha256),
            self.inputs,
            self.scores,
            repeat(self.threshold),
            self.decisions,
            self.reasons,
            self.latency_ms,
            self.case_refs,
            repeat(self.os_account),
            self.previous_ids,
            repeat(stream_id),
            range(first_seq, first_seq + len(self)),
            self.typed_inputs,
            self.policy,
            hashes,
        )

    def canonical_lines(self, stream_id: str, first_seq: int) -> list[str]:
        """`canonical.canonical_line` of each row, column-wise (JSON holds no raw tab or
        newline, ids and times are plain ASCII: only the JSON's backslashes need escaping)."""
        shared = "\t".join(
            copy_field(v) for v in (self.officer, self.workstation, self.source, self.batch_id)
        )
        model = f"{copy_field(self.model_id)}\t{copy_field(self.model_sha256)}"
        threshold = repr(self.threshold)
        stream = copy_field(stream_id)
        account = copy_field(self.os_account)
        cases = [copy_field(c) for c in self.case_refs]
        previous = [NULL if p is None else p for p in self.previous_ids]
        inputs, reasons = _copy_escaped(self.inputs), _copy_escaped(self.reasons)
        typed = _copy_escaped(self.typed_inputs)
        policy = _copy_escaped(self.policy)
        decisions = self.decisions
        if any(copy_field(d) != d for d in set(decisions)):
            decisions = [copy_field(d) for d in decisions]
        return [
            f"{i}\t{t}{PG_UTC}\t{shared}\t{NULL if r is None else r}\t{model}\t{inp}\t{s!r}\t"
            f"{threshold}\t{d}\t{rs}\t{lat!r}\t{c}\t{account}\t{p}\t{stream}\t{q}\t{ty}\t{po}"
            for i, t, r, inp, s, d, rs, lat, c, p, q, ty, po in zip(
                self.ids, self.created_at, self.row_numbers, inputs, self.scores,
                decisions, reasons, self.latency_ms, cases, previous,
                range(first_seq, first_seq + len(self)), typed, policy, strict=True,
            )
        ]  # fmt: skip


_SHARED = ("officer", "workstation", "source", "batch_id", "model_id", "model_sha256",
           "threshold", "os_account")  # fmt: skip
PER_ROW_FIELDS = ("ids", "created_at", "row_numbers", "inputs", "scores", "decisions", "reasons",
            "latency_ms", "case_refs", "previous_ids", "typed_inputs", "policy")  # fmt: skip


def _typed_json(typed: dict[str, str]) -> str:
    """One record's texts as typed (field -> text), canonical JSON."""
    if not typed:
        return "{}"
    for key, text in typed.items():
        check_text_lazily(str(key), "input_name", name=key)
        _checked_value(json_string(str(text)), str(key), Phrase("log.as_typed"))
    return canonical_json({str(k): str(v) for k, v in typed.items()})


def _typed_lines(lines: Sequence[str] | None, n: int) -> list[str]:
    """A batch's typed inputs (JSON per row, see `canonical_inputs`), checked like inputs."""
    if lines is None:
        return ["{}"] * n
    parts = lines.parts if isinstance(lines, JsonLines) else None
    lines = lines if parts is not None else list(lines)
    # not the distinct lines: a policy's verdicts are all distinct (its parts are few)
    blob = "".join(lines if parts is None else parts)
    if "\\u0000" in blob or text_problem(blob) is not None:
        for text in set(lines):
            _checked_value(text, "typed_inputs", "")
    return lines


def _copy_escaped(json_texts: list[str]) -> list[str]:
    """JSON in COPY text: double its backslashes (rare, so look before copying every row)."""
    texts = json_texts.parts if isinstance(json_texts, JsonLines) else json_texts
    if not any(_BACKSLASH in text for text in texts):
        return json_texts
    return [text.replace(_BACKSLASH, _ESCAPED_BACKSLASH) for text in json_texts]


@dataclass(slots=True)
class RecordRows:
    """A few overrides or model events: small volumes, encoded generically (`COLUMNS` order
    without the stream columns; times as datetimes)."""

    table: str
    rows: list[tuple[Any, ...]]

    def __len__(self) -> int:
        return len(self.rows)

    def sqlite_rows(self, stream_id: str, first_seq: int, hashes: Sequence[str]) -> Iterable:
        for seq, (row, h) in enumerate(zip(self.rows, hashes, strict=True), first_seq):
            values = (sqlite_time(v) if isinstance(v, datetime) else v for v in row)
            yield (*values, stream_id, seq, h)

    def canonical_lines(self, stream_id: str, first_seq: int) -> list[str]:
        return [
            canonical_line((*row, stream_id, seq)) for seq, row in enumerate(self.rows, first_seq)
        ]


def _optional(value: object | None) -> str | None:
    return None if value is None else str(value)


def _checked_record(table: str, row: tuple[Any, ...]) -> RecordRows:
    columns = COLUMNS[table]
    for name, value in zip(columns, row, strict=False):
        if name in ("id", "event_id", "request_id") or (
            name in ("override_id", "decision_id") and value is not None
        ):
            check_uuids([value], what("column", column=name.replace("_", " ")))
        elif isinstance(value, str):
            short = (
                SHORT_TEXT
                if name in ("kind", "new_decision", "lang", "source", "verdict")
                else None
            )
            short = 64 if name.endswith(("sha256", "_hash")) else short
            check_text(value, what("column", column=name.replace("_", " ")), short)
    return RecordRows(table, [row])


def override_rows(o: OverrideRecord) -> RecordRows:
    row = (
        str(o.id), str(o.decision_id), o.created_at, o.officer, o.workstation,
        o.kind, _optional(o.new_decision), o.justification, o.os_account,
    )  # fmt: skip
    return _checked_record("decision_overrides", row)


def event_rows(e: ModelEvent) -> RecordRows:
    row = (
        str(e.id), e.created_at, e.kind, e.officer, e.workstation, e.from_model,
        e.to_model, e.repo, e.commit, e.os_account,
    )  # fmt: skip
    return _checked_record("model_events", row)


def notice_rows(n: NoticeRecord) -> RecordRows:
    row = (
        str(n.id), str(n.decision_id), n.created_at, n.officer, n.workstation, n.os_account,
        str(n.kind), n.lang, _optional(n.override_id), n.content_sha256,
    )  # fmt: skip
    return _checked_record("decision_notices", row)


def outcome_rows(outcomes: Sequence[OutcomeRecord]) -> RecordRows:
    """Outcomes of one import, written in one transaction."""
    rows = []
    for o in outcomes:
        row = (
            str(o.id), str(o.decision_id), o.created_at, o.officer, o.workstation,
            o.os_account, o.source, o.case_ref, int(o.defaulted), o.observed_on,
        )  # fmt: skip
        rows.extend(_checked_record("outcomes", row).rows)
    return RecordRows("outcomes", rows)


def shadow_rows(scores: Sequence[ShadowScore]) -> RecordRows:
    """A challenger's scores of live decisions, in one transaction."""
    check_finite([s.score for s in scores], "the shadow score")
    check_finite([s.threshold for s in scores], "the threshold")
    rows = []
    for s in scores:
        row = (
            str(s.id), str(s.decision_id), s.created_at, s.model_id, s.model_sha256,
            float(s.threshold), float(s.score),
        )  # fmt: skip
        rows.extend(_checked_record("shadow_scores", row).rows)
    return RecordRows("shadow_scores", rows)


def evidence_rows(e: SwitchEvidence) -> RecordRows:
    row = (
        str(e.id), str(e.event_id), e.created_at, e.officer, e.workstation, e.os_account,
        e.report_sha256, e.candidate_sha256,
    )  # fmt: skip
    return _checked_record("switch_evidence", row)


def erasure_rows(erasures: Sequence[ErasureRecord]) -> RecordRows:
    """The erasures of one request (or one purge), written in one transaction."""
    rows = []
    for e in erasures:
        row = (
            str(e.id), str(e.decision_id), e.created_at, e.officer, e.workstation, e.os_account,
            e.kind, e.reason, e.case_ref, e.former_hash, e.residual_sha256,
        )  # fmt: skip
        rows.extend(_checked_record("decision_erasures", row).rows)
    return RecordRows("decision_erasures", rows)


def text_erasure_rows(erasures: Sequence[TextErasureRecord]) -> RecordRows:
    """The text erasures of one request (or one purge), written in one transaction."""
    rows = []
    for e in erasures:
        row = (
            str(e.id), str(e.decision_id), e.record_table, str(e.record_id), e.created_at,
            e.officer, e.workstation, e.os_account, e.kind, e.reason, e.case_ref,
            e.former_hash, e.residual_sha256,
        )  # fmt: skip
        rows.extend(_checked_record("text_erasures", row).rows)
    return RecordRows("text_erasures", rows)


def request_rows(r: OversightRequest) -> RecordRows:
    row = (
        str(r.id), r.created_at, r.officer, r.workstation, r.os_account, r.db_user, str(r.kind),
        _optional(r.decision_id), _optional(r.new_decision), r.target, r.text,
    )  # fmt: skip
    return _checked_record("oversight_requests", row)


def answer_rows(a: OversightAnswer) -> RecordRows:
    row = (
        str(a.id), str(a.request_id), a.created_at, a.officer, a.workstation, a.os_account,
        a.db_user, str(a.verdict), a.reason, _optional(a.override_id),
    )  # fmt: skip
    return _checked_record("oversight_answers", row)


def control_rows(c: ControlEvent) -> RecordRows:
    row = (
        str(c.id), c.created_at, c.officer, c.workstation, c.os_account, c.db_user, c.kind,
        c.reason,
    )  # fmt: skip
    return _checked_record("control_events", row)
