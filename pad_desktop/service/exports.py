"""The History export, in the dialect the officer's spreadsheet reads.

French Excel opens a `,`-separated file in one column and reads "0.024471" as text: a French
officer gets `;`, decimal commas, a UTF-8 BOM (accents) and CRLF line endings; everyone else
the comma dialect (also with BOM and CRLF, as before). Numbers are written at full precision,
never grouped; text cells a spreadsheet would run as formulas are neutralised. The headers and
the decisions' and sources' values are in the officer's language (the catalogue's `export`
area; English keeps the log's own column names and values).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pad_desktop.cells.csv_dialect import Dialect
from pad_desktop.decisions import queries
from pad_desktop.texts import text
from pad_desktop.texts.locale_text import csv_number, normalize

if TYPE_CHECKING:
    from pad_desktop.decisions.log import DecisionLog
    from pad_desktop.decisions.queries import HistoryFilter

EXCEL_FR = Dialect(encoding="utf-8-sig", separator=";", decimal=",", line_ending="\r\n")
EXCEL_US = Dialect(encoding="utf-8-sig", separator=",", decimal=".", line_ending="\r\n")
DIALECTS = {"fr": EXCEL_FR, "us": EXCEL_US}


_SOURCES = ("form", "batch", "api", "simulation")


def dialect_for(lang: str) -> Dialect:
    """The export dialect of an officer's language: French Excel's for French."""
    return EXCEL_FR if normalize(lang) == "fr" else EXCEL_US


def _cell(value: Any, decimal: str) -> Any:
    if isinstance(value, float):
        return csv_number(value, decimal)
    return queries._neutralised(value)


WORDED_COLUMNS = ("source", "decision", "final_decision")  # values said in the officer's words


def export_history(
    log: DecisionLog,
    f: HistoryFilter,
    path: Path | str,
    dialect: Dialect = EXCEL_US,
    lang: str = "en",
) -> int:
    """Write the decisions matching `f` to `path` in `dialect`, headed and worded in `lang`;
    returns how many were written."""
    columns = queries.EXPORT_COLUMNS
    worded = [columns.index(c) for c in WORDED_COLUMNS]
    values = {v: text(f"export.value_{v}", lang) for v in ("approved", "refused", *_SOURCES)}
    written = 0
    with Path(path).open("w", encoding=dialect.encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=dialect.separator, lineterminator=dialect.line_ending)
        writer.writerow([text(f"export.{c}", lang) for c in columns])
        offset = 0
        while page := log.history(f, offset, queries.EXPORT_PAGE):
            rows = [[_cell(v, dialect.decimal) for v in queries._export_row(d)] for d in page]
            for row in rows:
                for i in worded:
                    row[i] = values.get(row[i], row[i])
            writer.writerows(rows)
            written += len(page)
            offset += len(page)
    return written
