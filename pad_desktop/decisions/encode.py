"""Records turned into rows, once, for both stores: SQLite parameters and PostgreSQL COPY text.

The batch path stays columnar: inputs become JSON by encoding each column's distinct values
once (categories repeat a lot), and a COPY line per row is one f-string.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from pad_desktop.decisions.columns import sqlite_time
from pad_desktop.records import DecisionBatch, DecisionRecord, ModelEvent, OverrideRecord

DECISION_COLUMNS_1 = (
    "id", "created_at", "officer", "workstation", "source", "batch_id", "row_number",
    "model_id", "model_sha256", "inputs", "score", "threshold", "decision", "reasons",
    "latency_ms",
)  # fmt: skip
OVERRIDE_COLUMNS_1 = (
    "id", "decision_id", "created_at", "officer", "workstation", "kind", "new_decision",
    "justification",
)  # fmt: skip
EVENT_COLUMNS_1 = (
    "id", "created_at", "kind", "officer", "workstation", "from_model", "to_model", "repo",
    "repo_commit",
)  # fmt: skip
DECISION_COLUMNS = (*DECISION_COLUMNS_1, "case_ref", "os_account", "previous_id")
OVERRIDE_COLUMNS = (*OVERRIDE_COLUMNS_1, "os_account")
EVENT_COLUMNS = (*EVENT_COLUMNS_1, "os_account")
# Table name -> columns, in the order rows are encoded; also the order of delivery, so that
# an override reaches PostgreSQL with (or after) the decision it points at.
TABLES: dict[str, tuple[str, ...]] = {
    "decisions": DECISION_COLUMNS,
    "decision_overrides": OVERRIDE_COLUMNS,
    "model_events": EVENT_COLUMNS,
}
# How an outbox entry's rows are laid out: (table, columns). Entries written by an older
# version may still wait in an outbox; they keep their layout name and are delivered as such.
LAYOUT_VERSION = 2
LAYOUTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "decisions": ("decisions", DECISION_COLUMNS_1),
    f"decisions@{LAYOUT_VERSION}": ("decisions", DECISION_COLUMNS),
    "decision_overrides": ("decision_overrides", OVERRIDE_COLUMNS_1),
    f"decision_overrides@{LAYOUT_VERSION}": ("decision_overrides", OVERRIDE_COLUMNS),
    "model_events": ("model_events", EVENT_COLUMNS_1),
    f"model_events@{LAYOUT_VERSION}": ("model_events", EVENT_COLUMNS),
}


def layout_of(table: str) -> str:
    """The layout name new rows of `table` are written with."""
    return f"{table}@{LAYOUT_VERSION}"

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_PG_UTC = "+00"  # appended to the SQLite time text to make a PostgreSQL timestamptz
_NULL, _BACKSLASH, _ESCAPED_BACKSLASH = "\\N", "\\", "\\\\"  # f-strings of 3.11 take no "\\"


def copy_field(value: Any) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return _NULL
    if isinstance(value, float):
        return repr(value)
    return str(value).translate(_COPY_ESCAPES)


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):  # dates and times, pandas Timestamps included
        return value.isoformat()
    return str(value)


_json_string = json.encoder.encode_basestring  # C-accelerated, keeps non-ASCII letters


def _json_value(value: Any) -> str:
    """JSON for one input value; NaN, infinities and missing values are null (JSONB has no NaN)."""
    if hasattr(value, "item") and not hasattr(value, "isoformat"):  # numpy scalar
        value = value.item()
    kind = type(value)
    if kind is str:  # the common cases first, without json.dumps' overhead
        return _json_string(value)
    if kind is int:
        return str(value)
    if kind is float:
        return repr(value) if math.isfinite(value) else "null"
    if value is None or kind is bool:
        return {None: "null", True: "true", False: "false"}[value]
    if _is_missing(value):
        return "null"
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _is_missing(value: Any) -> bool:
    import pandas as pd

    return value is pd.NaT or value is pd.NA


def inputs_json(inputs: dict[str, Any]) -> str:
    members = (f"{_json_string(str(k))}:{_json_value(v)}" for k, v in inputs.items())
    return "{" + ",".join(members) + "}"


def frame_json_lines(frame: Any) -> list[str]:
    """One JSON object per row of a DataFrame, encoding each column's distinct values once."""
    import numpy as np
    import pandas as pd

    columns = []
    for name in frame.columns:
        codes, uniques = pd.factorize(frame[name], use_na_sentinel=True)
        key = _json_string(str(name)) + ":"
        # code -1 (missing) takes the last entry, null
        encoded = [key + _json_value(u) for u in uniques] + [key + "null"]
        columns.append(np.array(encoded, dtype=object)[codes])
    if not columns:
        return ["{}"] * len(frame)
    return ["{" + ",".join(members) + "}" for members in zip(*columns, strict=True)]


