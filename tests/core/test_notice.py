"""The decision notice, built in the core from the record, its overrides and the bundle's wording;
issued through the decision service, recorded, found again and produced again from the log."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pad_desktop.decisions import DecisionLog, HistoryFilter
from pad_desktop.decisions.records import DecisionRecord, NoticeKind, Outcome
from pad_desktop.model.active import ActiveModel
from pad_desktop.model.scoring import Scorer
from pad_desktop.service.decision_service import DecisionService, Identity
from pad_desktop.service.notice import build_notice, notice_html, override_justification

DECIDED_AT = datetime(2026, 12, 2, 13, 5, tzinfo=UTC)
OVERRIDDEN_AT = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
WORDS = "Income not proven: the payslips of the last 3 months are missing"


@pytest.fixture
def log(tmp_path: Path):
    opened = DecisionLog.open(data_dir=tmp_path / "log")
    yield opened
    opened.close()


@pytest.fixture
def service(scorer: Scorer, log: DecisionLog) -> DecisionService:
    return DecisionService(ActiveModel.of(scorer), log, Identity("jdupont", "ws-7", "J. Dupont"))


def approved(service: DecisionService, case_ref: str, lang: str = "fr") -> DecisionRecord:
    """The shipped example applicant, approved by the model, recorded with French reasons
    (the fields that raised the risk, "Emploi : employé qualifié / fonctionnaire" among them)."""
    decision = service.decide(service.scorer.signature.example, case_ref=case_ref, lang=lang)
    assert decision.outcome is Outcome.APPROVED and decision.record.reasons
    return dataclasses.replace(decision.record, created_at=DECIDED_AT)


def override_into_refusal(service, record, reason: str = "review", words: str = WORDS):
    override = service.override(record, Outcome.REFUSED, override_justification(reason, words))
    return dataclasses.replace(override, created_at=OVERRIDDEN_AT)


def test_after_an_override_the_officers_reason_is_the_notices_principal_reason(service) -> None:
    record = approved(service, "DOSSIER-OVR-1")
    override = override_into_refusal(service, record)
    content = build_notice(record, [override], "en", service.scorer.bundle)
    assert content.decision == "Decision: Refused" and content.outcome == "refused"
    assert content.reasons == (
        "Referred to a credit officer for review: the score was close to the threshold",
        f"Credit officer's justification: “{WORDS}”",
    )
    assert content.statement == (
        "A credit officer (J. Dupont) reviewed the application on 3 Dec 2026 and set this "
        "decision, which replaces the automated assessment."
    )
    # The model's reasons argued for the approval that was set aside: not on the notice.
    text = content.text()
    assert content.context == () and "Job:" not in text and "Emploi" not in text
    assert ("Date of the decision", "2 Dec 2026 13:05 UTC") in content.facts
    assert ("Officer", "J. Dupont") in content.facts


def test_the_same_notice_in_french(service) -> None:
    record = approved(service, "DOSSIER-OVR-2", lang="en")
    override = override_into_refusal(service, record, reason="")
    content = build_notice(record, [override], "fr", service.scorer.bundle)
    assert content.title == "Avis de décision de crédit"
    assert content.decision == "Décision : Refusé"
    assert content.reasons == (
        "Examen du dossier par un chargé de clientèle",
        f"Justification du chargé de clientèle : « {WORDS} »",
    )
    assert "le 3 déc. 2026" in content.statement
    assert "Emploi" not in content.text() and "Job:" not in content.text()


def test_a_reason_category_recorded_in_french_is_named_in_english(service) -> None:
    record = approved(service, "DOSSIER-OVR-3")
    justification = override_justification("review", WORDS, "fr")
    assert justification.startswith("Transmis pour examen : le score est proche du seuil. ")
    override = service.override(record, Outcome.REFUSED, justification)
    content = build_notice(record, [override], "en", service.scorer.bundle)
    assert content.reasons[0].startswith("Referred to a credit officer for review")
    assert content.reasons[1] == f"Credit officer's justification: “{WORDS}”"


def test_the_models_refusal_gives_its_reasons_in_the_notices_language(service) -> None:
    """Reasons recorded in French are worded in English from the recorded inputs."""
    record = approved(service, "DOSSIER-MODEL")
    refused = dataclasses.replace(record, decision=Outcome.REFUSED)
    content = build_notice(refused, [], "en", service.scorer.bundle)
    assert content.statement == "" and content.context == ()
    assert "Job: skilled employee / official" in content.reasons
    assert all(" : " not in r for r in content.reasons), content.reasons  # no French left
    french = build_notice(refused, [], "fr", service.scorer.bundle)
    assert "Emploi : employé qualifié / fonctionnaire" in french.reasons
    approval = build_notice(record, [], "en", service.scorer.bundle)
    assert approval.reasons == () and approval.decision == "Decision: Approved"


def test_a_confirmed_refusal_keeps_the_models_reasons_as_context(service) -> None:
    refused = dataclasses.replace(approved(service, "DOSSIER-KEPT"), decision=Outcome.REFUSED)
    review = service.override(refused, None, override_justification("review", WORDS), "review")
    content = build_notice(refused, [review], "en", service.scorer.bundle)
    assert content.decision == "Decision: Refused"
    assert content.statement.endswith("and confirmed this decision.")
    assert content.reasons[1] == f"Credit officer's justification: “{WORDS}”"
    assert "Job: skilled employee / official" in content.context


def test_a_notice_issued_is_recorded_and_produced_again_with_the_same_hash(service, log) -> None:
    record = approved(service, "DOSSIER-ISSUED")
    override_into_refusal(service, record)
    stored = log.get(record.id)
    issued = service.issue_notice(stored, NoticeKind.PDF, "fr")
    assert issued.content.reasons[0].startswith("Dossier transmis pour examen")
    (found,) = log.history(HistoryFilter(case_ref="DOSSIER-ISSUED"))
    (notice,) = found.notices
    assert notice == issued.record
    assert (notice.kind, notice.lang, notice.officer, notice.os_account, notice.workstation) == (
        NoticeKind.PDF,
        "fr",
        "J. Dupont",
        "jdupont",
        "ws-7",
    )
    assert notice.override_id == found.overrides[-1].id
    assert notice.content_sha256 == issued.content.sha256
    again = service.reproduce_notice(found, found.overrides, notice)
    assert again.matches(notice) and again == issued.content
    # A later review does not change what the earlier notice said, nor its hash.
    service.override(record, None, override_justification("", WORDS + " (checked again)"))
    later = log.get(record.id)
    assert service.reproduce_notice(later, later.overrides, notice).matches(notice)
    assert not service.notice(later, "fr").matches(notice)  # today's notice differs
    assert [n.id for n in log.notices_for(record.id)] == [notice.id]


def test_a_hostile_justification_is_text_in_the_notices_html(service) -> None:
    record = approved(service, "DOSSIER-<s>42</s>")
    hostile = "<img src=x onerror=alert(1)></table><script>alert(2)</script> & more"
    override = service.override(record, Outcome.REFUSED, hostile)
    page = notice_html(build_notice(record, [override], "en", service.scorer.bundle))
    assert "<img" not in page and "<script" not in page and "<s>" not in page
    assert page.count("</table>") == 1  # the facts' own table, closed once
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;/table&gt;&lt;script&gt;" in page
    assert "DOSSIER-&lt;s&gt;42&lt;/s&gt;" in page
