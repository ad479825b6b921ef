"""Helpers shared by the subcommands: loading the scorer, printing errors without tracebacks."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, date, datetime, timedelta

from pad_desktop.cli.texts import number, say
from pad_desktop.model.active import active_bundle_path
from pad_desktop.texts import describe


def load_scorer(args: argparse.Namespace):
    """The scorer of `--model` or the active bundle; prints the bundle's warnings."""
    from pad_desktop.model.scoring import Scorer
    from pad_desktop.runtime.settings import get_settings

    scorer = Scorer.from_path(
        str(active_bundle_path(getattr(args, "model", None))), threads=get_settings().onnx_threads
    )
    for warning in scorer.warnings:
        print(say("warning", message=warning), file=sys.stderr)
    return scorer


def fail(message: str, code: int = 2) -> int:
    print(say("error", message=message), file=sys.stderr)
    return code


def bundle_failure(exc) -> int:  # exc: bundle.BundleError (imported lazily by the callers)
    """A model bundle that cannot serve: its fault in one line, in the run's language; exit 1
    for a broken bundle, 2 for a path that holds none (a wrong argument or setting)."""
    from pad_desktop.cli.texts import language

    return fail(describe(exc, language()), exc.exit_code)


def close_log(log) -> int:
    """Close a decision log; say how many decisions wait locally when the database is away."""
    left = log.close()
    if left:
        print(say("outbox", target=log.target, count=number(left)), file=sys.stderr)
    elsewhere = sum(max(other.pending, 0) for other in getattr(log, "elsewhere", ()))
    if elsewhere:  # decisions made for another address of the database (a URL corrected)
        print(say("elsewhere", count=number(elsewhere)), file=sys.stderr)
    return left


def moment(text: str, end_of_day: bool = False) -> datetime:
    """A date or date and time given on the command line (2026-12-31, 31/12/2026 or ISO with a
    time), in UTC when it names no zone; `end_of_day`: a bare date means the end of that day."""
    from pad_desktop.monitoring.outcomes import read_date

    day = read_date(text)
    if day is not None:
        value = datetime(day.year, day.month, day.day, tzinfo=UTC)
        return value + timedelta(days=1) if end_of_day else value
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("bad_date", text=text)) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def day(text: str) -> date:
    return moment(text).date()


def add_period(p: argparse.ArgumentParser) -> None:
    """`--since`, `--until` and `--as-of`, read the same way by every command that takes them."""
    p.add_argument("--since", type=moment, help="decisions made from this date")
    p.add_argument("--until", type=lambda t: moment(t, True), help="decisions made before")
    p.add_argument("--as-of", type=day, help="outcomes observed by this date (default: today)")


def locale_dialect() -> str | None:
    """ "fr" when the user's locale is French (French Excel is what will open the files)."""
    import os

    for name in ("LC_ALL", "LC_NUMERIC", "LANG"):
        value = os.environ.get(name)
        if value:
            return "fr" if value.lower().startswith("fr") else None
    return None


def decision_service(args: argparse.Namespace, scorer):
    """The decision service over the decision log (none for a dry run)."""
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.service.decision_service import DecisionService

    log = None
    if not args.no_log:
        from pad_desktop.decisions import DecisionLog

        log = DecisionLog.open()
    return DecisionService(ActiveModel.of(scorer), log)
