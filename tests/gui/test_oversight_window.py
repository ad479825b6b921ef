"""Human oversight in the window: `control stop` (from the command line, another process's
view of the same store) shows the banner and makes the form refer every case within the
control TTL (a clock we move); resume restores. The supervisors' queue lists a review request
and answers it. The roles shown and the menu offered follow what the database gives."""

from __future__ import annotations

from PySide6.QtGui import QAction

from pad_desktop.cli import main
from pad_desktop.decisions.records import Outcome, Verdict
from pad_desktop.decisions.roles import Role, Roles
from pad_desktop.gui import jobs
from pad_desktop.gui.history_tab import decision_html
from tests.gui.test_decision_path import TIMEOUT, fill


def _clocked(window) -> list[float]:
    now = [1000.0]
    window.service.oversight.control.clock = lambda: now[0]
    return now


def test_control_stop_shows_the_banner_and_refers_every_form_case(qtbot, window, capsys):
    now = _clocked(window)
    banner = window.oversight.banner
    window.oversight.poll()
    qtbot.waitUntil(lambda: window.oversight.roles is not None, timeout=TIMEOUT)
    assert not banner.isVisible()

    assert main(["control", "stop", "--reason", "drift alarm"]) == 0
    capsys.readouterr()
    now[0] += window.service.oversight.control.ttl_s  # within the TTL (at most 5 s)
    window.oversight.poll()
    qtbot.waitUntil(banner.isVisible, timeout=TIMEOUT)
    assert "drift alarm" in banner.text() and "stopped" in banner.text()

    fill(window, "STOPPED-1")
    with qtbot.waitSignal(window.form.sig_decided, timeout=TIMEOUT) as decided:
        window.form.score()
    record = decided.args[0]
    assert record.policy["effect"] == "refer" and record.policy["stop"]["reason"] == "drift alarm"
    shown = window.form.result.policy_banner
    assert shown.isVisible() and "Referred to human review" in shown.text()
    assert window.form.result.decision.text() == "REFERRED"
    assert window.form.last_decision.refer_for_review

    window.oversight.control("resume", "model rolled back")  # the menu's action
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=TIMEOUT)
    fill(window, "RESUMED-1")
    with qtbot.waitSignal(window.form.sig_decided, timeout=TIMEOUT) as decided:
        window.form.score()
    assert "stop" not in (decided.args[0].policy or {})
    qtbot.waitUntil(lambda: window.runner.active == 0, timeout=TIMEOUT)


def test_the_queue_answers_the_applicants_review_request(qtbot, window):
    fill(window, "REVIEW-1")
    with qtbot.waitSignal(window.form.sig_decided, timeout=TIMEOUT) as decided:
        window.form.score()
    record = decided.args[0]
    window.service.oversight.request_review(record.id, "I was paid late that month only")
    details = decision_html(window.log.get(record.id))  # History shows it beside the decision
    assert "Requests for a second person" in details and "paid late that month" in details
    window.oversight.poll()
    qtbot.waitUntil(lambda: window.oversight.roles is not None, timeout=TIMEOUT)
    # The embedded store's one user holds every role.
    assert window.status.roles_label.text() == "Roles: all (one user)"
    assert window.oversight.actions["queue"].isEnabled()

    dialog = window.oversight.open_queue()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=TIMEOUT)
    assert dialog.table.item(0, 4).text() == "I was paid late that month only"
    assert dialog.table.item(0, 2).text() == "REVIEW-1"  # the case, as the officer knows it
    assert dialog.approve_button.text() == "Record the review"  # answered by a review
    assert dialog.reject_button.isHidden()
    assert not dialog.approve_button.isEnabled()  # no reason written yet
    dialog.reason.setText("pay slips of the other months seen")
    assert dialog.approve_button.isEnabled()
    dialog.approve_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=TIMEOUT)
    reviews = [o for o in window.log.overrides_for(record.id) if o.kind == "review"]
    assert [r.justification for r in reviews] == ["pay slips of the other months seen"]
    state = window.log.requests(decision_id=record.id)[0]
    assert state.answers[0].override_id == reviews[0].id  # the review linked to the request
    dialog.close()
    qtbot.waitUntil(lambda: window.runner.active == 0, timeout=TIMEOUT)


def test_an_officer_is_offered_no_approval_nor_stop(qtbot, window):
    officer = Roles(frozenset({Role.OFFICER}), "olivia")
    window.oversight.show_state((officer, None))
    actions = window.oversight.actions
    assert not actions["queue"].isEnabled()
    assert not actions["stop"].isEnabled() and not actions["resume"].isEnabled()
    assert actions["review"].isEnabled()
    assert window.status.roles_label.text() == "Roles: credit officer"
    for name in ("actionUseBundle", "actionUpdateFromHub", "actionRollBack"):  # a model owner's
        assert not window.findChild(QAction, name).isEnabled()
    window.oversight.show_state((Roles(frozenset({Role.SUPERVISOR}), "sam"), None))
    assert actions["queue"].isEnabled() and actions["stop"].isEnabled()


def test_an_officers_override_beyond_the_delegation_waits_for_a_supervisor(qtbot, window):
    reference = window.ws.scorer.bundle.reference()
    riskiest = reference.sort_values("expected_probability").iloc[-1]
    fill(window, "RISKY-1", **riskiest.drop("expected_probability").to_dict())
    with qtbot.waitSignal(window.form.sig_decided, timeout=TIMEOUT) as decided:
        window.form.score()
    record = decided.args[0]
    assert record.decision is Outcome.REFUSED and record.score > record.threshold + 0.05
    oversight = window.service.oversight
    oversight._roles = Roles(frozenset({Role.OFFICER}), "olivia")  # as the database would say
    window.runner.start(
        jobs.override, window.service, record, Outcome.APPROVED, "pay slips seen",
        on_result=window.form._overridden,
    )  # fmt: skip
    info = window.form.result.override_info
    qtbot.waitUntil(info.isVisible, timeout=TIMEOUT)
    assert "takes effect when a supervisor approves it" in info.text()
    assert window.form.result.decision.text() == "REFUSED"  # unchanged until approved
    assert window.log.overrides_for(record.id) == []
    [waiting] = window.log.requests(waiting_only=True)
    oversight._roles = Roles(frozenset({Role.SUPERVISOR}), "sam")  # another person
    oversight.answer(waiting.request.id, Verdict.APPROVED, "income confirmed")
    [override] = window.log.overrides_for(record.id)
    assert override.new_decision is Outcome.APPROVED and override.justification == "pay slips seen"
    qtbot.waitUntil(lambda: window.runner.active == 0, timeout=TIMEOUT)
