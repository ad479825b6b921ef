"""The policy's part of a recorded batch, built column-wise for speed (issue 29's recorded
path), says exactly what one applicant's record says, and the log still refuses what the
database would refuse in it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pad_desktop.decisions import DecisionLog, HistoryFilter, schema
from pad_desktop.decisions.canonical import canonical_json
from pad_desktop.decisions.encode import DecisionRows
from pad_desktop.decisions.local_store import STORE_FILE
from pad_desktop.decisions.records import JsonLines, Source
from pad_desktop.decisions.refusals import RecordRefused, text_problem
from pad_desktop.decisions.verify import verify
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.scoring import Scorer
from pad_desktop.policy.apply import policy_inputs_json
from pad_desktop.policy.load import read_policy, shipped_policy_path
from pad_desktop.service.decision_service import DecisionService, Identity
from tests.decisions.helpers import make_batch

ODD_NUMBERS = [0.0, -0.0, 1e-05, 1234.56, 1e16, -3e20, 123456789012345678.0, 2.5e-300, 7.0]


def test_policy_inputs_json_is_the_canonical_json_of_each_row() -> None:
    income = np.array([*ODD_NUMBERS, np.nan, np.inf])
    charges = np.arange(len(income), dtype=np.float64)[::-1] / 3
    lines = policy_inputs_json({"monthly_income": income, "monthly_charges": charges}, 11)
    expected = [
        canonical_json({"monthly_income": float(i), "monthly_charges": float(c)})
        for i, c in zip(income, charges, strict=True)
    ]
    assert lines == expected
    assert json.loads(lines[9])["monthly_income"] is None  # not given: null


@pytest.fixture
def log(tmp_path: Path):
    opened = DecisionLog.open(data_dir=tmp_path / "log")
    yield opened
    opened.close()


def test_a_recorded_batch_says_what_one_applicant_s_record_says(
    scorer: Scorer, log: DecisionLog, policy_on: Path, tmp_path: Path
) -> None:
    service = DecisionService(ActiveModel.of(scorer), log, Identity("jdupont", "ws-7"))
    example = scorer.signature.example
    applicants = [
        {**example, "age_in_years": 17, "monthly_income": "0", "monthly_charges": "0,00001"},
        {**example, "monthly_income": "1000,50", "monthly_charges": "400"},
        {**example, "credit_amount": "12 000", "monthly_income": "", "monthly_charges": "610"},
        {**example, "monthly_income": "2450,5", "monthly_charges": "0"},
    ]
    path = tmp_path / "lot.csv"
    pd.DataFrame(applicants).to_csv(path, sep=";", index=False)
    service.score_file(path, tmp_path / "out.csv")
    batch = sorted(log.history(HistoryFilter(source=Source.BATCH)), key=lambda d: d.row_number)
    singles = [service.decide(a, decimal=",").record for a in applicants]
    assert [d.policy for d in batch] == [s.policy for s in singles]
    assert batch[0].policy["inputs"] == {"monthly_charges": 1e-05, "monthly_income": 0.0}
    assert batch[0].policy["fired"][0]["rule"] == "minor_applicant"

    policy = read_policy(shipped_policy_path(), scorer.signature)
    for lang in ("en", "fr"):  # the batch record's notice words the policy's reason
        notice = service.notice(batch[0], lang)
        assert notice.reasons[0] == policy.rule("minor_applicant").reason_in(lang)
    assert log.flush(timeout=20)
    engine = schema.create_engine(f"sqlite:///{tmp_path / 'log' / STORE_FILE}")
    report = verify(engine)
    engine.dispose()
    assert report.intact, report.findings[:3]


def test_a_policy_text_the_database_would_refuse_is_refused_from_its_parts() -> None:
    good = '{"effect":null,"fired":[],"id":"p","inputs":{},"sha256":"0","version":"1"}'
    bad = good.replace('"p"', '"p\\u0000"')
    for lines in (JsonLines([bad, good], [bad, good]), [bad, good]):
        with pytest.raises(RecordRefused):
            DecisionRows.from_batch(make_batch(2, policy=lines))
    assert len(DecisionRows.from_batch(make_batch(2, policy=JsonLines([good] * 2, [good])))) == 2


def test_text_problem_finds_a_nul_and_a_lone_surrogate_in_french_text() -> None:
    assert text_problem("mensualité « 3 % »") is None
    assert text_problem("mensualité \x00") is not None
    assert text_problem("mensualité \ud800") is not None
    assert text_problem("mensualité ’ \ud800") is not None
    assert text_problem("mensualité ’ €") is None


def test_a_backslash_in_a_policy_part_is_escaped_in_the_canonical_line() -> None:
    text = '{"effect":null,"fired":[],"id":"p \\"q\\"","inputs":{},"sha256":"0","version":"1"}'
    rows = DecisionRows.from_batch(make_batch(2, policy=JsonLines([text] * 2, [text])))
    line = rows.canonical_lines("0" * 36, 1)[0]
    assert line.endswith(text.replace("\\", "\\\\"))
