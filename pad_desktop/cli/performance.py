"""`pad-desktop performance`: how well the model ranked the decisions whose outcome matured.

Over decisions with an outcome observed by `--as-of` (default: today): n, defaults, AUC with a
95 % interval (Hanley & McNeil), Gini, KS, approval rate, default rate among approved, and a
calibration table, overall, by month of decision and by model version. Groups with too few
outcomes are shown as such. Times are UTC; a bare date as `--until` means the end of that day.

Exit codes: 0 no alert, 1 alert (the AUC is below the model card's by more than
`--tolerance`), 2 bad usage, or no verdict (too few matured outcomes; the JSON and the report
are written all the same).
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

EXIT_OK, EXIT_ALERT, EXIT_ERROR = 0, 1, 2


def register(sub: argparse._SubParsersAction) -> None:
    from pad_desktop.monitoring.performance import DEFAULT_TOLERANCE

    p = sub.add_parser(
        "performance",
        help="AUC, Gini, KS and calibration on matured outcomes (exit 1 = alert)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    from pad_desktop.cli.common import add_period

    add_period(p)
    p.add_argument("--model", dest="model_id", metavar="ID", help="one model version only")
    p.add_argument(
        "--tolerance",
        type=float,
        default=DEFAULT_TOLERANCE,
        help=f"alert when the AUC is this far below the model card's (default {DEFAULT_TOLERANCE})",
    )
    p.add_argument("--json", type=Path, help="write the figures as JSON here")
    p.add_argument("-o", "--output", type=Path, help="write the HTML report here")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pad_desktop.cli.common import close_log
    from pad_desktop.cli.texts import language
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.model.active import active_bundle_path
    from pad_desktop.model.bundle import load_bundle
    from pad_desktop.monitoring.performance import card_reference, performance
    from pad_desktop.monitoring.performance_report import headline, html_report

    lang = language()
    bundle = load_bundle(active_bundle_path(getattr(args, "model", None)))
    reference = None
    if args.model_id is None or args.model_id == bundle.id:
        reference = card_reference(bundle.meta, bundle.id, args.tolerance)
    as_of = args.as_of or datetime.now(UTC).date()
    log = DecisionLog.open()
    try:
        perf = performance(log, as_of, args.since, args.until, args.model_id, reference)
    finally:
        close_log(log)
    print(headline(perf, lang))
    if args.json:
        args.json.write_text(json.dumps(perf.as_json(), indent=2, ensure_ascii=False), "utf-8")
    if args.output:
        args.output.write_text(html_report(perf, lang), encoding="utf-8")
    if perf.overall.get("too_few"):
        return EXIT_ERROR  # no verdict: too few matured outcomes to measure anything
    return EXIT_ALERT if perf.alert else EXIT_OK
