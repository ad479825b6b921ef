"""Retention, erasure and access for one applicant (`pad-desktop privacy`), Qt-free.

Erasure and purge go through the log (`decisions/erasing.py`) and then clean the folder of
files the app writes itself: the batch runs' results and errors files under the cache's
`batch` folder (`gui/batch_tab`). A case's lines are removed from them (a line is the case's
when one of its cells is the case reference); a purge removes the files older than the
retention period whole. Files the user saved elsewhere are the user's, out of our reach.

Access gathers everything the log holds about a case as JSON and as escaped HTML, which the
command line prints to PDF with Qt (as the notice is).
"""

from __future__ import annotations

import csv
import html
import io
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from pad_desktop.decisions import erasure
from pad_desktop.decisions.erasing import ErasureRefused, ErasureReport, Selection, Who, erase
from pad_desktop.decisions.log import DecisionLog
from pad_desktop.texts import text

# Tables pointing at a decision that an access report lists, by its key. "reviews" are the
# requests for a second person about the decision (the applicant's review request, a pending
# override), each with the answers it received.
RELATED: dict[str, str] = {
    "overrides": "decision_overrides",
    "notices": "decision_notices",
    "outcomes": "outcomes",
    "erasures": "decision_erasures",
    "reviews": "oversight_requests",
}
MAX_CASE_REF = 200


def exports_folder() -> Path:
    """The folder of files the app writes itself (batch results and errors)."""
    from pad_desktop.runtime.paths import user_cache_dir

    return user_cache_dir() / "batch"


def check_case_ref(case_ref: str) -> str:
    if not case_ref or len(case_ref) > MAX_CASE_REF or "\x00" in case_ref:
        raise ErasureRefused("privacy.bad_case", case_ref=case_ref[:40])
    return case_ref


@dataclass(frozen=True, slots=True)
class Erasure:
    report: ErasureReport
    files: int  # files of the exports folder changed or removed


def erase_case(log: DecisionLog, case_ref: str, reason: str, who: Who, now: datetime) -> Erasure:
    """An applicant's erasure request: every decision of the case, every store, the exports
    folder. Unknown case: `ErasureRefused` (nothing held)."""
    check_case_ref(case_ref)
    if not reason.strip():
        raise ErasureRefused("privacy.no_reason")
    report = erase(log, Selection(case_refs=frozenset({case_ref})), who, "request", reason, now)
    files = scrub_exports(exports_folder(), {case_ref})
    if report.found == 0 and files == 0:
        raise ErasureRefused("privacy.unknown_case", case_ref=case_ref)
    return Erasure(report, files)


def purge(log: DecisionLog, days: int, as_of: datetime, who: Who, lang: str) -> Erasure:
    """The retention period: decisions made more than `days` before `as_of` (the clock, an
    input) lose their personal inputs; older files of the exports folder are removed."""
    before = as_of - timedelta(days=days)
    reason = text("privacy.retention_reason", "en", days=days)
    report = erase(log, Selection(before=before), who, "retention", reason, as_of)
    return Erasure(report, remove_older(exports_folder(), before))


def scrub_exports(folder: Path, case_refs: set[str]) -> int:
    """Remove the lines of `case_refs` from the CSV files of `folder`; how many files changed."""
    if not folder.is_dir():
        return 0
    wanted = case_refs | {"'" + c for c in case_refs}  # a neutralised cell keeps its quote
    changed = 0
    for path in sorted(folder.glob("*.csv")):
        raw = path.read_bytes()
        bom = raw.startswith(b"\xef\xbb\xbf")
        content = raw.decode("utf-8-sig", errors="replace")
        separator = (
            ";"
            if content.split("\n", 1)[0].count(";") > content.split("\n", 1)[0].count(",")
            else ","
        )
        ending = "\r\n" if "\r\n" in content else "\n"
        rows = list(csv.reader(io.StringIO(content, newline=""), delimiter=separator))
        kept = [r for r in rows if not wanted.intersection(r)]
        if len(kept) == len(rows):
            continue
        out = io.StringIO(newline="")
        csv.writer(out, delimiter=separator, lineterminator=ending).writerows(kept)
        _replace(path, (("\ufeff" if bom else "") + out.getvalue()).encode("utf-8"))
        changed += 1
    return changed


def remove_older(folder: Path, before: datetime) -> int:
    if not folder.is_dir():
        return 0
    removed = 0
    for path in sorted(folder.glob("*.csv")):
        if datetime.fromtimestamp(path.stat().st_mtime, UTC) < before:
            path.unlink()
            removed += 1
    return removed


def _replace(path: Path, data: bytes) -> None:
    """Overwrite in place (the old bytes do not stay in a free block of the file), then trim."""
    with path.open("r+b") as handle:
        handle.write(data)
        handle.truncate()
        handle.flush()
        os.fsync(handle.fileno())


# -- access --------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value


