"""`pad-desktop score IN.csv -o OUT.csv`: batch scoring with progress.

Ctrl-C stops after the current chunk and keeps what was done.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("score", help="score every row of a CSV file")
    p.add_argument(
        "input", type=Path, help="CSV of applicants (comma or semicolon, any Excel export)"
    )  # with --cluster: also a folder or a glob of CSV or Parquet files
    p.add_argument("-o", "--output", type=Path, help="results CSV (default: INPUT.scored.csv)")
    p.add_argument("--errors", type=Path, help="errors CSV (default: OUTPUT.errors.csv)")
    p.add_argument("--id-column", help="the column that identifies applicants (default: detected)")
    p.add_argument(
        "--chunk-rows", type=int, default=20_000, help="rows per chunk (memory vs speed)"
    )
    p.add_argument(
        "--dialect",
        choices=("fr", "us"),
        help="results and errors files in French Excel's dialect (';', decimal comma) or the "
        "US one (',', decimal point); default: French for a ';' file, a French locale or "
        "French messages (--lang fr), else the input's",
    )
    p.add_argument(
        "--no-log",
        action="store_true",
        help="dry run: score without recording; the results are not decisions",
    )
    p.add_argument(
        "--again",
        action="store_true",
        help="score a file this computer already ran with this model again: new decisions, "
        "each linked to the earlier one (default: resume, deciding no row twice)",
    )
    p.add_argument("--model", metavar="PATH", default=argparse.SUPPRESS, help="model bundle to use")
    p.add_argument(
        "--cluster",
        nargs="?",
        const="",
        metavar="ADDRESS",
        help="score on a Dask cluster: the scheduler's address (tcp://host:8786; without a "
        "value, DASK_SCHEDULER_ADDRESS), or local:N for N worker processes here. INPUT may "
        "then be a folder or glob of CSV or Parquet files; -o names a folder of part files",
    )
    p.add_argument(
        "--part-mb",
        type=float,
        default=64,
        help="with --cluster: megabytes of a large CSV file per partition (default 64)",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from pad_desktop.cells.csv_dialect import CsvFormatError
    from pad_desktop.cli.common import (
        bundle_failure,
        close_log,
        decision_service,
        fail,
        load_scorer,
        locale_dialect,
    )
    from pad_desktop.cli.texts import language, number, say
    from pad_desktop.model.bundle import BundleError
    from pad_desktop.runtime.tasks import TaskState
    from pad_desktop.service.batch import OutputError
    from pad_desktop.texts import describe

    lang = language()
    if getattr(args, "cluster", None) is not None:
        from pad_desktop.cli.score_cluster import run_on_cluster

        return run_on_cluster(args)
    if not args.input.exists():
        return fail(say("score_missing", path=args.input))
    if args.chunk_rows < 1:
        return fail(say("score_chunk_rows", value=args.chunk_rows))
    try:
        scorer = load_scorer(args)
    except BundleError as exc:
        return bundle_failure(exc)
    output = args.output or args.input.with_name(args.input.stem + ".scored.csv")
    service = decision_service(args, scorer)  # before the bar: its errors are one clean line
    service.policy()  # likewise: a lending policy that cannot be used stops here (exit 1)
    log = service.log
    bar = tqdm(
        total=100, unit="%", file=sys.stderr, bar_format="{l_bar}{bar}| {elapsed}<{remaining}"
    )
    state = TaskState(on_progress=lambda f, _m: bar.update(round(f * 100) - bar.n), lang=lang)

    def stop(_sig: int, _frame: object) -> None:
        if state.is_cancelled:  # a second Ctrl-C means now
            raise KeyboardInterrupt
        print("\n" + say("score_stopping"), file=sys.stderr)
        state.cancel()

    previous = signal.signal(signal.SIGINT, stop)
    try:
        summary = service.score_file(
            args.input,
            output,
            args.errors,
            state=state,
            record=not args.no_log,
            again=args.again,
            chunk_rows=args.chunk_rows,
            id_column=args.id_column,
            write_dialect=args.dialect or locale_dialect(),
            lang=lang,
        )
    except CsvFormatError as exc:  # the bar's line ends before the error's
        bar.close()
        locked = isinstance(exc, OutputError)  # another run's or not writable: a failure
        return fail(describe(exc, lang), code=1 if locked else 2)
    finally:
        signal.signal(signal.SIGINT, previous)
        bar.close()
        if log is not None:
            service.close()  # a challenger's shadow scores recorded before the log closes
            close_log(log)
    print(say("score_read_as", dialect=summary.dialect.describe(lang)), file=sys.stderr)
    print(
        say(
            "score_summary",
            rows=number(summary.rows),
            scored=number(summary.scored),
            approved=number(summary.approved),
            refused=number(summary.refused),
            errors=number(summary.rows_with_errors),
            seconds=number(summary.seconds, 1),
        )
    )
    if summary.already_recorded:
        print(say("score_resumed", rows=number(summary.already_recorded)))
    if summary.again_of is not None:
        print(say("score_again", batch=summary.again_of))
    print(say("score_results", path=summary.output))
    print(say("score_errors", path=summary.errors_output))
    if args.no_log:
        print(say("score_dry_run"), file=sys.stderr)
    for sample in summary.error_samples:
        print(f"  {sample}", file=sys.stderr)
    if summary.write_failed:
        return fail(_not_written(summary, args.no_log), code=1)
    if summary.fatal_error:
        return fail(say("score_fatal", message=summary.fatal_error), code=1)
    if summary.rows == 0:
        return fail(say("score_no_rows", path=args.input), code=1)
    if summary.cancelled:
        print(say("score_stopped"), file=sys.stderr)
        return 130
    return 0


def _not_written(summary, dry_run: bool) -> str:
    """A results file cut short: what was recorded, and how to have its results without
    deciding those applicants again."""
    from pad_desktop.cli.texts import number, say

    if dry_run:
        return say("score_not_written_dry", message=summary.fatal_error)
    return say(
        "score_not_written",
        message=summary.fatal_error,
        recorded=number(summary.recorded),
        batch=summary.batch_id,
    )
