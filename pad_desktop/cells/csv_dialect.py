"""Recognise how a CSV file is written: encoding, separator, decimal mark, line endings.

French Excel saves `;`-separated files with decimal commas, in Windows-1252 or UTF-8 with a BOM;
other tools write `,` and `.` in UTF-8. We look at the first 64 KiB and decide once for the file
(the batch reader turns to Windows-1252 when a later line is not UTF-8 and everything before it
was plain ASCII: an Excel file whose first accent comes late).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from pad_desktop.texts import Worded, text
from pad_desktop.texts.locale_text import normalize

SAMPLE_BYTES = 64 * 1024
SEPARATORS = (";", ",", "\t", "|")
_DECIMAL_COMMA = re.compile(r"^\s*-?\d+,\d+\s*$")
_DECIMAL_POINT = re.compile(r"^\s*-?\d+\.\d+\s*$")


class CsvFormatError(Worded, ValueError):
    """A file that cannot be read as a CSV of applicants: a sentence of the catalogue's `file`
    area (`CsvFormatError("file.empty")`) and the values of its blanks."""


@dataclass(frozen=True)
class Dialect:
    encoding: str  # a Python codec name; "utf-8-sig" when the file starts with a BOM
    separator: str
    decimal: str
    line_ending: str

    def describe(self, lang: str = "en") -> str:
        """How the file is written, for people: "UTF-8, semicolon-separated, decimal comma, CRLF
        line endings" / "UTF-8, séparateur point-virgule, virgule décimale, fins de ligne CRLF"."""
        lang = normalize(lang)
        if self.encoding == "utf-8-sig":
            encoding = text("file.encoding_bom", lang)
        else:
            encoding = _ENCODINGS.get(self.encoding, self.encoding)
        decimal = text("file.decimal_comma" if self.decimal == "," else "file.decimal_point", lang)
        separator = text(f"file.separator_{_SEPARATORS[self.separator]}", lang)
        endings = "CRLF" if self.line_ending == "\r\n" else "LF"
        return text(
            "file.dialect",
            lang,
            encoding=encoding,
            separator=separator,
            decimal=decimal,
            endings=endings,
        )


_SEPARATORS = {";": "semicolon", ",": "comma", "\t": "tab", "|": "pipe"}
_ENCODINGS = {
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252",
    "utf-16": "UTF-16",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
}


def _encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:  # UTF-16 without a BOM: Latin text has a NUL in every other byte
        sample = head[: 4096 - 4096 % 2]
        high, low = sample[1::2], sample[0::2]
        if high.count(0) > 0.9 * len(high) and low.count(0) < 0.1 * len(low):
            return "utf-16-le"
        if low.count(0) > 0.9 * len(low) and high.count(0) < 0.1 * len(high):
            return "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"  # every byte decodes in Windows-1252: Excel's Western European default
    return "utf-8"


def _separator(text: str) -> str:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        raise CsvFormatError("file.empty")
    best, best_score = ",", -1
    for sep in SEPARATORS:
        counts = [len(row) for row in _rows("\n".join(lines), sep)]
        if counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0])
        score = consistent * 1000 + counts[0]
        if score > best_score:
            best, best_score = sep, score
    if best_score < 0:
        raise CsvFormatError("file.no_separator")
    return best


def _decimal(text: str, separator: str) -> str:
    """The decimal mark most of the sample's decimals use. A `;` file is French (or other
    European) Excel's: decimal comma unless its decimals say "." more often, so that a decimal
    comma met only after the sample ("0,589") is read as one, not as thousands."""
    if separator == ",":
        return "."
    rows = _rows(text, separator)[1:200]
    cells = [cell for row in rows for cell in row]
    commas = sum(1 for c in cells if _DECIMAL_COMMA.match(c))
    points = sum(1 for c in cells if _DECIMAL_POINT.match(c))
    if separator == ";":
        return "," if commas >= points else "."
    return "," if commas > points else "."


def _rows(text: str, separator: str) -> list[list[str]]:
    """The sample's rows; a line break inside an unquoted cell (a bare CR) ends a row, as the
    reader will read it."""
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error:  # a NUL or another oddity the sample need not understand
        return [line.split(separator) for line in text.splitlines()]


def detect_dialect(path: str | Path) -> Dialect:
    """Read the start of `path` and tell how the file is written."""
    with open(path, "rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    if not head.strip():
        raise CsvFormatError("file.empty")
    encoding = _encoding(head)
    text = head.decode(encoding, errors="ignore")
    if len(head) == SAMPLE_BYTES:  # drop the last, probably cut, line
        text = text[: text.rfind("\n") + 1] or text
    separator = _separator(text)
    line_ending = "\r\n" if "\r\n" in text else "\n"
    return Dialect(encoding, separator, _decimal(text, separator), line_ending)


# What results and errors files are written in. French Excel reads a number only with a decimal
# comma in a `;` file, and reads UTF-8 only after a BOM: a French file gets all of it, whether or
# not its own inputs had decimals.
FRENCH = Dialect("utf-8-sig", ";", ",", "\r\n")
US = Dialect("utf-8-sig", ",", ".", "\r\n")
OUTPUT_DIALECTS = {"fr": FRENCH, "us": US}


def output_dialect(read_as: Dialect, forced: str | None = None, lang: str = "en") -> Dialect:
    """The dialect of the files written for an input read as `read_as`: `forced` ("fr", "us")
    if given, else French for a `;` file or a French officer, else the input's own dialect."""
    if forced is not None:
        if forced not in OUTPUT_DIALECTS:
            raise CsvFormatError(
                "file.unknown_dialect", dialect=forced, known=", ".join(OUTPUT_DIALECTS)
            )
        return OUTPUT_DIALECTS[forced]
    if read_as.separator == ";" or lang.lower().startswith("fr"):
        return FRENCH
    return Dialect("utf-8-sig", read_as.separator, read_as.decimal, read_as.line_ending)
