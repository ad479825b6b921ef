"""The decision notice after an officer's override, as the applicant reads it (the PDF's text,
read by poppler), recorded when issued, listed in History and produced again from the log."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt

from pad_desktop.decisions import HistoryFilter
from pad_desktop.decisions.records import Outcome
from pad_desktop.gui.i18n import install_translators
from pad_desktop.gui.override_dialog import OverrideDialog
from tests.gui.test_explanation_form import TIMEOUT, decide, pdf_text, save_notice

WORDS = "payslips missing for the last three months"
HOSTILE = "<img src=x onerror=alert(1)></table><b>bold</b> & co"


def override(qtbot, window, words: str) -> None:
    """Override the decision shown through the dialog (the other outcome is preselected)."""
    qtbot.mouseClick(window.form.result.override_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(OverrideDialog)
    dialog.justification.setPlainText(words)
    with qtbot.waitSignal(window.form.sig_overridden, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def flat(text: str) -> str:
    """The PDF's text with its line breaks and layout spaces as single spaces."""
    return " ".join(text.split())


@pytest.fixture
def french(qapp):
    translators = install_translators(qapp, "fr")
    yield
    for translator in translators:
        qapp.removeTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.English))


def test_after_an_override_the_pdf_gives_the_officers_reason_not_the_models(
    qtbot, make_window, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PAD_REVIEW_BAND", "0.49")  # referred: the review category is chosen
    window = make_window()
    record = decide(qtbot, window, "DOSSIER-OVR-EN")
    assert record.decision is Outcome.APPROVED and record.reasons  # risk-raising fields
    override(qtbot, window, WORDS)
    notice = save_notice(qtbot, window, tmp_path / "notice.pdf")
    text = flat(pdf_text(tmp_path / "notice.pdf"))
    assert "Decision: Refused" in text
    assert "Main reasons for this decision" in text
    assert (
        "1. Referred to a credit officer for review: the score was close to the threshold" in text
    )
    assert f"2. Credit officer's justification: “{WORDS}”" in text
    assert "Job:" not in text and "Checking account" not in text  # the model's approval
    (stored,) = window.log.history(HistoryFilter(case_ref="DOSSIER-OVR-EN"))
    assert stored.notices == (notice,) and notice.override_id == stored.overrides[0].id


def test_after_an_override_the_french_pdf_gives_the_officers_reason(
    qtbot, french, make_window, tmp_path: Path
) -> None:
    window = make_window()
    record = decide(qtbot, window, "DOSSIER-OVR-FR")
    assert record.decision is Outcome.APPROVED
    override(qtbot, window, "bulletins de salaire manquants depuis trois mois")
    notice = save_notice(qtbot, window, tmp_path / "avis.pdf")
    assert notice.lang == "fr"
    text = flat(pdf_text(tmp_path / "avis.pdf"))
    assert "Décision : Refusé" in text
    assert "Principaux motifs de cette décision" in text
    assert "1. Examen du dossier par un chargé de clientèle" in text
    assert (
        "2. Justification du chargé de clientèle : « bulletins de salaire manquants depuis "
        "trois mois »" in text
    )
    assert "Emploi" not in text and "Solde du compte" not in text


def test_a_hostile_justification_prints_as_text(qtbot, window, tmp_path: Path) -> None:
    decide(qtbot, window, "DOSSIER-HOSTILE")
    override(qtbot, window, HOSTILE)
    save_notice(qtbot, window, tmp_path / "notice.pdf")
    text = flat(pdf_text(tmp_path / "notice.pdf"))
    printed = "".join(text.split())  # the line may wrap anywhere in the markup-like text
    at = printed.index("".join(f"Credit officer's justification: “{HOSTILE}”".split()))
    # The facts' table was not closed early: the notice goes on to its last sentence.
    assert printed.index("fortheinformationitwasbasedon.") > at


def test_history_lists_the_notice_issued_and_produces_it_again(
    qtbot, window, tmp_path: Path, officer: str
) -> None:
    record = decide(qtbot, window, "DOSSIER-HIST")
    override(qtbot, window, WORDS)
    first = save_notice(qtbot, window, tmp_path / "first.pdf")
    tab = window.history
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.total == 1, timeout=TIMEOUT)
    tab.table.selectRow(0)
    details = tab.details.toPlainText()
    assert "Notices issued" in details
    (line,) = [li for li in details.splitlines() if " · PDF · EN · sha256 " in li]
    assert officer in line and first.content_sha256[:16] in line  # who, and which notice
    assert f"notice:{first.id}" in tab.details.toHtml()  # the link that produces it again

    again = tmp_path / "again.pdf"
    with qtbot.waitSignal(tab.sig_notice_issued, timeout=TIMEOUT) as blocker:
        assert tab.produce_notice_again(str(first.id), str(again)) is not None
    second = blocker.args[0]
    assert second.id != first.id and second.content_sha256 == first.content_sha256
    assert pdf_text(again) == pdf_text(tmp_path / "first.pdf")
    assert [n.id for n in window.log.get(record.id).notices] == [first.id, second.id]


def test_a_printed_notice_is_recorded_before_it_is_printed(qtbot, window, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    record = decide(qtbot, window, "DOSSIER-PRINT")
    override(qtbot, window, WORDS)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a printer that writes a file
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    content = window.form.notice_content()
    with qtbot.waitSignal(window.form.sig_notice_issued, timeout=TIMEOUT) as blocker:
        window.form.print_notice(content, printer)
    printed = blocker.args[0]
    assert printed.kind == "print" and printed.content_sha256 == content.sha256
    assert window.log.get(record.id).notices == (printed,)
    assert f"Credit officer's justification: “{WORDS}”" in flat(pdf_text(tmp_path / "printed.pdf"))
