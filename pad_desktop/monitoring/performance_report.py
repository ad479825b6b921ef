"""The performance report in words: a headline (alert or not) and the HTML page."""

from __future__ import annotations

import math
from typing import Any

from pad_desktop.monitoring.performance import MIN_EACH_CLASS, MIN_OUTCOMES, Performance
from pad_desktop.monitoring.report_html import (
    day,
    esc,
    num,
    page,
    pct,
    period_words,
    svg_lines,
    table,
)
from pad_desktop.monitoring.texts import text


def headline(perf: Performance, lang: str = "en") -> str:
    """One line: the alert, or the AUC beside the model card's, or why there is no figure."""
    o = perf.overall
    if o.get("too_few"):
        if o["n"] == 0:
            return text("no_outcomes", lang)
        return text("too_few", lang, n=o["n"], defaults=o["defaults"])
    ref = perf.reference
    reference = "–" if ref is None or ref.auc is None else num(ref.auc, lang)
    if perf.alert:
        assert ref is not None
        return text(
            "alert_auc", lang, auc=num(o["auc"], lang), n=o["n"], reference=reference,
            tolerance=num(ref.tolerance, lang, 2),
        )  # fmt: skip
    return text("no_alert", lang, auc=num(o["auc"], lang), n=o["n"], reference=reference)


def group_row(name: str, f: dict[str, Any], lang: str) -> list[str]:
    """A table row of one group's figures; a group with too few outcomes says so instead."""
    if f.get("too_few"):
        few = text("too_few", lang, n=f["n"], defaults=f["defaults"])
        return [name, str(f["n"]), str(f["defaults"]), few, "", "", "", ""]
    low, high = f["auc_ci"]
    return [
        name, str(f["n"]), str(f["defaults"]),
        f"{num(f['auc'], lang)} [{num(low, lang)} ; {num(high, lang)}]",
        num(f["gini"], lang), num(f["ks"], lang), pct(f["approval_rate"], lang),
        pct(f["default_rate_approved"], lang),
    ]  # fmt: skip


def group_headers(lang: str) -> list[str]:
    keys = ("h_group", "h_n", "h_defaults", "h_auc", "h_gini", "h_ks", "h_approval",
            "h_default_approved")  # fmt: skip
    return [text(k, lang) for k in keys]


def calibration_rows(f: dict[str, Any], lang: str) -> list[list[str]]:
    rows = []
    for band in f.get("calibration", []):
        lo, hi = band["band"]
        label = f"{num(lo, lang, 1)} – {num(hi, lang, 1)}"
        if band.get("too_few"):
            rows.append(
                [label, str(band["n"]), text("too_few", lang, n=band["n"], defaults="–"), ""]
            )
        else:
            rows.append(
                [label, str(band["n"]), pct(band["predicted"], lang), pct(band["observed"], lang)]
            )
    return rows


def trend_points(perf: Performance) -> tuple[list[str], list[tuple[float, float]]]:
    """Months in order, and (x, AUC) for the months with figures (x spread over [0, 1])."""
    months = list(perf.by_month)
    points = [
        (i / max(len(months) - 1, 1), f["auc"])
        for i, f in enumerate(perf.by_month.values())
        if not f.get("too_few")
    ]
    return months, points


def trend_floor(perf: Performance) -> float:
    """The AUC axis' lower end: 0.4, or lower to show every interval (a model gone bad)."""
    lows = [f["auc_ci"][0] for f in perf.by_month.values() if not f.get("too_few")]
    ref = perf.reference
    if ref is not None and ref.auc is not None:
        lows.append(ref.auc - ref.tolerance)
    return min([0.4, *(math.floor(v * 10) / 10 for v in lows)])


def html_report(perf: Performance, lang: str = "en") -> str:
    """The whole page; every text escaped, no script."""
    p = perf.period
    period = text(
        "perf_period", lang, decisions=period_words(p.get("since"), p.get("until"), lang),
        as_of=day(p.get("as_of"), lang), model=p.get("model") or text("any", lang),
    )  # fmt: skip
    css = "alert" if perf.alert else "ok"
    body = [f"<p>{esc(period)}</p>", f'<p class="{css}">{esc(headline(perf, lang))}</p>']
    headers = group_headers(lang)
    body.append(f"<h2>{esc(text('overall', lang))}</h2>")
    body.append(table(headers, [group_row(text("overall", lang), perf.overall, lang)]))
    months, points = trend_points(perf)
    body.append(f"<h2>{esc(text('trend', lang))}</h2>")
    body.append(
        svg_lines([("AUC", points, "#1f77b4")], months, y_range=(trend_floor(perf), 1.0), lang=lang)
    )
    rows = [group_row(m, f, lang) for m, f in perf.by_month.items()]
    body.append(f"<h2>{esc(text('by_month', lang))}</h2>")
    body.append(
        table(headers, rows, ["few" if f.get("too_few") else "" for f in perf.by_month.values()])
    )
    rows = [group_row(m, f, lang) for m, f in perf.by_model.items()]
    body.append(f"<h2>{esc(text('by_model', lang))}</h2>")
    body.append(
        table(headers, rows, ["few" if f.get("too_few") else "" for f in perf.by_model.values()])
    )
    body.append(f"<h2>{esc(text('calibration', lang))}</h2>")
    cal = [b for b in perf.overall.get("calibration", []) if not b.get("too_few")]
    body.append(
        svg_lines([("calibration", [(b["predicted"], b["observed"]) for b in cal], "#d62728")],
                  ["0", num(0.5, lang, 1), "1"], diagonal=True, lang=lang)
    )  # fmt: skip
    cal_headers = [text(k, lang) for k in ("h_band", "h_n", "h_predicted", "h_observed")]
    body.append(table(cal_headers, calibration_rows(perf.overall, lang)))
    body.append(
        f"<p>{esc(text('ci_method', lang, min_n=MIN_OUTCOMES, min_each=MIN_EACH_CLASS))}</p>"
    )
    return page(text("perf_title", lang), body, lang)
