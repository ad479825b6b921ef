"""Human oversight from the command line (the rules are the service's, `service.oversight`):

  pad-desktop control stop --reason TEXT     stop automated decisions for the whole lender
  pad-desktop control resume --reason TEXT   resume them
  pad-desktop control status                 running or stopped, by whom and why
  pad-desktop review request CASE_REF --text TEXT
                                             the applicant's point of view and request for
                                             human review of the case's latest decision
  pad-desktop oversight roles                the roles the database gives the connected user
  pad-desktop oversight queue                requests waiting for you (supervisor, model owner)
  pad-desktop oversight approve REQUEST --reason TEXT
  pad-desktop oversight reject REQUEST --reason TEXT

Exit codes: 0 done, 1 refused (a role missing, four eyes, an unknown request), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

DELIVERY_WAIT_S = 10.0


def register(sub: argparse._SubParsersAction) -> None:
    raw = argparse.RawDescriptionHelpFormatter
    control = sub.add_parser(
        "control", help="stop or resume automated decisions (supervisor, model owner)",
        description=__doc__, formatter_class=raw,
    )  # fmt: skip
    actions = control.add_subparsers(dest="control_command", metavar="ACTION", required=True)
    for name, handler in (("stop", run_stop), ("resume", run_resume)):
        p = actions.add_parser(name, help=f"{name} automated decisions for the whole lender")
        p.add_argument("--reason", required=True, help="why (recorded)")
        p.set_defaults(handler=handler)
    actions.add_parser("status", help="running or stopped").set_defaults(handler=run_status)

    review = sub.add_parser("review", help="the applicant's request for human review",
                            description=__doc__, formatter_class=raw)  # fmt: skip
    kinds = review.add_subparsers(dest="review_command", metavar="ACTION", required=True)
    req = kinds.add_parser("request", help="record the applicant's view and review request")
    req.add_argument("case", metavar="CASE_REF", help="the case reference (or a decision id)")
    req.add_argument("--text", required=True, help="the applicant's point of view (recorded)")
    req.set_defaults(handler=run_review_request)

    over = sub.add_parser("oversight", help="roles, the supervisors' queue, approvals",
                          description=__doc__, formatter_class=raw)  # fmt: skip
    cmds = over.add_subparsers(dest="oversight_command", metavar="ACTION", required=True)
    cmds.add_parser("roles", help="your roles").set_defaults(handler=run_roles)
    cmds.add_parser("queue", help="requests waiting for you").set_defaults(handler=run_queue)
    for name, handler in (("approve", run_approve), ("reject", run_reject)):
        p = cmds.add_parser(name, help=f"{name} a waiting request")
        p.add_argument("request", metavar="REQUEST", help="the request's id")
        p.add_argument("--reason", required=True, help="why (recorded)")
        p.set_defaults(handler=handler)


def _t(key: str, **values: Any) -> str:
    from pad_desktop.cli.texts import language
    from pad_desktop.texts import text

    return text(f"oversight.{key}", language(), **values)


def _with_oversight(action: Callable[[Any, Any], int], deliver: bool = False) -> int:
    """Open the log, run `action(oversight, log)`; a refusal is one line and exit 1."""
    from pad_desktop.cli.common import close_log, fail
    from pad_desktop.cli.texts import language
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.runtime.identity import Identity
    from pad_desktop.runtime.settings import get_settings
    from pad_desktop.service.oversight import Oversight
    from pad_desktop.texts import Worded, describe

    settings = get_settings()
    log = DecisionLog.open()
    try:
        oversight = Oversight(log, Identity.from_settings(settings), settings)
        try:
            code = action(oversight, log)
        except Worded as exc:
            return fail(describe(exc, language()), 1)
        if deliver and not log.flush(DELIVERY_WAIT_S):
            print(_t("not_delivered"), file=sys.stderr)
        return code
    finally:
        close_log(log)


def run_stop(args: argparse.Namespace) -> int:
    def act(oversight: Any, _log: Any) -> int:
        event = oversight.stop(args.reason)
        print(_t("stopped_now", reason=event.reason))
        print(event.id)
        return 0

    return _with_oversight(act, deliver=True)


def run_resume(args: argparse.Namespace) -> int:
    def act(oversight: Any, _log: Any) -> int:
        event = oversight.resume(args.reason)
        print(_t("resumed_now", reason=event.reason))
        print(event.id)
        return 0

    return _with_oversight(act, deliver=True)


def run_status(_args: argparse.Namespace) -> int:
    def act(oversight: Any, _log: Any) -> int:
        event = oversight.stopped()
        if event is None:
            print(_t("running"))
        else:
            print(_t("banner", by=event.officer, reason=event.reason))
        return 0

    return _with_oversight(act)


def run_review_request(args: argparse.Namespace) -> int:
    def act(oversight: Any, log: Any) -> int:
        decision = _decision_of(log, args.case)
        if decision is None:
            from pad_desktop.cli.common import fail

            return fail(_t("no_decision", ref=args.case), 1)
        request = oversight.request_review(decision.id, args.text)
        print(_t("review_recorded", ref=request.id, case=decision.case_ref or decision.id))
        return 0

    return _with_oversight(act, deliver=True)


def _decision_of(log: Any, ref: str) -> Any:
    """The latest decision of the case `ref`, else the decision whose id is `ref`."""
    import uuid

    from pad_desktop.decisions import HistoryFilter

    found = log.history(HistoryFilter(case_ref=ref.strip()), limit=1)
    if found:
        return found[0]
    try:
        return log.get(uuid.UUID(ref.strip()))
    except ValueError:
        return None


def run_roles(_args: argparse.Namespace) -> int:
    def act(oversight: Any, _log: Any) -> int:
        print(_t("roles_cli", user=oversight.roles.db_user, roles=roles_text(oversight.roles)))
        return 0

    return _with_oversight(act)


def roles_text(roles: Any, lang: str | None = None) -> str:
    from pad_desktop.cli.texts import language
    from pad_desktop.decisions.roles import Role
    from pad_desktop.texts import text

    lang = lang or language()
    if roles.single_user:
        return text("oversight.roles_single", lang)
    held = [text(f"oversight.role_{r.value}", lang) for r in Role if r in roles]
    return ", ".join(held) or text("oversight.roles_none", lang)


def run_queue(_args: argparse.Namespace) -> int:
    def act(oversight: Any, _log: Any) -> int:
        states = oversight.queue()
        if not states:
            print(_t("queue_empty"))
        for state in states:
            r = state.request
            subject = r.target if r.decision_id is None else state.case_ref or r.decision_id
            when = r.created_at.strftime("%Y-%m-%d %H:%M")
            print(f"{r.id}  {when}  {_t('k_' + r.kind.value)}  {subject}  {r.officer}: {r.text}")
        return 0

    return _with_oversight(act)


def _answer(args: argparse.Namespace, verdict: str) -> int:
    from pad_desktop.decisions.records import Verdict

    def act(oversight: Any, _log: Any) -> int:
        answer = oversight.answer(args.request, Verdict(verdict), args.reason)
        print(_t("answer_recorded", ref=answer.request_id, verdict=_t(f"v_{answer.verdict}")))
        return 0

    return _with_oversight(act, deliver=True)


def run_approve(args: argparse.Namespace) -> int:
    return _answer(args, "approved")


def run_reject(args: argparse.Namespace) -> int:
    return _answer(args, "rejected")
