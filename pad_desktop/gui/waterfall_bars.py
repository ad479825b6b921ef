"""The waterfall's rows, worked out without drawing: from the base rate, one bar per field (the
largest first, the rest folded into one), to this applicant, on a log-odds axis.

`waterfall` (the widget) and `waterfall_plot` (its pyqtgraph drawing) both read them here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from pad_desktop.gui.i18n import num, pct

translate = QCoreApplication.translate

# Text colours with >= 4.5:1 contrast on white (WCAG AA): #b31d28 is 6.4:1, #1a7f37 is 5.1:1.
RAISES = QColor("#b31d28")
LOWERS = QColor("#1a7f37")
TOTAL = QColor("#57606a")
MAX_BARS = 12
LABEL_MAX_PX = 210  # a longer field label is cut rather than squeezing the bars
TEXT_PX = 64  # the width of a bar's "▲ +0.42" at 8 pt
ROW_PX = 20  # per bar: the labels stay legible for 18 fields and more
PROBABILITY_TICKS = (0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99)


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True)
class Contribution:
    """One field's share of the decision: `label` ("Credit duration: 36 months"), log-odds."""

    label: str
    value: float


def arrow_text(value: float) -> str:
    """The bar's own words: its direction by an arrow and a sign, besides its colour."""
    size = num(abs(value), 2)  # in the window's writing: "+0,87" in French
    return f"▲ +{size}" if value > 0 else f"▼ −{size}"


def fold(contributions: Sequence[Contribution], limit: int = MAX_BARS) -> list[Contribution]:
    """Sorted by |value|, largest first; beyond `limit`, the rest summed into one row."""
    ranked = sorted(contributions, key=lambda c: -abs(c.value))
    if len(ranked) <= limit:
        return ranked
    rest = ranked[limit - 1 :]
    other = translate("Waterfall", "{0} other fields").format(len(rest))  # always 2 or more
    return [*ranked[: limit - 1], Contribution(other, sum(c.value for c in rest))]


@dataclass(frozen=True)
class WaterfallBars:
    """The rows to draw, top to bottom: the base rate, one per field, this applicant."""

    labels: list[str]
    texts: list[str]
    starts: list[float]  # log-odds where each bar starts, and its signed width
    widths: list[float]
    colours: list[QColor]

    @property
    def base(self) -> float:
        return self.starts[0]

    @property
    def final(self) -> float:
        return self.starts[-1]


def waterfall_bars(
    base_probability: float, probability: float, contributions: Sequence[Contribution]
) -> WaterfallBars:
    base = logit(base_probability)
    labels = [translate("Waterfall", "Population average")]
    texts = [pct(base_probability)]
    starts, widths, colours = [base], [0.0], [TOTAL]
    level = base
    for c in fold(contributions):
        starts.append(level)
        widths.append(c.value)
        colours.append(RAISES if c.value > 0 else LOWERS)
        labels.append(c.label)
        texts.append(arrow_text(c.value))
        level += c.value
    labels.append(translate("Waterfall", "This applicant"))
    texts.append(pct(probability))
    starts.append(logit(probability))
    widths.append(0.0)
    colours.append(TOTAL)
    return WaterfallBars(labels, texts, starts, widths, colours)