def case_report(log: DecisionLog, case_ref: str, now: datetime) -> dict[str, Any]:
    """Everything the log holds about a case: its decisions, each with its inputs (or that
    they were erased), reasons, policy verdict and the rows pointing at it."""
    check_case_ref(case_ref)
    engine = log._engine
    meta = sa.MetaData()
    with engine.connect() as conn:
        decisions = sa.Table("decisions", meta, autoload_with=conn)
        rows = (
            conn.execute(
                sa.select(decisions)
                .where(decisions.c.case_ref == case_ref)
                .order_by(decisions.c.created_at)
            )
            .mappings()
            .all()
        )
        if not rows:
            raise ErasureRefused("privacy.unknown_case_export", case_ref=case_ref)
        ids = [r["id"] for r in rows]
        related: dict[str, dict[str, list[dict[str, Any]]]] = {}
        names = set(sa.inspect(conn).get_table_names())
        for key, table_name in RELATED.items():
            if table_name not in names:
                continue
            table = sa.Table(table_name, meta, autoload_with=conn)
            for r in conn.execute(sa.select(table).where(table.c.decision_id.in_(ids))).mappings():
                item = _shown(table_name, {k: _plain(v) for k, v in r.items() if k not in _CHAIN})
                related.setdefault(str(r["decision_id"]), {}).setdefault(key, []).append(item)
        if "oversight_answers" in names:
            _attach_answers(conn, meta, related)
    out = []
    for r in rows:
        d = {k: _plain(v) for k, v in r.items() if k not in _CHAIN}
        d["inputs_erased"] = erasure.is_erased(d.get("inputs"))
        if d["inputs_erased"]:
            d["inputs"] = d["typed_inputs"] = "erased"
            if isinstance(d.get("policy"), dict) and "inputs" in d["policy"]:
                d["policy"] = {**d["policy"], "inputs": "erased"}
        d.update({k: related.get(str(r["id"]), {}).get(k, []) for k in RELATED})
        out.append(d)
    return {"case_ref": case_ref, "produced_at": now.isoformat(), "decisions": out}


def _attach_answers(conn: Any, meta: sa.MetaData, related: dict[str, dict[str, list]]) -> None:
    """Each request listed gets the answers given to it (approval, rejection, review)."""
    requests = {item["id"]: item for d in related.values() for item in d.get("reviews", [])}
    if not requests:
        return
    answers = sa.Table("oversight_answers", meta, autoload_with=conn)
    query = sa.select(answers).where(answers.c.request_id.in_(list(requests)))
    for item in requests.values():
        item["answers"] = []
    for r in conn.execute(query.order_by(answers.c.created_at)).mappings():
        answer = _shown(
            "oversight_answers", {k: _plain(v) for k, v in r.items() if k not in _CHAIN}
        )
        requests[answer["request_id"]]["answers"].append(answer)


def _shown(table: str, item: dict[str, Any]) -> dict[str, Any]:
    """A row as the report shows it: a free text erased (revision 0010) reads "erased"."""
    column = erasure.TEXTS.get(table)
    if column is not None and erasure.is_erased_text(item.get(column)):
        item[column] = "erased"
    return item


_CHAIN = frozenset({"stream_id", "stream_seq", "chain_hash", "received_at"})


def report_html(report: dict[str, Any], lang: str) -> str:
    """The access report as HTML for Qt's rich text: every text escaped (no markup, no script
    from the data can reach the PDF)."""
    e = html.escape
    t: Callable[..., str] = lambda key, **v: e(text(f"privacy.{key}", lang, **v))  # noqa: E731
    parts = [
        f"<h1>{t('title', case_ref=report['case_ref'])}</h1>",
        f"<p>{t('produced', at=report['produced_at'][:19].replace('T', ' '))}</p>",
    ]
    for d in report["decisions"]:
        at = str(d["created_at"])[:19].replace("T", " ")
        facts = [
            ("f_id", d["id"]),
            ("f_source", d["source"]),
            ("f_officer", d["officer"]),
            ("f_model", d["model_id"]),
            ("f_score", f"{float(d['score']):.4f}"),
            ("f_decision", d["decision"]),
            ("f_reasons", ", ".join(map(str, d["reasons"] or [])) or text("privacy.none", lang)),
        ]
        if d["inputs_erased"]:
            erased = d["erasures"][0] if d["erasures"] else {}
            inputs = text(
                "privacy.inputs_erased",
                lang,
                at=str(erased.get("created_at", ""))[:10],
                reason=erased.get("reason", ""),
            )
        else:
            inputs = "; ".join(f"{k}: {v}" for k, v in sorted((d["inputs"] or {}).items()))
        facts.append(("f_inputs", inputs))
        rows = "".join(f"<tr><td><b>{t(k)}</b></td><td>{e(str(v))}</td></tr>" for k, v in facts)
        parts.append(
            f"<h2>{t('decision_heading', at=at)}</h2><table cellpadding='3'>{rows}</table>"
        )
        for key in ("overrides", "notices", "outcomes", "reviews", "erasures"):
            items = d.get(key) or []
            if not items:
                continue
            lis = "".join(
                "<li>" + e("; ".join(f"{k}: {v}" for k, v in i.items() if v is not None)) + "</li>"
                for i in items
            )
            parts.append(f"<h3>{t('f_' + key)}</h3><ul>{lis}</ul>")
    parts.append(f"<p>{t('rights')}</p>")
    return "".join(parts)
