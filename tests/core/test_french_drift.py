"""A drift report in French: the headline, the errors and the steps in French, the inputs of the
HTML report under their French labels, and the same verdicts as in English (real Evidently,
real decision log with simulated traffic)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pad_desktop.decisions import DecisionLog
from pad_desktop.decisions.records import Source
from pad_desktop.drift import DriftError, run_drift
from pad_desktop.drift import texts as drift_texts
from pad_desktop.model.scoring import Scorer
from pad_desktop.runtime.tasks import TaskState
from pad_desktop.service.simulate import simulate
from pad_desktop.texts import area, describe
from pad_desktop.texts.locale_text import NNBSP


@pytest.fixture
def drifted(default_bundle_dir: Path) -> Iterator[tuple[Scorer, DecisionLog, datetime, datetime]]:
    scorer = Scorer.from_path(str(default_bundle_dir), threads=1)
    log = DecisionLog.open()  # the embedded store of this test's PAD_DATA_DIR
    now = datetime.now(UTC).replace(microsecond=0)
    simulate(scorer, log, 1_000, 0.8, seed=12, days=7, until=now, source=Source.FORM)
    yield scorer, log, now - timedelta(days=7), now + timedelta(seconds=1)
    log.close()


class Steps(TaskState):
    def __init__(self) -> None:
        super().__init__()
        self.steps: list[str] = []

    def set_progress(self, fraction: float, text: str = "") -> None:
        super().set_progress(fraction, text)
        self.steps.append(text)


def test_french_report_has_the_english_verdicts_in_french_words(drifted, tmp_path: Path) -> None:
    scorer, log, since, until = drifted
    english = run_drift(scorer.bundle, log, since, until, out_dir=tmp_path / "en")
    state = Steps()
    french = run_drift(
        scorer.bundle, log, since, until, out_dir=tmp_path / "fr", lang="fr", state=state
    )
    verdicts = {(f.column, f.drifted, round(f.score, 12)) for f in english.features}
    assert {(f.column, f.drifted, round(f.score, 12)) for f in french.features} == verdicts

    headline = french.headline("fr")
    assert headline.startswith("DÉRIVE : ")
    assert f"sur 1{NNBSP}000 décisions (formulaire, lot, API)" in headline
    assert "En dérive : " in headline and "Montant du crédit" in headline
    assert "credit" not in english.headline("fr").replace("crédit", "")
    assert english.headline().startswith("DRIFT: ")  # English unchanged
    assert "in 1,000 decisions (form, batch, api)" in english.headline()
    assert "Comparaison des distributions" in state.steps and state.steps[-1] == "Terminé"

    html = Path(french.html_path).read_text(encoding="utf-8")
    assert "Montant du crédit" in html or "Montant du cr\\u00e9dit" in html
    raw = [name for name in scorer.signature.names if "_" in name]  # not words of its scripts
    assert not any(f'"{name}"' in html for name in raw)  # the inputs under their French labels
    assert "credit_amount" in Path(english.html_path).read_text(encoding="utf-8")

    saved = json.loads(Path(french.json_path).read_text(encoding="utf-8"))
    assert {f["column"] for f in saved["features"]} == set(scorer.signature.names)


def test_drift_errors_in_french(drifted, tmp_path: Path) -> None:
    scorer, log, since, until = drifted
    with pytest.raises(DriftError) as no_source:
        run_drift(scorer.bundle, log, since, until, sources=(), lang="fr")
    assert "Choisissez au moins une source" in describe(no_source.value, "fr")
    with pytest.raises(DriftError) as empty:
        run_drift(scorer.bundle, log, until, since, lang="fr")
    assert "La période est vide" in describe(empty.value, "fr")
    with pytest.raises(DriftError) as too_few:
        run_drift(
            scorer.bundle, log, since, until, sources=(Source.API,), lang="fr", out_dir=tmp_path
        )
    assert re.search(r"Seulement 0 décisions .*\(API\).*plus longue", describe(too_few.value, "fr"))


def test_every_drift_text_has_a_french_text() -> None:
    assert drift_texts.band_name("moderate", "fr") == "modérée"
    assert drift_texts.source_names(["form", "api"], "fr") == "formulaire, API"
    assert len(area("drift")) > 20  # every entry is checked with the catalogue (test_catalogue)