def _reasons_json(reasons: Sequence[Sequence[str]]) -> list[str]:
    cache: dict[tuple[str, ...], str] = {}  # a batch repeats the same few reason combinations
    out = []
    for r in reasons:
        key = tuple(r)
        text = cache.get(key)
        if text is None:
            text = cache[key] = json.dumps(list(key), ensure_ascii=False)
        out.append(text)
    return out


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

    table = "decisions"
    layout = layout_of("decisions")

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
        )

    @classmethod
    def from_batch(cls, batch: DecisionBatch) -> DecisionRows:
        import numpy as np

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
            row_numbers=np.asarray(batch.row_numbers, dtype=np.int64).tolist(),
            inputs=frame_json_lines(batch.inputs),
            scores=np.asarray(batch.scores, dtype=np.float64).tolist(),
            decisions=np.asarray(batch.decisions).astype(str).tolist(),
            reasons=_reasons_json(batch.reasons),
            latency_ms=np.asarray(batch.latency_ms, dtype=np.float64).tolist(),
            case_refs=[None] * len(batch)
            if batch.case_refs is None
            else [None if c is None else str(c) for c in batch.case_refs],
            os_account=batch.os_account,
            previous_ids=[None] * len(batch),
        )

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
        per_row = {name: [v for p in parts for v in getattr(p, name)] for name in _PER_ROW}
        return dataclasses.replace(parts[0], **per_row)

    def sqlite_rows(self) -> Iterator[tuple[Any, ...]]:
        return zip(
            self.ids, self.created_at, repeat(self.officer), repeat(self.workstation),
            repeat(self.source), repeat(self.batch_id), self.row_numbers, repeat(self.model_id),
            repeat(self.model_sha256), self.inputs, self.scores, repeat(self.threshold),
            self.decisions, self.reasons, self.latency_ms, self.case_refs,
            repeat(self.os_account), self.previous_ids,
        )  # fmt: skip

    def copy_text(self) -> str:
        """COPY text for `DECISION_COLUMNS`; JSON holds no raw tab or newline, only backslashes."""
        shared = "\t".join(
            copy_field(v) for v in (self.officer, self.workstation, self.source, self.batch_id)
        )
        model = f"{copy_field(self.model_id)}\t{copy_field(self.model_sha256)}"
        threshold = repr(self.threshold)
        inputs, reasons = _copy_escaped(self.inputs), _copy_escaped(self.reasons)
        account = copy_field(self.os_account)
        cases = [copy_field(c) for c in self.case_refs]
        previous = [_NULL if p is None else p for p in self.previous_ids]
        lines = [
            f"{i}\t{t}{_PG_UTC}\t{shared}\t{_NULL if r is None else r}\t{model}\t{inp}\t{s!r}\t"
            f"{threshold}\t{d}\t{rs}\t{lat!r}\t{c}\t{account}\t{p}\n"
            for i, t, r, inp, s, d, rs, lat, c, p in zip(
                self.ids, self.created_at, self.row_numbers, inputs, self.scores,
                self.decisions, reasons, self.latency_ms, cases, previous, strict=True,
            )
        ]  # fmt: skip
        return "".join(lines)


_SHARED = ("officer", "workstation", "source", "batch_id", "model_id", "model_sha256",
           "threshold", "os_account")  # fmt: skip
_PER_ROW = ("ids", "created_at", "row_numbers", "inputs", "scores", "decisions", "reasons",
            "latency_ms", "case_refs", "previous_ids")  # fmt: skip


def _copy_escaped(json_texts: list[str]) -> list[str]:
    """JSON in COPY text: double its backslashes (rare, so look before copying every row)."""
    if not any(_BACKSLASH in text for text in json_texts):
        return json_texts
    return [text.replace(_BACKSLASH, _ESCAPED_BACKSLASH) for text in json_texts]


@dataclass(slots=True)
class RecordRows:
    """A few overrides or model events: small volumes, encoded generically."""

    table: str
    rows: list[tuple[Any, ...]]

    @property
    def layout(self) -> str:
        return layout_of(self.table)

    def __len__(self) -> int:
        return len(self.rows)

    def sqlite_rows(self) -> Iterable[tuple[Any, ...]]:
        return self.rows

    def copy_text(self) -> str:
        created = TABLES[self.table].index("created_at")
        lines = []
        for row in self.rows:
            fields = [copy_field(v) for v in row]
            fields[created] += _PG_UTC
            lines.append("\t".join(fields) + "\n")
        return "".join(lines)


def _optional(value: object | None) -> str | None:
    return None if value is None else str(value)


def override_rows(o: OverrideRecord) -> RecordRows:
    row = (
        str(o.id), str(o.decision_id), sqlite_time(o.created_at), o.officer, o.workstation,
        o.kind, _optional(o.new_decision), o.justification, o.os_account,
    )  # fmt: skip
    return RecordRows("decision_overrides", [row])


def event_rows(e: ModelEvent) -> RecordRows:
    row = (
        str(e.id), sqlite_time(e.created_at), e.kind, e.officer, e.workstation, e.from_model,
        e.to_model, e.repo, e.commit, e.os_account,
    )  # fmt: skip
    return RecordRows("model_events", [row])
