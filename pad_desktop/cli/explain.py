"""`pad-desktop explain APPLICANT.json [--json] [--lang fr]`: why the model decides as it does.

Prints the base value, the probability and decision, every field's signed contribution in
log-odds, the applicant's percentile among the reference applicants, the five most similar
reference applicants with their true outcome, and the smallest approving change. Nothing is
recorded: this is an explanation, not a decision. A file that is not one JSON object of
applicant fields gets one line and exit code 2.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

MAX_BYTES = 1_000_000  # an applicant is a few hundred bytes; more is not an applicant file


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "explain",
        help="explain one applicant's decision (contributions, population, counterfactual)",
        description="Explain the model's decision for one applicant given as a JSON object of "
        "field: value. Nothing is recorded.",
    )
    p.add_argument("applicant", type=Path, help="JSON file: one object, field name -> value")
    p.add_argument("--json", action="store_true", help="print the explanation as JSON")
    p.add_argument("--model", metavar="PATH", default=argparse.SUPPRESS, help="model bundle to use")
    p.set_defaults(handler=run)


def read_applicant(path: Path) -> dict[str, Any]:
    """The applicant object of `path`; ValueError with one plain sentence otherwise."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValueError(f"{path} is larger than {MAX_BYTES:,} bytes: not an applicant file.")
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ValueError(f"{path} does not exist.") from None
    except IsADirectoryError:
        raise ValueError(f"{path} is a folder, not an applicant file.") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not UTF-8 text.") from None
    except OSError as exc:
        raise ValueError(f"{path} cannot be read ({exc.strerror}).") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})."
        ) from None
    except RecursionError:
        raise ValueError(f"{path} is nested too deeply to be an applicant.") from None
    if not isinstance(data, dict):
        raise ValueError(
            f"{path} holds a JSON {type(data).__name__}, not an object of field: value."
        )
    return data


def run(args: argparse.Namespace) -> int:
    from pad_desktop.cli.common import bundle_failure, fail, load_scorer
    from pad_desktop.cli.texts import language
    from pad_desktop.model.active import ActiveModel
    from pad_desktop.model.bundle import BundleError
    from pad_desktop.model.signature import ApplicantError
    from pad_desktop.service.decision_service import DecisionService

    try:
        values = read_applicant(args.applicant)
    except ValueError as exc:
        return fail(str(exc))
    try:
        scorer = load_scorer(args)
    except BundleError as exc:
        return bundle_failure(exc)
    service = DecisionService(ActiveModel.of(scorer), None)  # explains; records nothing
    try:
        explanation = service.explain(values, language())  # --lang, PAD_LANGUAGE, the locale
    except ApplicantError as exc:
        return fail(" ".join(" ".join(e.message.split()) for e in exc.errors))
    if args.json:
        print(json.dumps(explanation.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render(explanation, scorer.bundle.short()))
    return 0


def render(e: Any, model: str) -> str:
    """The explanation as text for a terminal."""
    from pad_desktop.policy.reasons import policy_reasons

    lines = [f"model:       {model}"]
    effect = (e.policy or {}).get("effect")
    if effect:  # the lending policy first: its refusal is not the model's
        fired = ", ".join(f["rule"] for f in e.policy["fired"])
        lines.append(f"policy:      {effect} ({fired}) by {e.policy['id']} {e.policy['version']}")
        lines += [f"  - {reason}" for reason in policy_reasons(e.policy, "en")]
    review = "  -> refer for review" if e.in_review_band else ""
    lines.append(
        f"decision:    {e.outcome.value}  P(default) {e.probability:.3f}  "
        f"threshold {e.threshold:.3f} (review band +-{e.review_band:.3f}){review}"
    )
    lines.append(
        f"base value:  log-odds {e.base_log_odds:+.3f} (P {e.base_probability:.3f}, before any "
        "field is known)"
    )
    kind = "exact TreeSHAP" if e.exact else "occlusion, approximate"
    lines.append(f"contributions (log-odds, + raises the risk of default; {kind}):")
    width = max(len(c.label) for c in e.contributions) if e.contributions else 0
    standings = {s.name: s for s in e.standings}
    for c in e.contributions:
        s = standings.get(c.name)
        where = f"  percentile {s.percentile:5.1f}" if s is not None and s.good else ""
        lines.append(f"  {c.log_odds:+.4f}  {c.label:<{width}}  {c.value_text}{where}  [{c.name}]")
    if e.exact:
        total = e.base_log_odds + sum(c.log_odds for c in e.contributions)
        lines.append(f"  = log-odds {total:+.4f}, P {e.probability:.3f}")
    if e.neighbours:
        lines.append("similar reference applicants (distance, model P, true outcome):")
        for n in e.neighbours:
            outcome = "defaulted" if n.defaulted else "repaid"
            lines.append(f"  {n.distance:6.3f}  P {n.probability:.3f}  {outcome}")
    cf = e.counterfactual
    if cf is None:
        lines.append("counterfactual: none needed (approved)")
    elif cf.changes is None:
        lines.append(f"counterfactual: {cf.message}")
    else:
        changes = ", ".join(f"{k} {a} -> {b}" for k, (a, b) in cf.changes.items())
        lines.append(
            f"counterfactual: {changes}  =>  P {cf.probability:.3f}, {cf.outcome.value} "
            f"(re-scored; distance {cf.distance:.3f})"
        )
    return "\n".join(lines)
