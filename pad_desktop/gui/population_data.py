"""A field's standing among the reference applicants, ready to draw: its bins, the repaid and
defaulted counts, where the applicant falls; and the colours both the panel and its chart use."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QColor

if TYPE_CHECKING:
    from pad_desktop.model.explain import Standing

# Blue and orange: told apart by colour-blind readers too; the legend names them as well.
REPAID = QColor("#0969da")
DEFAULTED = QColor("#bc4c00")
MARK = QColor("#1f2328")


@dataclass(frozen=True)
class FieldStanding:
    """One field's standing, ready to draw: `applicant_bin` indexes `bins`, -1 if unknown."""

    label: str
    value_text: str
    percentile: float
    numeric: bool
    bins: list[str]
    good: list[int]
    bad: list[int]
    applicant_bin: int


def standing_of(standing: Standing, value: Any) -> FieldStanding:
    """The core's standing plus where the applicant's own `value` falls among its bins."""
    numeric = bool(standing.edges)
    if numeric and isinstance(value, int | float):
        inner = standing.edges[1:-1]
        index = bisect.bisect_right(inner, float(value))
    else:
        labels = standing.bins_labels
        index = labels.index(standing.value_text) if standing.value_text in labels else -1
    return FieldStanding(
        standing.label,
        standing.value_text,
        standing.percentile,
        numeric,
        list(standing.bins_labels),
        list(standing.good),
        list(standing.bad),
        index,
    )


def shares(counts: Sequence[int]) -> list[float]:
    total = sum(counts)
    return [c / total if total else 0.0 for c in counts]


def short_label(label: str, limit: int = 14) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
