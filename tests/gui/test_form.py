"""The form tab: score, log, reject invalid input, override, JSON, model swap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit

from pad_desktop.decisions import HistoryFilter
from pad_desktop.decisions.records import Outcome, Source
from pad_desktop.gui.override_dialog import OverrideDialog
from pad_desktop.model.scoring import Scorer

TIMEOUT = 15_000


def type_applicant(qtbot, window, values: dict, case_ref: str = "CASE-1") -> None:
    """Fill the form as an officer would: type the case reference and numbers, pick
    categories."""
    window.form.case_ref.editor.clear()
    qtbot.keyClicks(window.form.case_ref.editor, case_ref)
    for name, value in values.items():
        editor = window.form.rows[name].editor
        if isinstance(editor, QLineEdit):
            editor.clear()
            qtbot.keyClicks(editor, str(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findText(str(value)))
        elif isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))


def test_fill_the_form_then_enter_shows_and_logs_the_decision(
    qtbot, window, default_bundle_dir, officer
):
    example = window.ws.scorer.signature.example
    type_applicant(qtbot, window, example)
    expected = Scorer.from_path(str(default_bundle_dir)).score(example)
    last_editor = window.form.rows["age_in_years"].editor
    with qtbot.waitSignal(window.form.sig_decided, timeout=TIMEOUT) as blocker:
        qtbot.keyClick(last_editor, Qt.Key.Key_Return)
    record = blocker.args[0]
    panel = window.form.result
    assert panel.decision.text() == (
        "APPROVED" if expected.decision is Outcome.APPROVED else "REFUSED"
    )
    assert f"{expected.probability:.1%}" in panel.score.text()
    assert panel.reasons.count() == max(len(expected.reasons), 1)
    assert panel.gauge.score == pytest.approx(expected.probability)
    stored = window.log.get(record.id)
    assert stored is not None
    assert stored.source is Source.FORM
    assert stored.officer == officer
    assert stored.score == pytest.approx(expected.probability)
    assert stored.model_sha256 == window.ws.scorer.bundle.sha256
    assert stored.case_ref == "CASE-1"
    assert stored.os_account and stored.os_account == window.settings.os_account
    assert window.log.count(HistoryFilter()) == 1
    # What the model saw, as every face records it (tests/core/test_one_record.py).
    assert json.dumps(stored.inputs, sort_keys=True) == json.dumps(example, sort_keys=True)


def test_a_decision_needs_a_case_reference(qtbot, window):
    window.form.set_values(window.ws.scorer.signature.example)
    # The window's own background work (a health check, the later tabs) finishes first, so
    # that a task counted below can only be one Score started.
    qtbot.waitUntil(lambda: window.runner.active == 0, timeout=TIMEOUT)
    assert window.form.score() is None  # nothing is started
    error = window.form.case_ref.error
    assert error.isVisible()
    assert error.text() == (
        "Enter the case reference (the case or applicant number) so this decision can be "
        "found in History."
    )
    assert window.form.case_ref.editor.accessibleName() == "Case reference"
    assert "case or applicant number" in window.form.case_ref.editor.toolTip()
    assert window.form.result.record is None and window.runner.active == 0
    assert window.log.count(HistoryFilter()) == 0
    qtbot.keyClicks(window.form.case_ref.editor, "C")
    assert not error.isVisible()


def test_an_invalid_field_is_explained_next_to_it_and_nothing_is_logged(qtbot, window):
    values = dict(window.ws.scorer.signature.example)
    values["credit_amount"] = "-5"
    values["age_in_years"] = "douze"
    type_applicant(qtbot, window, values)
    window.form.rows["purpose"].editor.reset()  # left empty
    with qtbot.waitSignal(window.form.sig_rejected, timeout=TIMEOUT):
        qtbot.mouseClick(window.form.score_button, Qt.MouseButton.LeftButton)
    amount = window.form.rows["credit_amount"].error
    age = window.form.rows["age_in_years"].error
    assert amount.isVisible() and "below the minimum of 1 DM" in amount.text()
    assert age.isVisible() and "'douze' is not a number" in age.text()
    assert not window.form.rows["duration_in_month"].error.isVisible()
    assert window.form.rows["purpose"].error.text() == "Purpose of the credit is required."
    assert "3 field(s) need attention" in window.form.summary.text()
    assert window.form.result.decision.text() == "Not scored"
    assert window.form.result.record is None
    assert window.log.count(HistoryFilter()) == 0
    # Typing in the field clears its message.
    qtbot.keyClicks(window.form.rows["credit_amount"].editor, "0")
    assert not amount.isVisible()


def test_an_override_needs_a_justification_and_is_logged_as_its_own_record(qtbot, window, officer):
    window.form.set_values(window.ws.scorer.signature.example)
    window.form.case_ref.editor.setText("CASE-7")
    with qtbot.waitSignal(window.form.sig_decided, timeout=TIMEOUT) as blocker:
        window.form.score()
    record = blocker.args[0]
    qtbot.mouseClick(window.form.result.override_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(OverrideDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.new_decision() is not record.decision
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.justification, "ok")
    assert not dialog.ok_button.isEnabled()
    dialog.accept()  # Enter must not bypass the rule either
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.justification, " - payslips for 3 years seen, guarantor signed")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(window.form.sig_overridden, timeout=TIMEOUT):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    overrides = window.log.overrides_for(record.id)
    assert len(overrides) == 1
    assert overrides[0].officer == officer
    assert overrides[0].new_decision is not record.decision
    assert "payslips" in overrides[0].justification
    assert window.log.get(record.id).final_decision is overrides[0].new_decision
    assert window.form.result.override_info.isVisible()
    assert not window.form.result.override_button.isEnabled()


def test_new_applicant_clears_and_json_round_trips(qtbot, window, tmp_path: Path):
    example = window.ws.scorer.signature.example
    window.form.set_values(example)
    window.form.case_ref.editor.setText("DOSSIER-9")
    typed = window.form.values()
    # Numbers reach the core as the officer typed them; categories and booleans as chosen.
    assert typed["credit_amount"] == str(example["credit_amount"])
    assert typed["purpose"] == example["purpose"]
    path = tmp_path / "applicant.json"
    task = window.form.save_file(str(path))
    qtbot.waitUntil(lambda: window.runner.active == 0, timeout=TIMEOUT)
    assert task.done.is_set()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved == {"applicant_id": "DOSSIER-9", **example}  # numbers saved as numbers
    window.form.new_applicant()
    assert all(v in (None, False) for v in window.form.values().values())
    assert window.form.case_ref.text() == ""
    with qtbot.waitSignal(window.form.sig_loaded, timeout=TIMEOUT):
        window.form.load_file(str(path))
    assert window.form.values() == typed
    assert window.form.case_ref.text() == "DOSSIER-9"


def test_a_number_typed_with_spaces_and_a_bad_one_get_the_cores_verdict(qtbot, window):
    """The form words no message: "4 000" is the value table's 4000, and a refused text gets
    the core's own sentence (the same one the CLI and the API give)."""
    from pad_desktop.model.signature import ApplicantError

    scorer = window.ws.scorer
    values = dict(scorer.signature.example, credit_amount="4 000", age_in_years="1_169")
    type_applicant(qtbot, window, values, case_ref="C-SPACES")
    with qtbot.waitSignal(window.form.sig_rejected, timeout=TIMEOUT):
        window.form.score()
    with pytest.raises(ApplicantError) as refused:
        scorer.score({**scorer.signature.example, "age_in_years": "1_169"})
    expected = next(e.message for e in refused.value.errors if e.field == "age_in_years")
    assert window.form.rows["age_in_years"].error.text() == expected
    assert not window.form.rows["credit_amount"].error.isVisible()  # "4 000" is accepted
    window.form.rows["age_in_years"].editor.setText("35")
    with qtbot.waitSignal(window.form.sig_decided, timeout=TIMEOUT) as blocker:
        window.form.score()
    assert blocker.args[0].inputs["credit_amount"] == 4000


