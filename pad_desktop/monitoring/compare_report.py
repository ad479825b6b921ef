"""The comparison in words: a headline and the HTML page (no script, every text escaped)."""

from __future__ import annotations

from typing import Any

from pad_desktop.monitoring.replay import Comparison, Side, Swap
from pad_desktop.monitoring.report_html import day, esc, num, page, pct, period_words, table
from pad_desktop.monitoring.texts import text

SHOWN_CASES = 200


def headline(cmp: Comparison, lang: str = "en") -> str:
    line = text("cmp_headline", lang, n=cmp.n, swap_in=cmp.swap_in.count,
                swap_out=cmp.swap_out.count)  # fmt: skip
    if cmp.not_replayed:
        line += " " + text("cmp_not_replayed", lang, n=cmp.not_replayed)
    return line


def _side_rows(a: Side, c: Side, lang: str) -> list[list[str]]:
    def both(key: str, shown) -> list[str]:
        return [text(key, lang), shown(a), shown(c)]

    return [
        both("r_model", lambda s: s.label or s.model_id),
        both("r_threshold", lambda s: num(s.threshold, lang, 3)),
        both("r_approval", lambda s: pct(s.approval_rate, lang)),
        both("r_expected", lambda s: pct(s.expected_default_rate_approved, lang)),
        both("r_observed", lambda s: pct(s.observed_default_rate_approved, lang)),
        both("r_auc", lambda s: num(s.auc, lang)),
    ]


def swap_line(swap: Swap, lang: str) -> str:
    return text("swap_line", lang, count=swap.count, outcomes=swap.outcomes,
                rate=pct(swap.observed_default_rate, lang))  # fmt: skip


def _case_rows(cases: list[dict[str, Any]], lang: str) -> list[list[str]]:
    flag = {None: "–", 0: text("no", lang), 1: text("yes", lang)}
    return [
        [c["case_ref"] or "–", c["decision_id"], num(c["active_score"], lang, 4),
         num(c["candidate_score"], lang, 4), flag[c["defaulted"]]]
        for c in cases[:SHOWN_CASES]
    ]  # fmt: skip


def html_report(cmp: Comparison, lang: str = "en") -> str:
    p = cmp.period
    period = text(
        "cmp_period", lang, decisions=period_words(p.get("since"), p.get("until"), lang),
        as_of=day(p.get("as_of"), lang), outcomes=cmp.with_outcomes, defaults=cmp.defaults,
    )  # fmt: skip
    body = [f"<p>{esc(period)}</p>", f'<p class="ok">{esc(headline(cmp, lang))}</p>']
    headers = [text("h_measure", lang), text("h_active", lang), text("h_candidate", lang)]
    body.append(table(headers, _side_rows(cmp.active, cmp.candidate, lang)))
    case_headers = [text(k, lang) for k in ("h_case", "h_decision", "h_active_score",
                                            "h_candidate_score", "h_outcome")]  # fmt: skip
    for key, swap in (("swap_in", cmp.swap_in), ("swap_out", cmp.swap_out)):
        body.append(f"<h2>{esc(text(key, lang))}</h2><p>{esc(swap_line(swap, lang))}</p>")
        if swap.cases:
            body.append(table(case_headers, _case_rows(swap.cases, lang)))
        if swap.count > SHOWN_CASES:
            body.append(
                f"<p>{esc(text('cases_cut', lang, shown=SHOWN_CASES, count=swap.count))}</p>"
            )
    body.append(f"<p><small>{esc(text('report_hash', lang, sha=cmp.sha256()))}</small></p>")
    return page(text("cmp_title", lang), body, lang)
