"""Outcomes observed: read from a file (or a list), matched to the decisions they judge, recorded.

An outcome line names a decision by its id, or a case by its reference: then it judges the
latest decision of that case made on or before the loan's start (`loan_start`, else the date
the outcome was observed). A decision has one outcome: the store refuses a second
(`decisions.outcome_keys`), so importing the same file twice records nothing the second time,
and a line giving a decision another outcome is reported as a conflict, with its line number
(the file's: the header is line 1).
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pad_desktop.cells.csv_dialect import CsvFormatError, detect_dialect
from pad_desktop.cells.values import POINT, boolean_words, cell_text, read_case_ref
from pad_desktop.decisions.records import OutcomeRecord
from pad_desktop.monitoring.texts import MonitoringError, text
from pad_desktop.texts import Phrase

if TYPE_CHECKING:
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.runtime.identity import Identity

MAX_LINES = 1_000_000  # one file; the API takes at most `MAX_API_LINES`
MAX_API_LINES = 10_000
# Accepted header spellings (lower case, accents and spaces folded to plain `_`).
COLUMN_NAMES = {
    "case_ref": ("case_ref", "case", "case_reference", "reference", "ref", "dossier",
                 "reference_dossier", "numero_dossier", "ref_dossier"),
    "decision_id": ("decision_id", "decision", "id_decision", "identifiant_decision"),
    "defaulted": ("defaulted", "default", "defaut", "en_defaut", "impaye"),
    "observed_on": ("observed_on", "observed", "date_observation", "date_d_observation",
                    "observe_le", "date"),
    "loan_start": ("loan_start", "loan_start_date", "debut_pret", "date_debut_pret",
                   "date_debut"),
}  # fmt: skip
_FOLD = str.maketrans("àâäéèêëîïôöùûüç", "aaaeeeeiioouuuc")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_FRENCH = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


@dataclass(frozen=True, slots=True)
class OutcomeLine:
    """One line of an outcomes file (or one item of a list), read but not yet matched."""

    line: int
    case_ref: str | None = None
    decision_id: uuid.UUID | None = None
    defaulted: int | None = None
    observed_on: date | None = None
    loan_start: date | None = None
    problem: tuple[str, dict[str, Any]] | None = None  # a `texts` key and its values


@dataclass(frozen=True, slots=True)
class LineProblem:
    """A line not recorded, and why (a `texts` key and its values)."""

    line: int
    key: str
    values: dict[str, Any]

    def text(self, lang: str = "en") -> str:
        return text("line_problem", lang, line=self.line, text=text(self.key, lang, **self.values))


@dataclass(slots=True)
class ImportReport:
    """What an import did: outcomes recorded, already held, and the lines not recorded."""

    recorded: int = 0
    already: int = 0
    unmatched: list[LineProblem] = field(default_factory=list)
    conflicts: list[LineProblem] = field(default_factory=list)
    invalid: list[LineProblem] = field(default_factory=list)

    @property
    def problems(self) -> list[LineProblem]:
        return sorted([*self.invalid, *self.unmatched, *self.conflicts], key=lambda p: p.line)

    def summary(self, lang: str = "en") -> str:
        return text(
            "import_summary", lang, recorded=self.recorded, already=self.already,
            unmatched=len(self.unmatched), conflicts=len(self.conflicts),
            invalid=len(self.invalid),
        )  # fmt: skip

    def as_json(self) -> dict[str, Any]:
        def listed(problems: list[LineProblem]) -> list[dict[str, Any]]:
            return [
                {"line": p.line, "reason": p.key, "message": text(p.key, "en", **p.values),
                 "message_fr": text(p.key, "fr", **p.values)}
                for p in problems
            ]  # fmt: skip

        return {
            "recorded": self.recorded,
            "already": self.already,
            "unmatched": listed(self.unmatched),
            "conflicts": listed(self.conflicts),
            "invalid": listed(self.invalid),
        }


def read_date(raw: Any) -> date | None:
    """An ISO (2026-12-31) or French (31/12/2026) date; None if the text is neither."""
    texted = cell_text(raw)
    if texted is None:
        return None
    value = texted.strip()
    found = _ISO.match(value)
    try:
        if found:
            return date(int(found[1]), int(found[2]), int(found[3]))
        found = _FRENCH.match(value)
        if found:
            return date(int(found[3]), int(found[2]), int(found[1]))
    except ValueError:  # 31/02/2026
        return None
    return None


def read_defaulted(raw: Any, decimal: str = POINT) -> int | None:
    """1 or 0 from the value table's true/false words (1, yes, oui, vrai...); None otherwise."""
    if isinstance(raw, bool):
        return int(raw)
    texted = cell_text(raw)
    if texted is None:
        return None
    word = texted.strip().lower()
    true_words, false_words = boolean_words(decimal)
    if word in true_words:
        return 1
    if word in false_words:
        return 0
    return None


