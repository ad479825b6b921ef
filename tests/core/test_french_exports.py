"""The History export in French Excel's dialect opens as numbers in French Excel's conventions
(read here with pandas `sep=';', decimal=','`), from a real PostgreSQL decision log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest

from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.service.exports import EXCEL_FR, EXCEL_US, dialect_for, export_history
from tests.decisions.helpers import PG_ADMIN_URL, create_database, drop_database, make_record

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
SCORES = [0.024471, 0.5, 0.13, 1e-5, 0.987654321]


@pytest.fixture
def log(tmp_path: Path) -> Iterator[DecisionLog]:
    url = create_database(PG_ADMIN_URL)
    opened = DecisionLog.open(url, data_dir=tmp_path)
    for i, score in enumerate(SCORES):
        opened.record(
            make_record(
                officer="Émilie Dupré",
                score=score,
                threshold=0.13,
                latency_ms=1.25 + i,
                created_at=T0 + timedelta(hours=i),
                case_ref=f"DOS-{i}",
                reasons=["Montant du crédit : 1 169 DM", "=formule"],
            )
        )
    assert opened.flush()
    yield opened
    opened.close()
    drop_database(PG_ADMIN_URL, url)


def test_french_export_reads_as_numbers_in_french_conventions(
    log: DecisionLog, tmp_path: Path
) -> None:
    path = tmp_path / "historique.csv"
    assert export_history(log, HistoryFilter(), path, dialect_for("fr")) == len(SCORES)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the accents
    lines = raw[3:].split(b"\r\n")
    assert lines[-1] == b"" and not any(b"\n" in line for line in lines)  # CRLF only
    assert lines[0].startswith(b"id;created_at;case_ref;officer;")
    frame = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
    assert frame["score"].dtype == "float64" and frame["threshold"].dtype == "float64"
    assert sorted(frame["score"]) == sorted(SCORES)  # full precision, decimal comma
    assert frame["latency_ms"].dtype == "float64"
    assert set(frame["officer"]) == {"Émilie Dupré"}
    assert set(frame["reasons"]) == {"Montant du crédit : 1 169 DM; =formule"}
    assert b"0,024471" in raw and b"0.024471" not in raw


def test_a_french_officer_reads_french_headers_and_words(log: DecisionLog, tmp_path: Path) -> None:
    path = tmp_path / "historique.csv"
    assert export_history(log, HistoryFilter(), path, dialect_for("fr"), "fr") == len(SCORES)
    frame = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
    assert list(frame.columns[:4]) == [
        "identifiant",
        "date_heure",
        "référence_dossier",
        "chargé_de_clientèle",
    ]
    assert set(frame["décision"]) | set(frame["décision_finale"]) <= {"accordé", "refusé"}
    assert "approved" not in path.read_text(encoding="utf-8-sig")
    assert sorted(frame["probabilité_défaut"]) == sorted(SCORES)


def test_us_export_keeps_the_comma_dialect(log: DecisionLog, tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    assert export_history(log, HistoryFilter(), path, dialect_for("en")) == len(SCORES)
    frame = pd.read_csv(path, encoding="utf-8-sig")
    assert sorted(frame["score"]) == sorted(SCORES)
    assert frame["case_ref"].str.startswith("DOS-").all()


def test_formula_cells_are_neutralised_in_both_dialects(log: DecisionLog, tmp_path: Path) -> None:
    log.record(make_record(officer="=cmd|' /C calc'!A0", created_at=T0, score=0.25))
    assert log.flush()
    for dialect in (EXCEL_FR, EXCEL_US):
        path = tmp_path / f"h{dialect.separator == ';'}.csv"
        export_history(log, HistoryFilter(), path, dialect)
        frame = pd.read_csv(
            path, sep=dialect.separator, decimal=dialect.decimal, encoding="utf-8-sig", dtype=str
        )
        cells = frame.fillna("").to_numpy().ravel()
        assert not any(c.startswith(("=", "+", "@")) for c in cells)
        assert "'=cmd|' /C calc'!A0" in set(frame["officer"])
