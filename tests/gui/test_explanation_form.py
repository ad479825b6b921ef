"""The explanation on the form: review band, override reason, decision notice, what-if."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QMessageBox, QRadioButton

from pad_desktop.decisions import HistoryFilter
from pad_desktop.gui.i18n import install_translators
from pad_desktop.gui.override_dialog import OverrideDialog

TIMEOUT = 15_000


def decide(qtbot, window, case_ref: str, **changes):
    values = dict(window.ws.scorer.signature.example)
    values.update(changes)
    window.form.set_values(values)
    window.form.case_ref.editor.setText(case_ref)
    with qtbot.waitSignal(window.form.sig_decided, timeout=TIMEOUT) as blocker:
        window.form.score()
    return blocker.args[0]


def pdf_text(path: Path) -> str:
    """The PDF's text as poppler reads it (Debian's poppler-utils: `.ci/run` installs it);
    NFKC undoes the typesetter's ligatures (ﬃ)."""
    assert shutil.which("pdftotext"), "the notice tests read the PDF with poppler-utils"
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return unicodedata.normalize("NFKC", out)


def save_notice(qtbot, window, path: Path):
    """Issue the notice of the decision shown as a PDF: returns its record once saved."""
    with qtbot.waitSignal(window.form.sig_notice_issued, timeout=TIMEOUT) as blocker:
        assert window.form.save_notice(str(path)) is not None
    assert path.is_file()
    return blocker.args[0]