def _folded(name: str) -> str:
    return re.sub(r"[\s\-'’]+", "_", name.strip().lstrip("\ufeff").lower().translate(_FOLD))


def _columns(header: Sequence[str]) -> dict[str, int]:
    """Our column -> its position in the header; a column named twice counts once (first)."""
    folded = [_folded(h) for h in header]
    found: dict[str, int] = {}
    for ours, spellings in COLUMN_NAMES.items():
        for spelling in spellings:
            if spelling in folded:
                found[ours] = folded.index(spelling)
                break
    return found


def _required(found: dict[str, int], header: Sequence[str]) -> None:
    shown = ", ".join(h for h in header if h.strip()) or "-"
    if "case_ref" not in found and "decision_id" not in found:
        raise MonitoringError("no_columns", what=Phrase("monitoring.col_reference"), header=shown)
    for ours, what in (("defaulted", "col_defaulted"), ("observed_on", "col_observed")):
        if ours not in found:
            raise MonitoringError("no_columns", what=Phrase(f"monitoring.{what}"), header=shown)


def read_item(line: int, item: dict[str, Any], decimal: str = POINT) -> OutcomeLine:
    """One outcome (a line's cells by our column names) read, or its first problem."""

    def problem(key: str, **values: Any) -> OutcomeLine:
        return OutcomeLine(line, problem=(key, values))

    case_ref = None
    try:
        case_ref = read_case_ref(item.get("case_ref"))
    except ValueError:
        return problem("bad_reference", text=(cell_text(item.get("case_ref")) or "")[:40])
    decision_id = None
    raw_id = cell_text(item.get("decision_id"))
    if raw_id is not None and raw_id.strip():
        try:
            decision_id = uuid.UUID(raw_id.strip())
        except ValueError:
            return problem("bad_decision_id", text=raw_id.strip()[:60])
    if case_ref is None and decision_id is None:
        return problem("no_reference")
    defaulted = read_defaulted(item.get("defaulted"), decimal)
    if defaulted is None:
        return problem("bad_defaulted", text=(cell_text(item.get("defaulted")) or "")[:60])
    observed = read_date(item.get("observed_on"))
    if observed is None:
        return problem("bad_date", text=(cell_text(item.get("observed_on")) or "")[:60])
    loan_start = None
    raw_start = cell_text(item.get("loan_start"))
    if raw_start is not None and raw_start.strip():
        loan_start = read_date(raw_start)
        if loan_start is None:
            return problem("bad_date", text=raw_start.strip()[:60])
    return OutcomeLine(line, case_ref, decision_id, defaulted, observed, loan_start)


def read_items(items: Any) -> list[OutcomeLine]:
    """A list of outcomes (JSON objects with our column names), numbered from 1."""
    if not isinstance(items, list):
        raise MonitoringError("not_a_list")
    if len(items) > MAX_API_LINES:
        raise MonitoringError("too_many_lines", n=len(items), most=MAX_API_LINES)
    lines = []
    for number, item in enumerate(items, 1):
        if isinstance(item, dict):
            named = {ours: item.get(ours) for ours in COLUMN_NAMES}
            lines.append(read_item(number, named))
        else:
            lines.append(OutcomeLine(number, problem=("not_an_object", {})))
    return lines


def read_file(path: str | Path) -> list[OutcomeLine]:
    """The lines of a French (`;`, Windows-1252) or US CSV outcomes file, header = line 1."""
    try:
        dialect = detect_dialect(path)
        with open(path, encoding=dialect.encoding, newline="") as handle:
            content = handle.read()
    except (OSError, UnicodeError, CsvFormatError) as exc:
        raise MonitoringError("file_unreadable", path=str(path), reason=str(exc)) from exc
    return read_text(content, dialect.separator, dialect.decimal)


def read_text(content: str, separator: str, decimal: str = POINT) -> list[OutcomeLine]:
    reader = csv.reader(io.StringIO(content), delimiter=separator)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        header = []
    found = _columns(header)
    _required(found, header)
    lines: list[OutcomeLine] = []
    start = reader.line_num + 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                item = {ours: cells[i] if i < len(cells) else None for ours, i in found.items()}
                lines.append(read_item(start, item, decimal))
                if len(lines) > MAX_LINES:
                    raise MonitoringError("too_many_lines", n=len(lines), most=MAX_LINES)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise MonitoringError("file_unreadable", path="", reason=str(exc)) from exc
    return lines


