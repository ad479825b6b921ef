"""The form's state without a widget: a request needs a case reference, a result goes stale
when an input changes, what-if keeps the decided values aside and gives them back, overrides
attach to the decision shown, a file holds numbers as numbers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pad_desktop.decisions.records import Outcome, Source
from pad_desktop.runtime.settings import get_settings
from pad_desktop.service.form_presenter import CASE_REF_KEY, CaseRefRefused, FormPresenter, Mode
from pad_desktop.service.workstation import Workstation


@pytest.fixture(scope="module")
def station(default_bundle_dir: Path, tmp_path_factory) -> Iterator[Workstation]:
    # Module-scoped, so before the per-test isolation: its own data folder, never the user's.
    with pytest.MonkeyPatch.context() as mp:
        data = tmp_path_factory.mktemp("station")
        mp.setenv("PAD_DATA_DIR", str(data / "data"))
        mp.setenv("PAD_CACHE_DIR", str(data / "cache"))
        mp.delenv("DATABASE_URL", raising=False)
        mp.setenv("PAD_POLICY", "none")
        get_settings.cache_clear()
        ws = Workstation(get_settings())
        ws.set_log(ws.open_log())
        ws.attach_model(*ws.load_model(str(default_bundle_dir)))
        get_settings.cache_clear()
    yield ws
    ws.close()


@pytest.fixture
def form(station: Workstation) -> FormPresenter:
    presenter = FormPresenter()
    presenter.use_signature(station.scorer.signature)
    presenter.new_applicant()
    presenter.set_values({k: str(v) for k, v in station.scorer.signature.example.items()})
    return presenter


def decide(station: Workstation, form: FormPresenter):
    asked = form.request("en", ".")
    decision = station.service.decide(
        asked.values, case_ref=asked.case_ref, source=Source.FORM, decimal=asked.decimal
    )
    form.decided(decision, asked)
    return decision


def test_score_needs_a_case_reference_worded_in_the_officers_language(form: FormPresenter):
    with pytest.raises(CaseRefRefused) as refused:
        form.request("fr", ",")
    assert "référence" in refused.value.message.lower()
    form.edit_case_ref("  DOSSIER-9 ")
    assert form.request("fr", ",").case_ref == "DOSSIER-9"


def test_a_result_goes_stale_when_an_input_changes(station, form: FormPresenter):
    form.edit_case_ref("P-1")
    decide(station, form)
    assert not form.stale and form.can_override
    assert form.edit("credit_amount", "9000") is False  # deciding: nothing to simulate
    assert form.stale and not form.can_override


def test_edited_while_deciding_the_result_is_shown_stale(station, form: FormPresenter):
    form.edit_case_ref("P-2")
    asked = form.request("en", ".")
    form.edit("age_in_years", "41")  # typed while the worker decides
    decision = station.service.decide(asked.values, case_ref="P-2", source=Source.FORM)
    form.decided(decision, asked)
    assert form.stale


def test_what_if_simulates_each_change_and_gives_the_decided_values_back(
    station, form: FormPresenter
):
    form.edit_case_ref("P-3")
    decide(station, form)
    amount = form.values["credit_amount"]
    assert form.enter_whatif() and form.mode is Mode.WHATIF and not form.can_score
    assert form.edit("credit_amount", "250") is True  # to be simulated now
    simulated = station.service.simulate(form.simulation_values("."), "en")
    assert simulated.outcome in (Outcome.APPROVED, Outcome.REFUSED)
    assert CASE_REF_KEY not in form.simulation_values(".")
    kept = form.leave_whatif()
    assert kept["credit_amount"] == amount and form.values["credit_amount"] == amount
    assert form.mode is Mode.DECIDE and form.can_score
    assert form.leave_whatif() is None


def test_overrides_attach_to_the_decision_shown(station, form: FormPresenter):
    form.edit_case_ref("P-4")
    decision = decide(station, form)
    override = station.service.override(decision.record, None, "documents seen", kind="review")
    assert form.overridden(override) and form.overrides == [override]
    form.edit_case_ref("P-5")
    other = decide(station, form)
    assert not form.overridden(override) and form.overrides == []
    assert other.record.case_ref == "P-5"


def test_a_file_holds_numbers_as_numbers_and_the_case(form: FormPresenter):
    form.edit_case_ref("P-6")
    form.edit("credit_amount", "1 234")
    saved = form.saved_values(",")
    assert saved["credit_amount"] == 1234 and saved[CASE_REF_KEY] == "P-6"
    form.edit("credit_amount", "douze")
    assert form.saved_values(",")["credit_amount"] == "douze"  # as typed: the error says why
    again = FormPresenter()
    again.use_signature(form.signature)
    again.loaded(saved)
    assert again.case_ref == "P-6" and again.values["credit_amount"] == 1234


def test_a_new_model_keeps_the_fields_it_shares(form: FormPresenter):
    form.edit("credit_amount", "5000")
    form.enter_whatif()
    kept = form.use_signature(form.signature)
    assert kept["credit_amount"] == "5000" and form.mode is Mode.DECIDE