def test_a_score_in_the_review_band_says_refer_and_the_override_opens_with_that_reason(
    qtbot, make_window, monkeypatch
):
    monkeypatch.setenv("PAD_REVIEW_BAND", "0.49")  # every score is near the threshold
    window = make_window()
    record = decide(qtbot, window, "CASE-REVIEW")
    banner = window.form.result.review_banner
    assert banner.isVisible() and "Refer for review" in banner.text()
    qtbot.mouseClick(window.form.result.override_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(OverrideDialog)
    assert dialog is not None and dialog.reason_key() == "review"
    qtbot.keyClicks(dialog.justification, "payslips seen, the guarantor signed")
    with qtbot.waitSignal(window.form.sig_overridden, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    (override,) = window.log.overrides_for(record.id)
    assert override.justification.startswith("Referred for review")
    assert override.justification.endswith("payslips seen, the guarantor signed")


def test_outside_the_band_there_is_no_referral(qtbot, make_window, monkeypatch):
    monkeypatch.setenv("PAD_REVIEW_BAND", "0")
    window = make_window()
    decide(qtbot, window, "CASE-PLAIN", credit_amount=250)
    assert not window.form.result.review_banner.isVisible()
    qtbot.mouseClick(window.form.result.override_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(OverrideDialog)
    assert dialog.reason_key() == ""
    dialog.reject()


def test_the_decision_notice_is_a_pdf_with_the_case_reference_decision_and_model(
    qtbot, window, tmp_path: Path, officer
):
    record = decide(qtbot, window, "DOSSIER-2024-0042", duration_in_month=60)
    path = tmp_path / "notice.pdf"
    notice = save_notice(qtbot, window, path)
    assert notice.decision_id == record.id and notice.kind == "pdf"
    assert window.log.get(record.id).notices == (notice,)  # recorded before it was handed over
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    # The document's title names the case (PDF text strings are UTF-16BE).
    assert "DOSSIER-2024-0042".encode("utf-16-be") in data
    text = pdf_text(path)
    bundle = window.ws.scorer.bundle
    assert "DOSSIER-2024-0042" in text
    assert officer in text
    assert ("Refused" if record.decision.value == "refused" else "Approved") in text
    assert bundle.name in text and bundle.version in text
    # At most four reasons, each in the applicant's terms ("Field: value").
    reasons = [
        line for line in text.splitlines() if line.strip()[:2] in {"1.", "2.", "3.", "4.", "5."}
    ]
    assert 1 <= len(reasons) <= 4 or record.decision.value == "approved"


def test_what_if_shows_the_effect_and_records_nothing(qtbot, window):
    decide(qtbot, window, "CASE-WHATIF")
    log = window.log
    assert log.count(HistoryFilter()) == 1
    form = window.form
    form.whatif.button.click()
    assert form.whatif.active and not form.score_button.isEnabled()
    with qtbot.waitSignal(form.whatif.sig_simulated, timeout=TIMEOUT) as blocker:
        amount = form.rows["credit_amount"].editor
        amount.clear()
        qtbot.keyClicks(amount, "15000")
    simulated = blocker.args[0]
    banner = form.result.simulation_banner
    assert banner.isVisible() and banner.text().startswith("Simulation — not a decision")
    assert f"{simulated.probability:.1%}" in banner.text()
    assert form.result.waterfall.rows[-1][1] == f"{simulated.probability:.1%}"
    assert log.count(HistoryFilter()) == 1  # no decision row added by the simulation
    form.whatif.button.click()  # leave: the recorded applicant's values come back
    assert not banner.isVisible() and form.score_button.isEnabled()
    assert form.rows["credit_amount"].editor.value() != "15000"
    assert log.count(HistoryFilter()) == 1


def test_the_notice_is_in_french_when_the_app_is(qapp, qtbot, make_window, tmp_path: Path):
    translators = install_translators(qapp, "fr")
    try:
        window = make_window()
        decide(qtbot, window, "DOSSIER-FR-7", duration_in_month=60)
        path = tmp_path / "avis.pdf"
        assert save_notice(qtbot, window, path).lang == "fr"
        text = pdf_text(path)
        assert "Avis de décision de crédit" in text
        assert "Référence du dossier" in text and "DOSSIER-FR-7" in text
        assert "Décision : Refusé" in text or "Décision : Accordé" in text
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        QLocale.setDefault(QLocale(QLocale.Language.English))


def test_a_referred_case_can_be_reviewed_keeping_the_models_decision(
    qtbot, make_window, monkeypatch
):
    monkeypatch.setenv("PAD_REVIEW_BAND", "0.49")
    window = make_window()
    record = decide(qtbot, window, "CASE-KEEP")
    qtbot.mouseClick(window.form.result.override_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(OverrideDialog)
    keep = dialog.findChild(QRadioButton, "keepDecision")
    keep.setChecked(True)
    assert dialog.new_decision() is None
    qtbot.keyClicks(dialog.justification, "income documents checked, decision stands")
    with qtbot.waitSignal(window.form.sig_overridden, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    (review,) = window.log.overrides_for(record.id)
    assert review.kind == "review" and review.new_decision is None
    assert window.log.get(record.id).final_decision is record.decision
    assert window.form.result.override_info.text().startswith("* Reviewed by")


def test_a_notice_that_cannot_be_written_says_so(qtbot, window, tmp_path: Path):
    decide(qtbot, window, "CASE-NOWHERE")
    target = tmp_path / "no such folder" / "notice.pdf"
    assert window.form.save_notice(str(target)) is None
    box = window.findChild(QMessageBox)
    assert box is not None and box.isVisible()
    assert box.text() == "The file could not be read or written."
    assert not target.exists() and not target.parent.exists()
    assert window.log.get(window.form.result.record.id).notices == ()  # nothing issued
    box.close()


def test_what_if_with_a_broken_value_marks_the_field_and_keeps_the_focus(qtbot, window):
    decide(qtbot, window, "CASE-WHATIF-BAD")
    form = window.form
    form.whatif.button.click()
    amount = form.rows["credit_amount"]
    amount.editor.setFocus()
    amount.editor.clear()
    qtbot.keyClicks(amount.editor, "douze")
    qtbot.waitUntil(lambda: amount.error.isVisible(), timeout=TIMEOUT)
    assert "'douze' is not a number" in amount.error.text()
    assert amount.editor.hasFocus()  # the officer keeps typing where they were
    assert window.log.count(HistoryFilter()) == 1
    form.whatif.button.click()


def test_no_empty_contribution_chart_before_a_decision(qtbot, window):
    panel = window.form.result
    assert not panel.waterfall.isVisibleTo(panel) and not panel.why.isVisibleTo(panel)
    decide(qtbot, window, "DOSSIER-CHART-1")
    qtbot.waitUntil(lambda: panel.waterfall.isVisibleTo(panel), timeout=TIMEOUT)
    assert panel.why.isVisibleTo(panel) and panel.waterfall.rows
    window.form.new_applicant()
    assert not panel.waterfall.isVisibleTo(panel)