def test_swapping_the_model_rebuilds_the_form(qtbot, window, tmp_path: Path):
    from foreign_model import FEATURES, build_original_service_bundle

    folder = build_original_service_bundle(tmp_path / "exported_model")
    with qtbot.waitSignal(window.sig_model_changed, timeout=TIMEOUT) as blocker:
        task = window.use_bundle(str(folder))
    qtbot.waitUntil(task.done.is_set, timeout=TIMEOUT)  # the model event is logged after
    assert list(window.form.rows) == list(FEATURES)
    married = window.form.rows["NAME_FAMILY_STATUS_Married"].editor
    assert isinstance(married, QCheckBox)
    assert blocker.args[0].sha256[:8] in window.model_label.text()
    assert window.ws.scorer.threshold == pytest.approx(0.42)
    assert window.form.result.gauge.threshold == pytest.approx(0.42)
    events = window.log.model_events()
    assert events and events[0].kind == "use"
    assert events[0].to_model.startswith(blocker.args[0].model_id)  # the service's one label
    assert blocker.args[0].sha256[:16] in events[0].to_model
    # The rebuilt form scores with the new model.
    from foreign_model import EXAMPLE_PAYLOAD

    window.form.set_values(EXAMPLE_PAYLOAD)
    window.form.case_ref.editor.setText("CASE-FOREIGN")
    with qtbot.waitSignal(window.form.sig_decided, timeout=TIMEOUT) as scored:
        window.form.score()
    assert scored.args[0].model_id == blocker.args[0].model_id
    QApplication.processEvents()
