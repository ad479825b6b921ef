"""Outcomes imported from a file land once, matched to the decision they judge, and give the
same AUC, Gini and KS as scikit-learn on the same joined rows; every line not recorded is
reported with the file's own line number."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score, roc_curve

from pad_desktop.decisions import DecisionLog, schema
from pad_desktop.decisions.verify import verify
from pad_desktop.monitoring import outcomes, performance
from pad_desktop.monitoring.texts import MonitoringError
from pad_desktop.runtime.identity import Identity
from tests.decisions.records import make_record
from tests.monitoring.loggedlog import french_file, log_decisions, outcomes_for

AS_OF = date(2030, 1, 1)  # every outcome of these tests has matured by then


@pytest.fixture(params=["sqlite", "postgresql"])
def log(request: pytest.FixtureRequest, tmp_path: Path):
    url = request.getfixturevalue("pg_url") if request.param == "postgresql" else None
    opened = DecisionLog.open(url, data_dir=tmp_path / "log")
    yield opened
    opened.close()


def _settled(log: DecisionLog) -> None:
    assert log.flush(timeout=30) and log.rejected() == 0, log.health()


def test_imported_outcomes_give_the_figures_scikit_learn_gives(log: DecisionLog, tmp_path: Path):
    records = log_decisions(log)
    defaults = outcomes_for(records)
    _settled(log)
    report = outcomes.import_file(
        log, french_file(tmp_path / "o.csv", records, defaults), Identity("ann", "ws-9")
    )
    assert (report.recorded, report.already, report.problems) == (len(records), 0, [])
    _settled(log)

    joined = log.scored_outcomes(matured_by=AS_OF.isoformat())
    assert len(joined) == len(records)
    by_id = {str(r.id): (r.score, d) for r, d in zip(records, defaults, strict=True)}
    assert all(
        by_id[i] == (s, y)
        for i, s, y in joined[["decision_id", "score", "defaulted"]].itertuples(index=False)
    )
    y, s = joined["defaulted"].to_numpy(), joined["score"].to_numpy()
    sk_auc = roc_auc_score(y, s)
    fpr, tpr, _ = roc_curve(y, s)
    result = performance.performance(log, AS_OF).as_json()
    assert result["n"] == len(records) and result["defaults"] == sum(defaults)
    assert result["auc"] == pytest.approx(sk_auc, abs=1e-9)
    assert result["gini"] == pytest.approx(2 * sk_auc - 1, abs=1e-9)
    assert result["ks"] == pytest.approx(np.max(np.abs(tpr - fpr)), abs=1e-9)
    low, high = result["auc_ci"]
    assert low < result["auc"] < high
    approved = joined["decision"] == "approved"
    assert result["approval_rate"] == pytest.approx(approved.mean())
    assert result["default_rate_approved"] == pytest.approx(
        joined.loc[approved, "defaulted"].mean()
    )


def test_importing_the_same_file_again_adds_nothing(log: DecisionLog, tmp_path: Path) -> None:
    records = log_decisions(log, n=40)
    _settled(log)
    path = french_file(tmp_path / "o.csv", records, outcomes_for(records))
    assert outcomes.import_file(log, path, Identity("ann", "ws-9")).recorded == 40
    _settled(log)
    again = outcomes.import_file(log, path, Identity("bob", "ws-2"))
    assert (again.recorded, again.already, again.problems) == (0, 40, [])
    _settled(log)
    assert len(log.scored_outcomes()) == 40


def test_a_second_workstation_importing_the_file_adds_nothing(pg_url: str, tmp_path: Path) -> None:
    """Two workstations, two outboxes: the store's key (the outcome id derived from the
    decision's, and the database's unique index) keeps one outcome per decision."""
    first = DecisionLog.open(pg_url, data_dir=tmp_path / "ws1")
    records = log_decisions(first, n=30)
    _settled(first)
    path = french_file(tmp_path / "o.csv", records, outcomes_for(records))
    assert outcomes.import_file(first, path, Identity("ann", "ws-1")).recorded == 30
    _settled(first)
    second = DecisionLog.open(pg_url, data_dir=tmp_path / "ws2")
    again = outcomes.import_file(second, path, Identity("bob", "ws-2"))
    assert (again.recorded, again.already) == (0, 30)
    _settled(second)
    assert len(second.scored_outcomes()) == 30
    engine = schema.create_engine(pg_url)
    found = verify(engine)
    engine.dispose()
    assert found.intact and found.checked >= 60, found.findings
    first.close()
    second.close()


def test_two_workstations_judging_at_once_keep_the_chain_and_count_each_decision_once(
    pg_url: str, tmp_path: Path
) -> None:
    """Two workstations record outcomes of the same decisions before either has delivered (an
    import each, at the same moment): both rows reach the database in their own streams, so
    `db verify` finds no gap, and the readers count each decision once; a decision whose two
    outcomes disagree is left out of the figures rather than counted either way."""
    from pad_desktop.decisions.records import OutcomeRecord

    first = DecisionLog.open(pg_url, data_dir=tmp_path / "ws1")
    second = DecisionLog.open(pg_url, data_dir=tmp_path / "ws2")
    records = log_decisions(first, n=20)
    _settled(first)
    flags = outcomes_for(records)
    observed = "2027-06-01"
    for log, who in ((first, "ws-1"), (second, "ws-2")):
        disagree = who == "ws-2"
        claims = log.record_outcomes(
            [
                OutcomeRecord(
                    r.id, 1 - f if disagree and i < 3 else f, observed, "ann", who, "file"
                )
                for i, (r, f) in enumerate(zip(records, flags, strict=True))
            ]
        )
        assert [c.status for c in claims] == ["recorded"] * 20
    _settled(first)
    _settled(second)
    engine = schema.create_engine(pg_url)
    found = verify(engine)
    engine.dispose()
    assert found.intact and found.checked >= 20 + 40, found.findings
    scored = first.scored_outcomes()
    assert sorted(scored["decision_id"]) == sorted(str(r.id) for r in records[3:])
    assert (
        list(scored.set_index("decision_id").loc[[str(r.id) for r in records[3:]], "defaulted"])
        == flags[3:]
    )
    _, replay = first.replay_rows(matured_by="2030-01-01")
    assert len(replay) == 20
    judged = replay.set_index("decision_id")["defaulted"]
    assert [judged[str(r.id)] for r in records] == [-1, -1, -1, *flags[3:]]
    first.close()
    second.close()


def test_unmatched_conflicting_and_invalid_lines_are_listed_with_their_line_numbers(
    log: DecisionLog, tmp_path: Path
) -> None:
    records = log_decisions(log, n=5)  # DOS-0 decided 2026-01-05, DOS-1 2026-01-05 17:00...
    did = records[2].id
    _settled(log)
    path = tmp_path / "us.csv"
    path.write_text(
        "case_ref,decision_id,defaulted,observed_on,loan_start\n"
        "DOS-0,,yes,2027-02-01,\n"  # 2: recorded
        '"DOS-\n1",,no,2027-02-01,\n'  # 3-4: a quoted line break: no such case
        "DOS-1,,maybe,2027-02-01,\n"  # 5: not a flag
        "DOS-1,,0,31/02/2027,\n"  # 6: not a date
        f",{did},true,2027-03-01,\n"  # 7: by id, recorded
        "DOS-3,,1,2027-03-01,2025-12-31\n"  # 8: loan started before any decision of DOS-3
        "DOS-4,,1,2027-03-01,\n"  # 9 and 10: two outcomes for one decision
        "DOS-4,,0,2027-03-01,\n"
        ",,1,2027-03-01,\n"  # 11: names nothing
        ",0190f1e2-0000-7000-8000-000000000000,1,2027-03-01,\n",  # 12: unknown id
        encoding="utf-8",
    )
    report = outcomes.import_file(log, path, Identity("ann", "ws-9"))
    assert report.recorded == 2
    assert [(p.line, p.key) for p in report.problems] == [
        (3, "unknown_case"), (5, "bad_defaulted"), (6, "bad_date"), (8, "unknown_case"),
        (9, "conflict_line"), (10, "conflict_line"), (11, "no_reference"),
        (12, "unknown_decision"),
    ]  # fmt: skip
    assert report.problems[3].text("fr") == (
        "ligne 8 : Aucune décision du dossier DOS-3 prise le 2025-12-31 ou avant."
    )
    # A later file giving a recorded decision another outcome: a conflict, nothing changed.
    _settled(log)
    other = tmp_path / "other.csv"
    other.write_text(f"decision_id;defaulted;observed_on\n{did};non;01/03/2027\n", encoding="utf-8")
    later = outcomes.import_file(log, other, Identity("bob", "ws-2"))
    assert later.recorded == 0 and [(p.line, p.key) for p in later.conflicts] == [
        (2, "conflict_held")
    ]
    _settled(log)
    joined = log.scored_outcomes()
    assert sorted(joined["defaulted"]) == [1, 1]


def test_an_outcome_judges_the_latest_decision_made_before_the_loan_started(
    log: DecisionLog, tmp_path: Path
) -> None:
    at = datetime(2026, 3, 1, 10, tzinfo=UTC)
    first = make_record(case_ref="C-9", created_at=at)
    rescored = make_record(case_ref="C-9", created_at=at + timedelta(days=30), score=0.7)
    log.record(first)
    log.record(rescored)
    _settled(log)
    path = tmp_path / "o.csv"
    path.write_text(
        "case_ref;defaulted;observed_on;loan_start\nC-9;1;2027-05-01;15/03/2026\n",
        encoding="utf-8",
    )
    assert outcomes.import_file(log, path, Identity("ann", "ws-9")).recorded == 1
    _settled(log)
    (judged,) = log.scored_outcomes()["decision_id"]
    assert judged == str(first.id)


def test_a_file_without_the_needed_columns_is_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_text("name;amount\nx;1\n", encoding="utf-8")
    with pytest.raises(MonitoringError) as caught:
        outcomes.read_file(path)
    assert caught.value.key == "monitoring.no_columns"
    assert "case_ref" in caught.value.text("fr") and "name, amount" in caught.value.text("fr")
