"""`pad-desktop model compare CANDIDATE`: replay logged decisions through the active model and a
candidate bundle folder; nothing is recorded.

Reports both approval rates, the swap set (`swap_in`: refused now, approved by the candidate;
`swap_out`: the reverse) with counts and cases, each model's expected default rate of its
approvals and, where outcomes matured by `--as-of` (default: today), the observed default rate of
each side of the swap and both AUCs on the same decisions.

`model challenger set|clear|show` names the model that also scores every live decision, in
the shadow: its scores are recorded beside the decisions, never shown, never a decision.

Exit codes: 0 done, 1 a bundle cannot serve, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path


def register(cmds: argparse._SubParsersAction) -> None:
    p = cmds.add_parser(
        "compare",
        help="replay logged decisions through a candidate bundle (records nothing)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "candidate", type=Path, help="the candidate: a bundle folder or an installed version"
    )
    from pad_desktop.cli.common import add_period

    add_period(p)
    p.add_argument("--json", type=Path, help="write the comparison as JSON here")
    p.add_argument("-o", "--output", type=Path, help="write the HTML report here")
    p.set_defaults(handler=run_compare)

    ch = cmds.add_parser(
        "challenger",
        help="score every live decision with a candidate too, in the shadow (never shown)",
    )
    acts = ch.add_subparsers(dest="challenger_command", metavar="ACTION", required=True)
    put = acts.add_parser("set", help="make a bundle folder the challenger (verified first)")
    put.add_argument("bundle", type=Path, help="the challenger's bundle folder")
    put.set_defaults(handler=run_challenger_set)
    acts.add_parser("clear", help="no challenger").set_defaults(handler=run_challenger_clear)
    acts.add_parser("show", help="the challenger, if any").set_defaults(handler=run_challenger_show)


def _candidate_folder(candidate: Path) -> Path:
    """A bundle folder, or the name of a version installed from the Hub (`model list`)."""
    if candidate.exists():
        return candidate
    from pad_desktop.hub.store import ModelStore

    try:
        return ModelStore().get(str(candidate)).path
    except Exception:  # not a version either: the bundle loader says what is missing
        return candidate


def run_compare(args: argparse.Namespace) -> int:
    from pad_desktop.cli.common import close_log, load_scorer
    from pad_desktop.cli.texts import language
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.model.scoring import Scorer
    from pad_desktop.monitoring.compare_report import headline, html_report
    from pad_desktop.monitoring.replay import compare
    from pad_desktop.runtime.settings import get_settings

    lang = language()
    active = load_scorer(args)  # the active bundle, or --model; verified when loaded
    candidate = Scorer.from_path(
        str(_candidate_folder(args.candidate)), get_settings().onnx_threads
    )
    for warning in candidate.warnings:
        print(warning, file=sys.stderr)
    as_of = args.as_of or datetime.now(UTC).date()
    log = DecisionLog.open()
    try:
        result = compare(log, active, candidate, as_of, args.since, args.until)
    finally:
        close_log(log)
    print(headline(result, lang))
    if args.json:
        args.json.write_text(json.dumps(result.as_json(), indent=2, ensure_ascii=False), "utf-8")
    if args.output:
        args.output.write_text(html_report(result, lang), encoding="utf-8")
    return 0


def run_challenger_set(args: argparse.Namespace) -> int:
    from pad_desktop.cli.texts import language
    from pad_desktop.monitoring.challenger import set_challenger
    from pad_desktop.monitoring.texts import text

    scorer = set_challenger(args.bundle)  # a bundle that cannot serve: exit 1, one line
    print(text("challenger_set", language(), model=scorer.bundle.short()))
    return 0


def run_challenger_clear(_args: argparse.Namespace) -> int:
    from pad_desktop.cli.texts import language
    from pad_desktop.monitoring.challenger import clear_challenger
    from pad_desktop.monitoring.texts import text

    cleared = clear_challenger()
    print(text("challenger_cleared" if cleared else "challenger_none", language()))
    return 0


def run_challenger_show(_args: argparse.Namespace) -> int:
    from pad_desktop.cli.texts import language
    from pad_desktop.monitoring.challenger import challenger_path
    from pad_desktop.monitoring.texts import text

    folder = challenger_path()
    print(text("challenger_none", language()) if folder is None else str(folder))
    return 0


def evidence_for(name: str) -> str | None:
    """Before `model use NAME`: `evidence_for_path` of the installed version NAME (None for an
    unknown name, which the switch then reports)."""
    from pad_desktop.hub.store import ModelStore

    try:
        target = ModelStore().get(name)
    except Exception:  # the switch says what is wrong with the name
        return None
    return evidence_for_path(target.path)


def evidence_for_path(folder: Path) -> str | None:
    """Before a switch to the bundle at `folder`: the comparison with the model in use
    (`monitoring.evidence`), its headline and report printed; the report's sha256."""
    from pad_desktop.cli.common import close_log
    from pad_desktop.cli.texts import language
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.model.active import active_bundle_path
    from pad_desktop.monitoring.evidence import compare_for_switch
    from pad_desktop.monitoring.texts import text

    log = DecisionLog.open()
    try:
        found = compare_for_switch(log, active_bundle_path(), folder, datetime.now(UTC), language())
    finally:
        close_log(log)
    if found is None:
        return None
    print(found.headline)
    print(text("evidence_report", language(), path=found.html_path, sha=found.sha256))
    return found.sha256
