"""`pad-desktop drift`: the drift report of the active model over a period, for IT's scheduler.

Exit codes (what a scheduler acts on):
    0  no drift: the share of drifted inputs is below the alert threshold
    1  drift found: the share is at or above the threshold (Evidently's dataset drift)
    2  no verdict: an error, or too few logged decisions in the period to compare
  130  interrupted (Ctrl-C)

Times are UTC. A bare date as `--until` means the end of that day, so
`--since 2026-11-01 --until 2026-11-30` covers all of November.

`--source` names the decision sources compared (default form,batch,api: simulated traffic only
when named). Progress goes to stderr, one line per step; the verdict and the per-input table
(Evidently's test, and the PSI with its band: < 0.1 stable, 0.1-0.25 moderate, > 0.25
significant) to stdout.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from pad_desktop.texts import describe

EXIT_NO_DRIFT, EXIT_DRIFT, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


def _sources(text: str) -> tuple:
    from pad_desktop.drift import DriftError, parse_sources

    try:
        return parse_sources(text)
    except DriftError as exc:
        from pad_desktop.cli.texts import language

        raise argparse.ArgumentTypeError(describe(exc, language())) from None


def _progress(fraction: float, message: str) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)


def register(sub: argparse._SubParsersAction) -> None:
    from pad_desktop.cli.common import moment
    from pad_desktop.drift import DEFAULT_DAYS, DEFAULT_SOURCES, DEFAULT_THRESHOLD

    p = sub.add_parser(
        "drift",
        help="compare recent decisions with the model's training data (exit 1 = drift)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--since", type=moment, help=f"start (default: --until minus {DEFAULT_DAYS} days)"
    )
    p.add_argument(
        "--until", type=lambda t: moment(t, end_of_day=True), help="end, exclusive (default: now)"
    )
    p.add_argument("-o", "--output", type=Path, help="also copy the HTML report here")
    p.add_argument("--json", type=Path, help="also copy the JSON summary here")
    p.add_argument(
        "--threshold",
        type=float,
        default=DEFAULT_THRESHOLD,
        help=f"alert when this share of inputs drifted (default: {DEFAULT_THRESHOLD})",
    )
    p.add_argument(
        "--source",
        type=_sources,
        default=DEFAULT_SOURCES,
        metavar="LIST",
        help="decision sources to compare, comma-separated among form, batch, api, simulation "
        f"(default: {','.join(DEFAULT_SOURCES)})",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines on stderr")
    p.add_argument("--model", metavar="PATH", default=argparse.SUPPRESS, help="model bundle to use")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pad_desktop.cli.common import fail
    from pad_desktop.cli.texts import language, number, percent, say
    from pad_desktop.drift import DriftError, run_drift
    from pad_desktop.model.active import active_bundle_path
    from pad_desktop.model.bundle import BundleError, load_bundle
    from pad_desktop.runtime.tasks import TaskState

    lang = language()

    state = TaskState(None if args.quiet else _progress)
    try:
        bundle = load_bundle(active_bundle_path(getattr(args, "model", None)))
        from pad_desktop.decisions import DecisionLog

        with DecisionLog.open() as log:
            summary = run_drift(
                bundle,
                log,
                args.since,
                args.until,
                threshold=args.threshold,
                sources=args.source,
                state=state,
                lang=lang,
            )
    except BundleError as exc:
        return fail(describe(exc, lang), EXIT_ERROR)
    except DriftError as exc:
        return fail(describe(exc, lang), EXIT_ERROR)
    except KeyboardInterrupt:
        return fail(say("drift_interrupted"), EXIT_INTERRUPTED)
    except Exception as exc:  # a scheduler needs exit code 2, not a traceback
        return fail(f"{type(exc).__name__}: {exc}", EXIT_ERROR)
    print(summary.headline(lang))
    width = max(len(f.column) for f in summary.features)
    marks = {True: say("drift_drift"), False: say("drift_ok")}
    mark_width = max(map(len, marks.values()))
    for f in sorted(summary.features, key=lambda f: (not f.drifted, f.column)):
        test = say(
            "drift_test",
            method=f.method,
            score=_g(f.score, lang, 4),
            threshold=_g(f.threshold, lang, 6),
        )
        psi = _psi(f.psi, f.psi_band, lang)
        print(f"  {marks[f.drifted]:{mark_width}}  {f.column:<{width}}  {psi}  {test}")
    for week in summary.weeks:
        refused = (
            ""
            if week.refusal_rate is None
            else say("drift_week_refused", share=percent(week.refusal_rate))
        )
        print(
            say(
                "drift_week",
                week=week.week,
                rows=number(week.n_rows),
                psi=_psi(week.score_psi, None, lang),
                refused=refused,
                inputs=week.drifted_inputs,
            )
        )
    print(say("report", path=summary.html_path))
    if args.output:
        shutil.copyfile(summary.html_path, args.output)
        print(say("copied", path=args.output))
    if args.json:
        args.json.write_text(json.dumps(summary.to_dict(), indent=2), encoding="utf-8")
        print(say("summary", path=args.json))
    return EXIT_DRIFT if summary.dataset_drift else EXIT_NO_DRIFT


def _g(value: float, lang: str, digits: int) -> str:
    """`value` with `digits` significant digits (as `:g` does), in `lang`'s decimal mark."""
    text = f"{value:.{digits}g}"
    return text.replace(".", ",") if lang == "fr" else text


def _psi(value: float | None, band: str | None = None, lang: str = "en") -> str:
    from pad_desktop.cli.texts import say

    if value is None:
        return say("psi_none")
    from pad_desktop.drift import band as band_of
    from pad_desktop.drift.texts import band_name

    shown = f"{value:6.3f}".replace(".", ",") if lang == "fr" else f"{value:6.3f}"
    return f"PSI {shown} {band_name(band or str(band_of(value)), lang):<13}"
