"""The model loop's HTML reports: no script at all, every text escaped, a strict policy.

Nothing from the log or a bundle (model ids, case references, months) becomes markup: every
text goes through `html.escape`, charts are inline SVG drawn here from numbers, and the
Content-Security-Policy allows no script, no network and no form (stricter than the drift
report's, which must allow Evidently's own scripts).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

from pad_desktop.texts.locale_text import format_date, format_number, format_percent

POLICY = (
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "object-src 'none'; base-uri 'none'; form-action 'none'; frame-src 'none'; "
    "connect-src 'none'"
)
STYLE = (
    "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;"
    "margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
    "th:first-child,td:first-child{text-align:left}.few{color:#777;font-style:italic}"
    ".alert{background:#fde2e1;border:1px solid #c0392b;padding:8px}"
    ".ok{background:#e3f4e1;border:1px solid #2e7d32;padding:8px}"
)


def esc(value: Any) -> str:
    return html.escape(str(value), quote=True)


def page(title: str, body: Sequence[str], lang: str) -> str:
    """A whole page: the policy first, then the already escaped `body` parts."""
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{esc(title)}</h1>{''.join(body)}</body></html>\n"
    )


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], classes: Sequence[str] = ()
) -> str:
    """A table of texts (escaped here); `classes`: one CSS class per row, or none."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = []
    for i, row in enumerate(rows):
        cls = f' class="{esc(classes[i])}"' if i < len(classes) and classes[i] else ""
        body.append(f"<tr{cls}>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def day(iso: str | None, lang: str) -> str:
    """An ISO date or time (a report's period) as the language writes a date."""
    from datetime import date

    if not iso:
        return "–"
    return format_date(date.fromisoformat(iso[:10]), lang)


def period_words(since: str | None, until: str | None, lang: str) -> str:
    """Which decisions: all, from, before, or between (ISO texts or None)."""
    from pad_desktop.monitoring.texts import text

    if since and until:
        return text("period_between", lang, since=day(since, lang), until=day(until, lang))
    if since:
        return text("period_from", lang, since=day(since, lang))
    if until:
        return text("period_until", lang, until=day(until, lang))
    return text("period_all", lang)


def num(value: float | None, lang: str, decimals: int = 3) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return format_number(value, lang, decimals)


def pct(value: float | None, lang: str) -> str:
    return "–" if value is None else format_percent(value, lang, 1)


def svg_lines(
    series: Sequence[tuple[str, Sequence[tuple[float, float]], str]],
    x_labels: Sequence[str] = (),
    width: int = 560,
    height: int = 260,
    y_range: tuple[float, float] = (0.0, 1.0),
    diagonal: bool = False,
    lang: str = "en",
) -> str:
    """Inline SVG: polylines with points (numbers only), x in [0, 1] and y in `y_range`."""
    left, top, right, bottom = 44, 10, width - 30, height - 30
    lo, hi = y_range

    def at(x: float, y: float) -> tuple[float, float]:
        fy = 0.0 if hi == lo else (y - lo) / (hi - lo)
        return left + x * (right - left), bottom - fy * (bottom - top)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img"><rect x="{left}" y="{top}" width="{right - left}" '
        f'height="{bottom - top}" fill="none" stroke="#999"/>'
    ]
    for k in range(5):
        y = lo + (hi - lo) * k / 4
        _, py = at(0, y)
        parts.append(
            f'<text x="{left - 4}" y="{py + 4:.1f}" font-size="10" text-anchor="end">'
            f"{esc(num(y, lang, 2))}</text>"
        )
    for i, label in enumerate(x_labels):
        px, _ = at(i / max(len(x_labels) - 1, 1), lo)
        parts.append(
            f'<text x="{px:.1f}" y="{bottom + 14}" font-size="10" text-anchor="middle">'
            f"{esc(label)}</text>"
        )
    if diagonal:
        (x0, y0), (x1, y1) = at(0, lo), at(1, hi)
        parts.append(
            f'<line x1="{x0}" y1="{y0}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="#bbb" '
            'stroke-dasharray="4"/>'
        )
    for name, points, colour in series:
        shown = [at(x, y) for x, y in points if math.isfinite(x) and math.isfinite(y)]
        if len(shown) > 1:
            coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in shown)
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{esc(colour)}" stroke-width="2"/>'
            )
        for x, y in shown:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{esc(colour)}">'
                         f"<title>{esc(name)}</title></circle>")  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)
