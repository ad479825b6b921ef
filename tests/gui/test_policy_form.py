"""The lending policy on the desktop: the form asks for the policy's inputs, every rule fires
from it and is recorded, and a refusal by the policy shows the policy's reason first."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pad_desktop.decisions import HistoryFilter
from pad_desktop.gui.i18n import switch_language
from pad_desktop.policy.load import shipped_policy_path

TIMEOUT = 15_000
SHOTS = os.environ.get("PAD_POLICY_SHOTS")  # a folder: also save screenshots there
RULES = {r["id"]: r for r in json.loads(shipped_policy_path().read_text("utf-8"))["rules"]}
CASES = [
    ("F-1", {"age_in_years": "17"}, "minor_applicant"),
    ("F-2", {"duration_in_month": "130"}, "duration_beyond_product"),
    ("F-3", {"monthly_income": "1200", "monthly_charges": "380"}, "debt_to_income_above_ceiling"),
    ("F-4", {"credit_amount": "12500"}, "amount_above_delegation"),
]


def _decide(qtbot, window, case_ref: str, changes: dict) -> object:
    form = window.form
    form.new_applicant()
    form.set_values(dict(window.ws.scorer.signature.example, **changes))
    form.case_ref.editor.setText(case_ref)
    with qtbot.waitSignal(form.sig_decided, timeout=TIMEOUT) as decided:
        form.score()
    panel = form.result
    qtbot.waitUntil(lambda: panel.explanation is not None, timeout=TIMEOUT)
    return decided.args[0]


@pytest.fixture(autouse=True)
def _policy(policy_on):
    return policy_on


def test_the_form_asks_for_the_policy_inputs(window) -> None:
    assert {"monthly_income", "monthly_charges"} <= set(window.form.rows)
    assert window.form.rows["monthly_income"].editor.isVisible()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_rule_fires_from_the_form_and_is_recorded(qtbot, qapp, make_window, lang) -> None:
    switch_language(qapp, lang)
    try:
        window = make_window()
        window.tabs.setCurrentWidget(window.form)
        for case_ref, changes, rule in CASES:
            record = _decide(qtbot, window, case_ref, changes)
            stored = window.log.history(HistoryFilter(case_ref=case_ref))[0]
            assert rule in [f["rule"] for f in stored.policy["fired"]]
            banner = window.form.result.policy_banner
            assert banner.isVisible()
            assert RULES[rule]["reason"][lang] in banner.text()
            if RULES[rule]["outcome"] == "refuse":
                assert record.decision == "refused"
                assert banner.text().startswith(
                    "Refused by the lending policy" if lang == "en" else "Refusé par la politique"
                )
            if SHOTS:
                _shots(window, Path(SHOTS), lang, rule)
    finally:
        switch_language(qapp, "en")


def _shots(window, folder: Path, lang: str, rule: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 768), (1024, 768)):
        window.resize(width, height)
        window.form.scroll.ensureWidgetVisible(window.form.rows["monthly_income"])
        window.grab().save(str(folder / f"{lang}_{width}_{rule}.png"))


def test_the_model_card_shows_the_active_policy_and_its_rules(window) -> None:
    from PySide6.QtWidgets import QTextBrowser

    from pad_desktop.gui.model_card import ModelCardDialog

    card = ModelCardDialog(window.ws.model_info, window)
    text = card.findChild(QTextBrowser).toPlainText()
    card.close()
    assert "pad_lending_policy" in text
    for rule in RULES:
        assert rule in text


def test_the_batch_tab_shows_the_rules_fired_first(tmp_path: Path) -> None:
    """The batch tab's rows (built from what the batch process hands back) name the rules."""
    import pandas as pd

    from pad_desktop.decisions import DecisionLog
    from pad_desktop.gui.batch_table import TableChunk
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.model.scoring import Scorer
    from pad_desktop.service.decision_service import DecisionService, Identity

    scorer = Scorer.from_path(str(Path("resources/model")))
    example = scorer.signature.example
    path = tmp_path / "lot.csv"
    rows = [{**example, "age_in_years": "16"}, example]
    pd.DataFrame(rows).to_csv(path, sep=";", index=False)
    chunks = []
    with DecisionLog.open(data_dir=tmp_path / "log") as log:
        service = DecisionService(ActiveModel.of(scorer), log, Identity("a", "b"))
        service.score_file(path, tmp_path / "out.csv", on_chunk=chunks.append)
    table = TableChunk.of(chunks[0])
    assert table.texts[0].startswith("⚑ minor_applicant")
    assert not table.texts[1].startswith("⚑")
