"""The lending policy: loaded safely, applied by the one door for every face, recorded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.records import Outcome, Source
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.scoring import Scorer
from pad_desktop.policy import PolicyError
from pad_desktop.policy.load import read_policy, shipped_policy_path
from pad_desktop.policy.reasons import policy_reasons
from pad_desktop.service.decision_service import DecisionService, Identity


@pytest.fixture
def log(tmp_path: Path):
    opened = DecisionLog.open(data_dir=tmp_path / "log")
    yield opened
    opened.close()


@pytest.fixture
def service(scorer: Scorer, log: DecisionLog, policy_on: Path) -> DecisionService:
    return DecisionService(ActiveModel.of(scorer), log, Identity("jdupont", "ws-7", "J. Dupont"))


def _fired(record) -> list[str]:
    return [f["rule"] for f in record.policy["fired"]]


def test_form_decisions_carry_the_rules_fired_and_are_recorded(service, log) -> None:
    example = service.scorer.signature.example
    long = service.decide({**example, "duration_in_month": 130}, case_ref="P-1")
    assert long.record.decision is Outcome.REFUSED and long.refused_by_policy
    assert _fired(long.record) == ["duration_beyond_product"]
    stored = log.get(long.id)
    assert (
        stored.policy["sha256"]
        == read_policy(shipped_policy_path(), service.scorer.signature).sha256
    )
    assert stored.policy["effect"] == "refuse"

    tight = service.decide(
        {**example, "monthly_income": "1000", "monthly_charges": "300"}, case_ref="P-2"
    )
    assert _fired(tight.record) == ["debt_to_income_above_ceiling"] and tight.refer_for_review
    assert log.get(tight.id).policy["inputs"] == {
        "monthly_charges": 300.0,
        "monthly_income": 1000.0,
    }

    big = service.decide({**example, "credit_amount": 12000}, case_ref="P-3")
    assert "amount_above_delegation" in _fired(log.get(big.id))

    minor = service.decide({**example, "age_in_years": "16"}, case_ref="P-6")
    assert minor.refused_by_policy and _fired(log.get(minor.id)) == ["minor_applicant"]
    assert log.get(minor.id).inputs["age_in_years"] == 16  # recorded as typed, not refused

    plain = service.decide(example, case_ref="P-4")
    assert _fired(plain.record) == [] and log.get(plain.id).policy["effect"] is None


def test_a_bad_policy_input_is_refused_by_the_value_table(service) -> None:
    from pad_desktop.model.signature import ApplicantError

    with pytest.raises(ApplicantError) as caught:
        service.decide({**service.scorer.signature.example, "monthly_income": "-5"}, case_ref="P-5")
    assert [e.field for e in caught.value.errors] == ["monthly_income"]


def test_a_french_csv_and_the_api_frame_fire_the_same_rules(service, log, tmp_path: Path) -> None:
    example = service.scorer.signature.example
    rows = [
        {**example, "duration_in_month": 180},
        {**example, "monthly_income": "1000,50", "monthly_charges": "400"},
        {**example, "credit_amount": "12 000"},
        {**example, "age_in_years": "17"},
    ]
    path = tmp_path / "lot.csv"
    pd.DataFrame(rows).to_csv(path, sep=";", index=False)
    out = tmp_path / "out.csv"
    service.score_file(path, out)
    batch = sorted(log.history(HistoryFilter(source=Source.BATCH)), key=lambda d: d.row_number)
    assert [_fired(d) for d in batch] == [
        ["duration_beyond_product"],
        ["debt_to_income_above_ceiling"],
        ["amount_above_delegation"],
        ["minor_applicant"],
    ]
    assert batch[1].policy["inputs"]["monthly_income"] == 1000.5
    written = pd.read_csv(out, sep=";")
    assert written["decision"].iloc[0] == "refused"  # the file says what the record says

    api_rows = [
        {**example, "duration_in_month": 180},
        {**example, "monthly_income": "1000", "monthly_charges": "400"},
        {**example, "age_in_years": 15},
        {**example, "credit_amount": 15000},
    ]
    decided = service.decide_frame(pd.DataFrame(api_rows), source=Source.API)
    api = [json.loads(p) for p in decided.batch.policy]
    assert [[f["rule"] for f in p["fired"]] for p in api] == [
        ["duration_beyond_product"],
        ["debt_to_income_above_ceiling"],
        ["minor_applicant"],
        ["amount_above_delegation"],
    ]
    assert log.count(HistoryFilter(source=Source.API)) == 4


def test_the_batch_run_key_depends_on_the_policy(
    service, scorer, log, tmp_path: Path, monkeypatch
) -> None:
    path = tmp_path / "lot.csv"
    pd.DataFrame([scorer.signature.example]).to_csv(path, sep=";", index=False)
    service.score_file(path, tmp_path / "a.csv")
    other = tmp_path / "policy.json"
    doc = json.loads(shipped_policy_path().read_text(encoding="utf-8"))
    doc["version"] = "other"
    other.write_text(json.dumps(doc), encoding="utf-8")
    from pad_desktop.runtime.settings import Settings

    changed = DecisionService(
        ActiveModel.of(scorer), log, service.identity, Settings(policy_path=str(other))
    )
    summary = changed.score_file(path, tmp_path / "b.csv")
    assert summary.already_recorded == 0  # decided again under the new policy, not resumed
    assert log.count(HistoryFilter(source=Source.BATCH)) == 2


HOSTILE = {
    "code": {"when": '__import__("os").system("id")'},
    "macro": {"when": "[1, 2].all(x, x > 0)"},
    "unknown_field": {"when": "salary > 3"},
    "huge": {"when": " || ".join(["credit_amount > 1"] * 200)},
    "deep": {"when": "(" * 40 + "credit_amount > 1" + ")" * 40},
    "not_a_condition": {"when": "credit_amount + 1"},
    "extra_key": {"when": "credit_amount > 1", "run": "rm -rf /"},
    "bidi_reason": {"when": "credit_amount > 1", "reason": {"en": "ok\u202eko", "fr": "x"}},
    "endless_list": {"when": "credit_amount in [" + ", ".join(["1"] * 600) + "]"},
    "not_a_number": {"when": "credit_amount > 1e400"},
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_policy_is_refused_with_one_line(name: str, scorer, tmp_path: Path) -> None:
    rule = {"id": "r", "order": 1, "outcome": "refuse", "reason": {"en": "x", "fr": "x"}}
    rule.update(HOSTILE[name])
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"format": 1, "id": "p", "version": "1", "rules": [rule]}))
    with pytest.raises(PolicyError) as caught:
        read_policy(path, scorer.signature)
    assert "\n" not in caught.value.one_line("fr")
    cli = subprocess.run(
        [sys.executable, "-m", "pad_desktop", "policy", "check", str(path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert cli.returncode == 1 and "Traceback" not in cli.stderr
    assert len(cli.stderr.strip().splitlines()) == 1


def test_a_malformed_or_huge_file_is_refused(scorer, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": 1, "id": ')
    with pytest.raises(PolicyError, match="not JSON"):
        read_policy(broken, scorer.signature)
    huge = tmp_path / "huge.json"
    huge.write_text(" " * (300 * 1024))
    with pytest.raises(PolicyError, match="at most"):
        read_policy(huge, scorer.signature)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(PolicyError, match=r"not JSON|at most"):
        read_policy(deep, scorer.signature)
    nan = tmp_path / "nan.json"
    nan.write_text('{"format": 1, "id": "p", "version": "1", "constants": {"x": NaN}, "rules": []}')
    with pytest.raises(PolicyError):
        read_policy(nan, scorer.signature)


def test_column_evaluation_agrees_with_cel_python_row_by_row(scorer) -> None:
    """The numpy evaluation of the shipped rules gives what CEL's reference evaluator gives."""
    import celpy
    import numpy as np

    from pad_desktop.policy.evaluate import evaluate

    policy = read_policy(shipped_policy_path(), scorer.signature)
    rng = np.random.default_rng(7)
    n = 60
    columns = {
        "age_in_years": rng.integers(18, 80, n).astype(float),
        "duration_in_month": rng.integers(4, 120, n).astype(float),
        "credit_amount": rng.integers(250, 20000, n).astype(float),
        "monthly_income": rng.uniform(500, 5000, n),
        "monthly_charges": rng.uniform(0, 1500, n),
    }
    verdicts = evaluate(policy, columns, rng.random(n))
    env = celpy.Environment()
    for row in range(n):
        act = {k: celpy.celtypes.DoubleType(v[row]) for k, v in columns.items()}
        act.update({k: celpy.celtypes.DoubleType(v) for k, v in policy.constants.items()})
        for d in policy.derived:
            act[d.name] = env.program(env.compile(d.expr.source)).evaluate(act)
        for i, rule in enumerate(policy.rules):
            expected = bool(env.program(env.compile(rule.when.source)).evaluate(act))
            assert verdicts.fired[i, row] == expected


