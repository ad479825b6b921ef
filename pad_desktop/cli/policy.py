"""`pad-desktop policy check POLICY [--replay [--since D]]`: validate a lending policy against
the model in use and, optionally, replay the logged decisions under it (nothing recorded)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    from pad_desktop.cli.common import moment

    p = sub.add_parser("policy", help="check a lending policy file")
    inner = p.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    check = inner.add_parser(
        "check",
        help="validate a policy against the model's signature; --replay: replay the log",
        description="Validate a lending policy (unknown fields, type errors, unreachable or "
        "contradictory rules, hostile content) against the model in use. Exit 1 when it "
        "cannot be used or has problems.",
    )
    check.add_argument("policy", type=Path, help="the policy file (JSON)")
    check.add_argument("--replay", action="store_true", help="replay the logged decisions")
    check.add_argument("--since", metavar="DATE", type=moment, help="replay decisions from DATE")
    check.add_argument("--model", metavar="PATH", default=argparse.SUPPRESS, help="model bundle")
    check.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    from pad_desktop.cli.common import fail, load_scorer
    from pad_desktop.cli.texts import language
    from pad_desktop.policy import PolicyError
    from pad_desktop.policy.check import check_policy, has_errors
    from pad_desktop.policy.load import read_policy
    from pad_desktop.policy.texts import word

    lang = language()
    scorer = load_scorer(args)
    try:
        policy = read_policy(args.policy, scorer.signature)
    except PolicyError as exc:
        return fail(exc.one_line(lang), 1)
    problems = check_policy(policy, scorer.signature, lang)
    for problem in problems:
        print(problem, file=sys.stderr)
    if has_errors(problems, lang):  # a widened range the model would decide: unusable
        return 1
    print(
        word(
            "check_ok", lang, id=policy.id, version=policy.version, sha=policy.sha256[:16],
            rules=len(policy.rules), model=scorer.bundle.id,
        )
    )  # fmt: skip
    if args.replay:
        _replay(policy, args.since, lang)
    return 0  # the other findings are warnings: the policy can run


def _replay(policy, since: datetime | None, lang: str) -> None:
    from pad_desktop.decisions import DecisionLog, HistoryFilter
    from pad_desktop.policy.replay import replay
    from pad_desktop.policy.texts import word

    log = DecisionLog.open()
    try:
        decisions, offset, page = [], 0, 10_000
        f = HistoryFilter(since=since)
        while True:
            batch = log.history(f, offset, page)
            decisions += batch
            if len(batch) < page:
                break
            offset += page
    finally:
        log.close()
    result = replay(policy, decisions)
    print(word("replay_head", lang, count=result.count, id=policy.id))
    for r in result.rules:
        outcome = word("outcome_" + r.outcome, lang)
        print(
            word(
                "replay_rule", lang, rule=r.rule, outcome=outcome, fired=r.fired, changed=r.changed
            )
        )
    print(word("replay_total", lang, changed=result.changed, count=result.count))
