"""`pad-desktop simulate`: log simulated decisions (source `simulation`) to demonstrate drift."""

from __future__ import annotations

import argparse
import sys


def _share(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{text} is not between 0 and 1")
    return value


def _count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number of decisions")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "simulate",
        help="log simulated applicants drawn from the training data, optionally drifted",
        description="Draw applicants from the model's reference sample, shift them by a drift "
        "factor (0 = like the training data, 1 = strongly different), score them and log them "
        "as decisions with source 'simulation' (the history hides them by default).",
    )
    p.add_argument("--n", type=_count, default=10_000, help="number of decisions (default 10000)")
    p.add_argument("--drift", type=_share, default=0.0, help="drift factor 0..1 (default 0)")
    p.add_argument("--seed", type=int, help="random seed, for a reproducible sample")
    p.add_argument(
        "--days", type=float, default=7.0, help="spread the decisions over the last DAYS days"
    )
    p.add_argument("--model", metavar="PATH", default=argparse.SUPPRESS, help="model bundle to use")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pad_desktop.cli.common import bundle_failure, fail, load_scorer
    from pad_desktop.cli.texts import language, number, say
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.drift.summary import day_text
    from pad_desktop.model.bundle import BundleError
    from pad_desktop.service.simulate import simulate

    try:
        scorer = load_scorer(args)
    except BundleError as exc:
        return bundle_failure(exc)
    with DecisionLog.open() as log:
        try:
            summary = simulate(scorer, log, args.n, args.drift, seed=args.seed, days=args.days)
        except ValueError as exc:
            return fail(str(exc))
        lang = language()
        print(
            say("simulated", rows=number(summary.rows), model=scorer.bundle.short(),
                approved=number(summary.approved), refused=number(summary.refused),
                drift=number(args.drift), since=day_text(summary.since, lang).removesuffix(" UTC"),
                until=day_text(summary.until, lang).removesuffix(" UTC"),
                seconds=number(summary.seconds, 1))
        )  # fmt: skip
        if not log.embedded and log.pending():
            print(say("delivering", target=log.target), file=sys.stderr)
    return 0