def _check(path: Path, *more: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pad_desktop", "policy", "check", str(path), *more],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_without_a_policy_the_model_decides_alone(scorer, log) -> None:
    """PAD_POLICY=none: no rule, the value table's own ranges, the record says so ("{}")."""
    from pad_desktop.model.signature import ApplicantError

    alone = DecisionService(ActiveModel.of(scorer), log, Identity("a", "b"))
    example = scorer.signature.example
    decision = alone.decide({**example, "credit_amount": 15000}, case_ref="N-0")
    assert log.get(decision.id).policy == {} or log.get(decision.id).policy is None
    with pytest.raises(ApplicantError):
        alone.decide({**example, "age_in_years": 17}, case_ref="N-00")


def test_policy_check_passes_the_shipped_policy() -> None:
    cli = _check(shipped_policy_path())
    assert cli.returncode == 0, cli.stderr
    assert "pad_lending_policy" in cli.stdout and cli.stderr == ""


def test_policy_check_refuses_an_uncovered_range_and_warns_of_an_unreachable_rule(
    tmp_path: Path,
) -> None:
    doc = json.loads(shipped_policy_path().read_text(encoding="utf-8"))
    doc["rules"][0]["when"] = "age_in_years < 16"  # 16 and 17 accepted, then scored
    path = tmp_path / "p.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    cli = _check(path)
    assert cli.returncode == 1 and "age_in_years" in cli.stderr
    assert len(cli.stderr.strip().splitlines()) == 1

    doc = json.loads(shipped_policy_path().read_text(encoding="utf-8"))
    doc["rules"][3]["when"] = "credit_amount > 2000000"  # above the model's maximum
    path.write_text(json.dumps(doc), encoding="utf-8")
    cli = _check(path)
    assert cli.returncode == 0  # a warning: the policy can run
    assert "amount_above_delegation can never fire" in cli.stderr


def test_the_notice_of_a_policy_refusal_gives_the_policys_reason(service) -> None:
    example = service.scorer.signature.example
    decision = service.decide({**example, "age_in_years": 17}, case_ref="N-1")
    for lang in ("en", "fr"):
        notice = service.notice(decision.record, lang)
        policy = read_policy(shipped_policy_path(), service.scorer.signature)
        reason = policy.rule("minor_applicant").reason_in(lang)
        assert notice.reasons[0] == reason
        assert notice.statement.startswith(
            "Refused by the lending policy" if lang == "en" else "Refusé par la politique"
        )
        assert not notice.context  # the model approved: its risk factors are no reason here


def test_the_cli_scores_a_french_file_with_policy_columns(
    tmp_path: Path, scorer, policy_on
) -> None:
    example = scorer.signature.example
    rows = [
        {**example, "age_in_years": "17"},
        {**example, "duration_in_month": "200"},
        {**example, "monthly_income": "1 200,00", "monthly_charges": "350,50"},
        {**example, "credit_amount": "11 000"},
    ]
    path = tmp_path / "lot.csv"
    pd.DataFrame(rows).to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    done = subprocess.run(
        [sys.executable, "-m", "pad_desktop", "score", str(path), "-o", str(tmp_path / "o.csv")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with DecisionLog.open() as log:  # the CLI's own log (isolated user dirs)
        stored = sorted(log.history(HistoryFilter(source=Source.BATCH)), key=lambda d: d.row_number)
    assert [_fired(d) for d in stored] == [
        ["minor_applicant"],
        ["duration_beyond_product"],
        ["debt_to_income_above_ceiling"],
        ["amount_above_delegation"],
    ]
    assert stored[2].policy["inputs"] == {"monthly_charges": 350.5, "monthly_income": 1200.0}
    written = pd.read_csv(tmp_path / "o.csv", sep=";", encoding="utf-8-sig", keep_default_na=False)
    assert written["policy_rules"].tolist() == [
        "minor_applicant",
        "duration_beyond_product",
        "debt_to_income_above_ceiling",
        "amount_above_delegation",
    ]
    assert written["policy"].tolist() == ["refuse", "refuse", "refer", "refer"]
    assert written["decision"].tolist()[:2] == ["refused", "refused"]

    dry = subprocess.run(
        [sys.executable, "-m", "pad_desktop", "score", "--no-log", str(path), "-o",
         str(tmp_path / "dry.csv")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    again = pd.read_csv(tmp_path / "dry.csv", sep=";", encoding="utf-8-sig", keep_default_na=False)
    assert again["policy_rules"].tolist() == written["policy_rules"].tolist()


def test_replay_counts_what_each_rule_would_change_and_records_nothing(scorer) -> None:
    """Decisions logged without a policy, replayed under the shipped one (the CLI's own log)."""
    example = scorer.signature.example
    with DecisionLog.open() as log:
        alone = DecisionService(ActiveModel.of(scorer), log, Identity("a", "b"))
        alone.decide(example, case_ref="R-1")
        alone.decide({**example, "duration_in_month": 100, "credit_amount": 12000}, case_ref="R-2")
        alone.decide({**example, "credit_amount": 15000}, case_ref="R-3")
        before = log.count(HistoryFilter())
    cli = _check(shipped_policy_path(), "--replay", "--since", "2000-01-01")
    assert cli.returncode == 0, cli.stderr
    lines = cli.stdout.splitlines()
    assert "Replayed 3 logged decisions" in lines[1]
    assert "amount_above_delegation (refer): fires for 2, changes 2." in cli.stdout
    assert "duration_beyond_product" in cli.stdout and "fires for 0" in cli.stdout
    assert "Decisions that would change: 2 of 3." in cli.stdout
    with DecisionLog.open() as log:
        assert log.count(HistoryFilter()) == before  # nothing recorded


def test_the_cli_stops_on_a_broken_policy_in_one_line(tmp_path: Path, monkeypatch) -> None:
    broken = tmp_path / "policy.json"
    broken.write_text("{not json")
    env = {**__import__("os").environ, "PAD_POLICY": str(broken)}
    out = tmp_path / "out.csv"
    done = subprocess.run(
        [sys.executable, "-m", "pad_desktop", "score", "resources/examples/applicants_fr.csv",
         "-o", str(out)],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "not JSON" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_the_explanation_puts_the_policy_first(service) -> None:
    example = service.scorer.signature.example
    explanation = service.explain({**example, "age_in_years": "17"}, "fr")
    assert explanation.policy["effect"] == "refuse"
    assert policy_reasons(explanation.policy, "fr") == [
        read_policy(shipped_policy_path(), service.scorer.signature)
        .rule("minor_applicant")
        .reason_in("fr")
    ]
    assert explanation.outcome is Outcome.APPROVED  # the model's own view, shown after
    assert explanation.to_json()["policy"]["fired"][0]["rule"] == "minor_applicant"
    from pad_desktop.cli.explain import render

    text = render(explanation, "m")
    assert text.splitlines()[1].startswith("policy:      refuse (minor_applicant)")


def _cells():
    from hypothesis import strategies as st

    return st.lists(
        st.one_of(
            st.none(),
            st.text(alphabet="0123456789,.-+ e\u00a0", max_size=12),
            st.sampled_from(["nan", "inf", "1.234", "2,241", "1 200,50", "0,5", "abc", ""]),
        ),
        min_size=1,
        max_size=30,
    )


def test_policy_inputs_read_column_wise_as_the_value_table_reads_each_cell(scorer) -> None:
    """The batch's fast reading of policy inputs and the single applicant's agree with
    `values.read_cell` on every cell, in both dialects."""
    import math

    import pyarrow as pa
    from hypothesis import given, settings

    from pad_desktop.cells.values import read_cell
    from pad_desktop.policy.apply import read_input_columns, read_inputs

    policy = read_policy(shipped_policy_path(), scorer.signature)
    spec = policy.inputs[0]

    @settings(max_examples=150, deadline=None)
    @given(cells=_cells())
    def agree(cells: list) -> None:
        for decimal in (",", "."):
            column = pa.array(cells, pa.string())
            got = read_input_columns(policy, {spec.name: column}, len(cells), decimal)[spec.name]
            for cell, value in zip(cells, got, strict=True):
                verdict = read_cell(spec, cell, decimal)
                expected = verdict.value if verdict.ok and verdict.value is not None else None
                assert (math.isnan(value) and expected is None) or value == expected, cell
                if verdict.ok:
                    one = read_inputs(policy, {spec.name: cell}, decimal)[spec.name]
                    assert one == expected, cell

    agree()


def test_approve_only_if_refuses_when_its_condition_fails(scorer, tmp_path: Path) -> None:
    """An approve-only-if rule fires when its condition does not hold, for one applicant and
    a frame alike; a refer rule never changes the decision."""
    import numpy as np

    from pad_desktop.policy.evaluate import evaluate, evaluate_one

    doc = {
        "format": 1, "id": "afford", "version": "1",
        "inputs": [{"name": "monthly_income", "label": {"en": "Income", "fr": "Revenus"}}],
        "derived": [{"name": "left", "expr": "monthly_income - credit_amount / duration_in_month"}],
        "rules": [
            {"id": "enough_left", "order": 1, "outcome": "approve_only_if",
             "when": "!missing(monthly_income) && left >= 500",
             "reason": {"en": "Too little left.", "fr": "Reste à vivre insuffisant."}},
            {"id": "review_cars", "order": 2, "outcome": "refer",
             "when": 'purpose in ["car (new)", "car (used)"]',
             "reason": {"en": "Cars are reviewed.", "fr": "Les voitures sont revues."}},
        ],
    }  # fmt: skip
    path = tmp_path / "afford.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    policy = read_policy(path, scorer.signature)
    example = {**scorer.signature.example, "credit_amount": 1200, "duration_in_month": 12}
    cases = [(2000.0, []), (550.0, ["enough_left"]), (None, ["enough_left"])]
    for income, fired in cases:
        got = evaluate_one(policy, {**example, "monthly_income": income}, 0.05)
        assert [r.id for r in got] == fired
    frame = {
        "monthly_income": np.array([2000.0, 550.0, np.nan]),
        "credit_amount": np.array([1200.0] * 3),
        "duration_in_month": np.array([12.0] * 3),
        "purpose": np.array(["car (new)", "radio/television", None], dtype=object),
    }
    verdicts = evaluate(policy, frame, [0.05] * 3)
    assert verdicts.refused.tolist() == [False, True, True]
    assert verdicts.fired[1].tolist() == [True, False, False]
    assert verdicts.referred.tolist() == [True, False, False]


def test_one_applicant_and_a_frame_fire_the_same_rules(scorer) -> None:
    """The scalar path (one applicant) and the column path agree, zeros and gaps included."""
    import numpy as np

    from pad_desktop.policy.evaluate import evaluate, evaluate_one

    policy = read_policy(shipped_policy_path(), scorer.signature)
    rng = np.random.default_rng(3)
    n = 300
    columns = {
        "age_in_years": rng.integers(0, 100, n).astype(float),
        "duration_in_month": rng.integers(1, 600, n).astype(float),
        "credit_amount": rng.choice([0.0, 250.0, 9999.0, 10000.0, 10001.0, 50000.0], n),
        "monthly_income": rng.choice([np.nan, 0.0, -0.0, 800.0, 3000.0], n),
        "monthly_charges": rng.choice([np.nan, 0.0, 200.0, 900.0], n),
    }
    verdicts = evaluate(policy, columns, rng.random(n))
    for row in range(n):
        values = {k: (None if np.isnan(v[row]) else float(v[row])) for k, v in columns.items()}
        fired = {r.id for r in evaluate_one(policy, values, 0.5)}
        assert fired == {r.id for r in verdicts.rules_of(row)}, values


def test_the_outline_gives_the_form_the_fields_of_the_compiled_policy(
    service, scorer, tmp_path: Path
) -> None:
    """The window builds its form from the policy's outline (no CEL parser at start): the same
    fields, widened ranges and inputs as the compiled policy gives afterwards. A policy whose
    rules do not compile still outlines, and is refused when compiled (the window then rebuilds
    its form without its inputs; deciding says why)."""
    from pad_desktop.policy.load import resolve_outline
    from pad_desktop.policy.model import outline_policy

    outlined = service.form_fields()
    assert service._policies == {}  # nothing compiled to outline it
    compiled = service.applicant_fields()
    assert outlined == compiled
    assert [s.name for s in compiled[1]] == ["monthly_income", "monthly_charges"]
    assert service.form_fields() == compiled  # compiled now: the compiled policy answers
    doc = json.loads(shipped_policy_path().read_text("utf-8"))
    policy = read_policy(shipped_policy_path(), scorer.signature)
    outline = outline_policy(doc, scorer.signature)
    assert (outline.inputs, outline.accepts) == (policy.inputs, policy.accepts)
    assert outline.widen(scorer.signature) == policy.widen(scorer.signature)
    doc["rules"][0]["when"] = "credit_amount >"  # does not parse
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    assert resolve_outline(scorer.bundle, str(broken)) == outline
    with pytest.raises(PolicyError):
        read_policy(broken, scorer.signature)