def _matched(
    lines: Sequence[OutcomeLine], decisions: Iterable[tuple[uuid.UUID, str | None, Any]]
) -> dict[int, uuid.UUID | LineProblem]:
    """Line -> the decision it judges, or why none."""
    known: set[uuid.UUID] = set()
    by_case: dict[str, list[tuple[date, Any, uuid.UUID]]] = {}
    for decision_id, case_ref, created_at in decisions:
        known.add(decision_id)
        if case_ref is not None:
            by_case.setdefault(case_ref, []).append((created_at.date(), created_at, decision_id))
    found: dict[int, uuid.UUID | LineProblem] = {}
    for ol in lines:
        if ol.decision_id is not None:
            if ol.decision_id in known:
                found[ol.line] = ol.decision_id
            else:
                found[ol.line] = LineProblem(
                    ol.line, "unknown_decision", {"decision_id": str(ol.decision_id)}
                )
            continue
        assert ol.case_ref is not None and ol.observed_on is not None
        on = ol.loan_start or ol.observed_on
        before = [c for c in by_case.get(ol.case_ref, []) if c[0] <= on]
        if before:
            found[ol.line] = max(before, key=lambda c: (c[1], str(c[2])))[2]
        else:
            found[ol.line] = LineProblem(
                ol.line, "unknown_case", {"case_ref": ol.case_ref, "on": on.isoformat()}
            )
    return found


def import_lines(
    log: DecisionLog,
    lines: Sequence[OutcomeLine],
    identity: Identity,
    source: str = "file",
) -> ImportReport:
    """Match `lines` to the log's decisions and record their outcomes (one transaction)."""
    report = ImportReport()
    valid = []
    for ol in lines:
        if ol.problem is not None:
            report.invalid.append(LineProblem(ol.line, ol.problem[0], ol.problem[1]))
        else:
            valid.append(ol)
    cases = {ol.case_ref for ol in valid if ol.decision_id is None and ol.case_ref is not None}
    ids = {ol.decision_id for ol in valid if ol.decision_id is not None}
    matched = _matched(valid, log.decisions_named(cases, ids))
    # Lines of this file naming the same decision: the same outcome once, different ones neither.
    by_target: dict[uuid.UUID, list[OutcomeLine]] = {}
    for ol in valid:
        target = matched[ol.line]
        if isinstance(target, LineProblem):
            report.unmatched.append(target)
        else:
            by_target.setdefault(target, []).append(ol)
    chosen: list[tuple[OutcomeLine, uuid.UUID]] = []
    for target, named in by_target.items():
        first = named[0]
        differing = [
            o for o in named if (o.defaulted, o.observed_on) != (first.defaulted, first.observed_on)
        ]
        if not differing:
            chosen.append((first, target))
            report.already += len(named) - 1
            continue
        for ol in named:
            other = differing[0] if ol is first else first
            values = {"other": other.line, "decision_id": str(target)}
            report.conflicts.append(LineProblem(ol.line, "conflict_line", values))
    held = log.outcomes_held({t for _, t in chosen})
    records: list[tuple[OutcomeLine, OutcomeRecord]] = []
    for ol, target in chosen:
        assert ol.defaulted is not None and ol.observed_on is not None
        given = (ol.defaulted, ol.observed_on.isoformat())
        if str(target) in held:
            _held(report, ol, target, held[str(target)], given)
            continue
        record = OutcomeRecord(
            decision_id=target, defaulted=ol.defaulted, observed_on=given[1],
            officer=identity.officer, workstation=identity.workstation, source=source,
            case_ref=ol.case_ref, os_account=identity.os_account,
        )  # fmt: skip
        records.append((ol, record))
    claims = log.record_outcomes([r for _, r in records])
    for (ol, record), claim in zip(records, claims, strict=True):
        given = (record.defaulted, record.observed_on)
        if claim.status == "recorded":
            report.recorded += 1
        else:
            _held(report, ol, record.decision_id, (claim.defaulted, claim.observed_on), given)
    report.conflicts.sort(key=lambda p: p.line)
    return report


def _held(
    report: ImportReport,
    ol: OutcomeLine,
    decision_id: uuid.UUID,
    held: tuple[int, str],
    given: tuple[int, str],
) -> None:
    if held == given:
        report.already += 1
        return
    values = {
        "decision_id": str(decision_id), "held": held[0], "held_on": held[1],
        "given": given[0], "given_on": given[1],
    }  # fmt: skip
    report.conflicts.append(LineProblem(ol.line, "conflict_held", values))


def import_file(log: DecisionLog, path: str | Path, identity: Identity) -> ImportReport:
    """`pad-desktop outcomes import FILE`: read, match, record, report."""
    return import_lines(log, read_file(path), identity, "file")
