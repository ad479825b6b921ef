"""Every bundle is verified when it is loaded, wherever it comes from, and the scorer refuses an
output that is no probability for that row: no decision is made, recorded or shown on it.

Hostile bundles are copies of the shipped one (`tests/hostile_bundles.py`): a graph that
answers a constant (5.0, -1.0, NaN, infinity), a graph that is exact on every reference row
but answers NaN for one kind of applicant, and `MLmodel` files with a broken part.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.records import Source
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.bundle import BundleError, load_bundle
from pad_desktop.model.scoring import Scorer
from pad_desktop.runtime.settings import get_settings
from pad_desktop.service.decision_service import DecisionService
from tests.hostile_bundles import (
    WILD_DURATION,
    constant_bundle,
    copy_shipped,
    edit_mlmodel,
    feature,
    wild_bundle,
)

ROOT = Path(__file__).resolve().parents[2]
NOT_PROBABILITIES = [5.0, -1.0, float("nan"), float("inf"), float("-inf")]


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pad_desktop", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
        cwd=ROOT,
    )


def _example() -> dict[str, Any]:
    return dict(load_bundle(ROOT / "resources" / "model").signature.example)


# -- the check at load -------------------------------------------------------------------------
@pytest.mark.parametrize("value", NOT_PROBABILITIES, ids=str)
def test_a_graph_answering_no_probability_does_not_load(tmp_path: Path, value: float) -> None:
    folder = constant_bundle(tmp_path / "constant", value)
    with pytest.raises(BundleError) as caught:
        Scorer.from_path(str(folder))
    assert str(caught.value).startswith("model.onnx answers ")
    assert "row 1 of the bundle's reference sample" in str(caught.value)
    assert "not a probability" in str(caught.value)
    assert caught.value.text("fr").startswith("model.onnx répond ")


@pytest.mark.parametrize("value", [5.0, float("nan")], ids=str)
def test_every_way_to_name_a_bundle_verifies_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: float
) -> None:
    """`--model` (an explicit path), `PAD_MODEL` and Preferences (the settings' model path),
    the model store's active pointer, and a swap without a restart all load through it."""
    folder = constant_bundle(tmp_path / "constant", value)
    with pytest.raises(BundleError, match="not a probability"):
        ActiveModel(folder)
    monkeypatch.setenv("PAD_MODEL", str(folder))
    get_settings.cache_clear()
    with pytest.raises(BundleError, match="not a probability"):
        ActiveModel()
    monkeypatch.delenv("PAD_MODEL")
    get_settings.cache_clear()
    active = ActiveModel()  # the shipped model
    with pytest.raises(BundleError, match="not a probability"):
        active.swap(folder)
    assert active.scorer.bundle.path == ROOT / "resources" / "model"  # still serving


# -- the check left until the window's form is shown (`check=False`) ---------------------------
def test_a_check_left_for_later_lets_nothing_score_before_it_has_passed() -> None:
    """The window's start loads the model without its check and runs it once the form is
    shown: a score asked meanwhile waits for it, then gets the very probabilities of a model
    checked at load."""
    import threading

    checked_now = Scorer.from_path(str(ROOT / "resources" / "model"))
    later = Scorer.from_path(str(ROOT / "resources" / "model"), check=False)
    widened = later.with_signature(later.signature)  # a copy taken before the check
    assert not later.verified and not widened.verified
    matrix = later.signature.encode_row(later.signature.validate(_example()))
    answers: list[np.ndarray] = []
    asking = threading.Thread(target=lambda: answers.append(widened.probabilities(matrix)))
    asking.start()
    asking.join(0.3)
    assert asking.is_alive() and answers == []  # still waiting for the check
    assert later.verify() == checked_now.checked
    asking.join(30)
    assert later.verified and widened.verified
    assert answers[0].tolist() == checked_now.probabilities(matrix).tolist()


@pytest.mark.parametrize("value", [5.0, float("nan")], ids=str)
def test_a_bundle_failing_a_check_left_for_later_scores_nothing(
    tmp_path: Path, value: float
) -> None:
    """The same refusal as at load, only later: the check raises the same sentence, and every
    score, decision or explanation afterwards raises it too; nothing is recorded."""
    folder = constant_bundle(tmp_path / "constant", value)
    with pytest.raises(BundleError) as at_load:
        Scorer.from_path(str(folder))
    scorer = Scorer.from_path(str(folder), check=False)  # loads: only the check refuses it
    with pytest.raises(BundleError) as later:
        scorer.verify()
    assert str(later.value) == str(at_load.value)
    assert later.value.text("fr") == at_load.value.text("fr")
    assert not scorer.verified
    with pytest.raises(BundleError, match="not a probability"):
        scorer.verify()  # asked again: the same answer, not a second chance
    with pytest.raises(BundleError, match="not a probability") as scoring:
        scorer.score(_example())
    assert scoring.value.text("fr") == at_load.value.text("fr")  # worded as at load
    with pytest.raises(BundleError, match="not a probability"):
        _ = scorer.checked
    log = DecisionLog.open()
    try:
        service = DecisionService(ActiveModel.of(scorer), log)
        with pytest.raises(BundleError, match="not a probability"):
            service.decide(_example(), case_ref="C-1")
        with pytest.raises(BundleError, match="not a probability"):
            service.explain(_example())
        assert log.count(HistoryFilter()) == 0
    finally:
        log.close()


def test_a_local_bundle_must_reproduce_its_expected_scores(tmp_path: Path) -> None:
    folder = copy_shipped(tmp_path / "shifted")
    path = folder / "reference.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["expected_probability"] = str(min(1.0, float(row["expected_probability"]) + 0.01))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(BundleError) as caught:
        Scorer.from_path(str(folder))
    assert re.fullmatch(
        r"model\.onnx does not reproduce the expected scores of reference\.csv: row \d+ scores "
        r"0\.\d{6}, the bundle expects 0\.\d{6} \(tolerance 0\.00001\)\.",
        str(caught.value),
    ), caught.value
    assert re.search(r"la ligne \d+ obtient 0,\d{6}, le modèle annonce", caught.value.text("fr"))


def test_without_a_reference_sample_the_example_is_scored(tmp_path: Path) -> None:
    folder = constant_bundle(tmp_path / "constant", float("nan"))
    (folder / "reference.csv").unlink()
    with pytest.raises(BundleError, match="row 1 of the bundle's example applicant"):
        Scorer.from_path(str(folder))


def test_a_sample_that_breaks_the_signature_is_named(tmp_path: Path) -> None:
    folder = copy_shipped(tmp_path / "bad_reference")
    path = folder / "reference.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + lines[1].replace(",6,", ",0,", 1) + "".join(lines[2:]), "utf-8")
    with pytest.raises(BundleError) as caught:
        Scorer.from_path(str(folder))
    assert str(caught.value) == (
        "reference.csv: 1 row(s) of the reference sample fail the bundle's own signature, e.g. "
        "row 1: Credit duration: 0 is below the minimum of 1 months."
    )
    assert "la ligne 1 : Durée du crédit : 0 est inférieur" in caught.value.text("fr")
    path.unlink()
    example = edit_mlmodel(
        tmp_path / "bad_example",
        lambda d: d["metadata"]["pad_desktop"]["example"].update(housing="castle"),
    )
    (example / "reference.csv").unlink()
    with pytest.raises(BundleError, match=r"^MLmodel: the example applicant fails the bundle's"):
        Scorer.from_path(str(example))


def test_the_shipped_bundle_passes_and_says_what_was_checked(default_bundle_dir: Path) -> None:
    checked = Scorer.from_path(str(default_bundle_dir)).checked
    assert checked.rows == 1000 and checked.sample == "sample_reference"
    assert checked.largest_gap is not None and checked.largest_gap < 1e-5


# -- a broken MLmodel names its part -----------------------------------------------------------
def _set(name: str, part: str, value: Any):
    return lambda data: feature(data, name).update({part: value})


def _threshold(value: Any):
    return lambda data: data["metadata"]["pad_desktop"].update(threshold=value)


BROKEN = [
    (
        _set("duration_in_month", "min", "abc"),
        "MLmodel: input 'duration_in_month': 'min' is not a number ('abc').",
    ),
    (
        _set("credit_amount", "max", [1, 2]),
        "MLmodel: input 'credit_amount': 'max' is not a number ([1, 2]).",
    ),
    (
        _set("age_in_years", "min", float("nan")),
        "MLmodel: input 'age_in_years': 'min' is not a number (nan).",
    ),
    (
        _set("duration_in_month", "min", 500),
        "MLmodel: input 'duration_in_month': 'min' 500 is above 'max' 120.",
    ),
    (
        _set("housing", "codes", [0.0, 1.0]),
        "MLmodel: input 'housing' has 3 categories but 2 codes: each category needs one code.",
    ),
    (
        _set("housing", "codes", ["a", "b", "c"]),
        "MLmodel: input 'housing': the code 'a' is not a number.",
    ),
    (
        _set("housing", "codes", "0, 1, 2"),
        "MLmodel: input 'housing': 'codes' is not a list of numbers.",
    ),
    (
        _set("housing", "categories", {"own": 1}),
        "MLmodel: input 'housing': 'categories' is not a list of texts.",
    ),
    (
        _set("housing", "categories", ["own", "own", "rent"]),
        "MLmodel: input 'housing': the category 'own' is listed twice.",
    ),
    (_threshold("abc"), "MLmodel: the threshold is not a number ('abc')."),
    (_threshold("0.13"), "MLmodel: the threshold is not a number ('0.13')."),
    (_threshold([0.13]), "MLmodel: the threshold is not a number ([0.13])."),
    (_threshold(True), "MLmodel: the threshold is not a number (True)."),
    (_threshold(1.5), "MLmodel: the threshold 1.5 is not a probability between 0 and 1."),
]


@pytest.mark.parametrize(("edit", "message"), BROKEN, ids=[m for _, m in BROKEN])
def test_a_broken_mlmodel_says_which_part(tmp_path: Path, edit, message: str) -> None:
    folder = edit_mlmodel(tmp_path / "broken", edit)
    with pytest.raises(BundleError) as caught:
        load_bundle(folder)
    assert str(caught.value) == message
    assert caught.value.text("fr").startswith("MLmodel : ")


# -- the scorer refuses an output for its row ---------------------------------------------------
@pytest.fixture(scope="module")
def wild_scorer(tmp_path_factory: pytest.TempPathFactory) -> Scorer:
    """Exact on every reference row (so it loads), NaN for a duration of 100 months or more."""
    return Scorer.from_path(str(wild_bundle(tmp_path_factory.mktemp("wild") / "b")))


def test_one_applicant_gets_a_clear_error_not_a_decision(wild_scorer: Scorer) -> None:
    wild = {**_example(), "duration_in_month": WILD_DURATION}
    with pytest.raises(BundleError) as caught:
        wild_scorer.score(wild)
    assert str(caught.value).startswith("The model answered NaN for this applicant")
    assert caught.value.text("fr").startswith("Le modèle a répondu NaN pour ce demandeur")
    assert 0.0 <= wild_scorer.score(_example()).probability <= 1.0


def test_nothing_is_recorded_or_explained_on_a_refused_output(wild_scorer: Scorer) -> None:
    log = DecisionLog.open()
    try:
        service = DecisionService(ActiveModel.of(wild_scorer), log)
        wild = {**_example(), "duration_in_month": WILD_DURATION}
        with pytest.raises(BundleError):
            service.decide(wild, case_ref="C-1")
        with pytest.raises(BundleError):
            service.explain(wild)
        service.decide(_example(), case_ref="C-2")
        assert log.count(HistoryFilter()) == 1
    finally:
        log.close()


def test_in_a_frame_the_row_goes_to_the_errors(wild_scorer: Scorer) -> None:
    example = _example()
    frame = pd.DataFrame([example, {**example, "duration_in_month": WILD_DURATION}, example])
    scores = wild_scorer.score_frame(frame, lang="fr")
    assert scores.valid.tolist() == [True, False, True]
    assert len(scores.probabilities) == 2 and np.isfinite(scores.probabilities).all()
    assert len(scores.decisions) == 2 and len(scores.reasons) == 2
    error = scores.errors.iloc[0]
    assert (error["index"], error["rule"], error["value"]) == (1, "model_output", "NaN")
    assert error["message"].startswith("Le modèle a répondu NaN pour cette ligne")


def test_a_batch_file_records_only_the_probabilities(tmp_path: Path, wild_scorer: Scorer) -> None:
    rows = [_example() for _ in range(5)]
    rows[3]["duration_in_month"] = WILD_DURATION
    source = tmp_path / "in.csv"
    pd.DataFrame(rows).to_csv(source, index=False)
    log = DecisionLog.open()
    try:
        service = DecisionService(ActiveModel.of(wild_scorer), log)
        summary = service.score_file(source, tmp_path / "out.csv")
        assert (summary.rows, summary.scored, summary.rows_with_errors) == (5, 4, 1)
        assert log.count(HistoryFilter(source=Source.BATCH)) == 4
    finally:
        log.close()
    errors = pd.read_csv(tmp_path / "out.errors.csv", encoding="utf-8-sig")
    assert errors["row"].tolist() == [4]
    assert errors["message"].iloc[0].startswith("The model answered NaN for this row")
    assert len(pd.read_csv(tmp_path / "out.csv", encoding="utf-8-sig")) == 4


# -- the command line: one line naming the fault, exit 1 ---------------------------------------
EXAMPLE_CSV = ROOT / "resources" / "examples" / "applicants_fr.csv"


def test_the_cli_refuses_a_broken_bundle_in_one_line(tmp_path: Path) -> None:
    constant = constant_bundle(tmp_path / "constant", 5.0)
    done = _cli("--model", str(constant), "score", str(EXAMPLE_CSV), "-o", str(tmp_path / "o.csv"))
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip().splitlines() == [
        "error: model.onnx answers 5 for row 1 of the bundle's reference sample, which is not a "
        "probability (a finite number between 0 and 1): the model is unusable."
    ]
    assert not (tmp_path / "o.csv").exists()
    threshold = edit_mlmodel(tmp_path / "threshold", _threshold("abc"))
    applicant = tmp_path / "applicant.json"
    applicant.write_text(json.dumps(_example()), encoding="utf-8")
    done = _cli("explain", str(applicant), "--model", str(threshold), "--lang", "fr")
    assert done.returncode == 1, done.stderr
    assert "MLmodel : le seuil n'est pas un nombre ('abc')." in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    codes = edit_mlmodel(tmp_path / "codes", _set("housing", "codes", ["a", "b", "c"]))
    done = _cli("score", str(EXAMPLE_CSV), "-o", str(tmp_path / "p.csv"), PAD_MODEL=str(codes))
    assert done.returncode == 1, done.stderr
    assert "MLmodel: input 'housing': the code 'a' is not a number." in done.stderr


def test_the_cli_batch_puts_a_refused_output_among_the_errors(
    tmp_path: Path, wild_scorer: Scorer
) -> None:
    rows = [_example() for _ in range(3)]
    rows[1]["duration_in_month"] = WILD_DURATION
    source = tmp_path / "in.csv"
    pd.DataFrame(rows).to_csv(source, index=False)
    done = _cli(
        "--model",
        str(wild_scorer.bundle.path),
        "score",
        str(source),
        "-o",
        str(tmp_path / "out.csv"),
    )
    assert done.returncode == 0, done.stderr
    assert "3 rows: 2 scored" in done.stdout
    assert "line 3: The model answered NaN for this row" in done.stderr
