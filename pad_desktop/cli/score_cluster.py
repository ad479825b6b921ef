"""`pad-desktop score INPUT -o OUT_DIR --cluster ADDRESS`: a batch on a Dask cluster.

Progress counts the partitions' rows as they finish (rows done, rate, time left); Ctrl-C
cancels the partitions not done and exits, and the same command again resumes.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from pathlib import Path


def run_on_cluster(args: argparse.Namespace) -> int:
    from pad_desktop.cells.csv_dialect import CsvFormatError
    from pad_desktop.cli.common import (
        bundle_failure,
        close_log,
        decision_service,
        fail,
        load_scorer,
        locale_dialect,
    )
    from pad_desktop.cli.progress import Progress
    from pad_desktop.cli.texts import language, number, say
    from pad_desktop.model.bundle import BundleError
    from pad_desktop.runtime.tasks import TaskState
    from pad_desktop.service.cluster_run import ClusterError, connect, input_files
    from pad_desktop.texts import describe, text

    lang = language()
    address = args.cluster or os.environ.get("DASK_SCHEDULER_ADDRESS", "")
    if not address.strip():
        return fail(text("cluster.no_address", lang), code=2)
    if args.chunk_rows < 1:
        return fail(say("score_chunk_rows", value=args.chunk_rows))
    if not args.part_mb > 0:
        return fail(say("score_chunk_rows", value=args.part_mb))
    try:
        input_files(str(args.input))
    except ClusterError as exc:
        return fail(describe(exc, lang), code=2)
    try:
        scorer = load_scorer(args)
    except BundleError as exc:
        return bundle_failure(exc)
    out_dir = args.output or Path(str(args.input).rstrip("/*") + ".scored")
    service = decision_service(args, scorer)
    log = service.log
    local = address.strip().startswith("local:")
    data_dir = None
    if local and log is not None and log.address is not None:
        data_dir = str(log.address.data_dir)  # the workers share this machine's outbox/store
    client = cluster = None
    progress = Progress("cluster")
    state = TaskState(on_progress=progress, lang=lang)

    def stop(_sig: int, _frame: object) -> None:
        if state.is_cancelled:
            raise KeyboardInterrupt
        print("\n" + text("cluster.stopping", lang), file=sys.stderr)
        state.cancel()
        raise KeyboardInterrupt  # wakes the wait on the next partition

    previous = signal.signal(signal.SIGINT, stop)
    try:
        service.policy()
        client, cluster = connect(address, lang)
        from pad_desktop.service.cluster_run import score_on_cluster

        summary = score_on_cluster(
            service,
            str(args.input),
            out_dir,
            client,
            record=not args.no_log,
            state=state,
            lang=lang,
            id_column=args.id_column,
            write_dialect=args.dialect or locale_dialect(),
            chunk_rows=args.chunk_rows,
            part_bytes=max(int(args.part_mb * (1 << 20)), 1),
            data_dir=data_dir,
            ort_threads=_threads_each(address) if local else 0,
            again=args.again,
        )
    except ClusterError as exc:
        progress.close()
        return fail(describe(exc, lang), code=1)
    except CsvFormatError as exc:
        progress.close()
        return fail(describe(exc, lang), code=2)
    except KeyboardInterrupt:
        progress.close()
        print(text("cluster.stopped", lang), file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGINT, previous)
        progress.close()
        for closing in (client, cluster):
            if closing is not None:
                with contextlib.suppress(Exception):  # a cluster already gone
                    closing.close()
        if log is not None:
            service.close()
            close_log(log)
    if summary.note:
        print(text("cluster.one_part", lang, reason=summary.note), file=sys.stderr)
    print(
        text(
            "cluster.summary",
            lang,
            partitions=number(summary.partitions),
            skipped=number(summary.skipped),
            rows=number(summary.rows),
            scored=number(summary.scored),
            approved=number(summary.scored - summary.refused),
            refused=number(summary.refused),
            errors=number(summary.rows_with_errors),
            recorded=number(summary.recorded),
            seconds=number(summary.seconds, 1),
        )
    )
    print(text("cluster.written", lang, path=summary.out_dir))
    if args.no_log:
        print(say("score_dry_run"), file=sys.stderr)
    for sample in summary.error_samples:
        print(f"  {sample}", file=sys.stderr)
    if summary.pending:
        print(text("cluster.pending", lang, count=number(summary.pending)), file=sys.stderr)
    if summary.cancelled:
        print(text("cluster.stopped", lang), file=sys.stderr)
        return 130
    if summary.fatal_errors:
        for message in summary.fatal_errors:
            print(text("cluster.part_failed", lang, message=message), file=sys.stderr)
        return 1
    if summary.rows == 0:
        return fail(say("score_no_rows", path=args.input), code=1)
    return 0


def _threads_each(address: str) -> int:
    """ONNX Runtime's threads in each of local:N's workers: this machine's cores shared."""
    try:
        workers = max(int(address.strip().partition(":")[2]), 1)
    except ValueError:
        return 1
    return max((os.cpu_count() or 1) // workers, 1)
