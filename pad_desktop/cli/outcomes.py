"""`pad-desktop outcomes import FILE.csv`: record what became of decided loans.

The file names each decision by `case_ref` (the case reference: the latest decision of the case
made on or before `loan_start`, else `observed_on`) or `decision_id`, with `defaulted` (1/0,
yes/no, oui/non, vrai/faux) and `observed_on` (31/12/2026 or 2026-12-31); French (`;`,
Windows-1252) or US CSV. A decision has one outcome: importing a file again adds nothing.

Exit codes: 0 every line recorded (or already), 1 some lines not recorded (listed with their
line numbers, the header being line 1), 2 the file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("outcomes", help="import observed loan outcomes (defaults)")
    actions = p.add_subparsers(dest="outcomes_command", metavar="ACTION", required=True)
    imp = actions.add_parser(
        "import",
        help="record the outcomes of a CSV file",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imp.add_argument("file", type=Path, help="the outcomes CSV file")
    imp.add_argument("--json", type=Path, help="also write what was done, line by line, here")
    imp.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    from pad_desktop.cli.common import close_log, fail
    from pad_desktop.cli.texts import language
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.monitoring import outcomes
    from pad_desktop.monitoring.texts import MonitoringError
    from pad_desktop.runtime.identity import Identity
    from pad_desktop.runtime.settings import get_settings

    lang = language()
    try:
        lines = outcomes.read_file(args.file)
    except MonitoringError as exc:
        return fail(exc.text(lang), 2)
    log = DecisionLog.open()
    try:
        report = outcomes.import_lines(log, lines, Identity.from_settings(get_settings()))
    finally:
        close_log(log)
    for problem in report.problems:
        print(problem.text(lang), file=sys.stderr)
    print(report.summary(lang))
    if args.json:
        args.json.write_text(json.dumps(report.as_json(), indent=2, ensure_ascii=False), "utf-8")
    return 1 if report.problems else 0
