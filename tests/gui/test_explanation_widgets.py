"""The explanation widgets on plain data: waterfall, counterfactual wording, population panel."""

from __future__ import annotations

from PySide6.QtGui import QColor

from pad_desktop.decisions.records import Outcome
from pad_desktop.gui.counterfactual_view import Change, CounterfactualView, changes_of
from pad_desktop.gui.population_panel import (
    DEFAULTED,
    REPAID,
    FieldStanding,
    PopulationPanel,
    standing_of,
)
from pad_desktop.gui.waterfall import (
    LOWERS,
    MAX_BARS,
    RAISES,
    Contribution,
    ContributionWaterfall,
    logit,
    sigmoid,
)
from pad_desktop.model.bundle import load_bundle
from pad_desktop.model.counterfactual import Counterfactual
from pad_desktop.model.explain import Standing


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_waterfall_runs_from_the_base_rate_to_the_applicant_for_18_fields(qtbot):
    waterfall = ContributionWaterfall()
    qtbot.addWidget(waterfall)
    values = [0.9, -0.8, 0.7, -0.6, 0.5, -0.45, 0.4, -0.35, 0.3, -0.25, 0.2, -0.15]
    values += [0.05, -0.04, 0.03, -0.02, 0.01, -0.01]
    contributions = [Contribution(f"Field {i}: value {i}", v) for i, v in enumerate(values)]
    base = 0.3
    final = sigmoid(logit(base) + sum(values))
    waterfall.set_contributions(base, final, contributions)
    labels = [label for label, _ in waterfall.rows]
    texts = [text for _, text in waterfall.rows]
    assert len(waterfall.rows) == MAX_BARS + 2  # base, the bars, the applicant
    assert labels[0] == "Population average" and texts[0] == "30.0%"
    assert labels[-1] == "This applicant" and texts[-1] == f"{final:.1%}"
    assert labels[1:4] == ["Field 0: value 0", "Field 1: value 1", "Field 2: value 2"]
    # The direction is in words and signs, not only in colour.
    assert texts[1] == "▲ +0.90" and texts[2] == "▼ −0.80"
    folded = len(values) - (MAX_BARS - 1)
    assert labels[-2] == f"{folded} other fields"
    assert texts[-2].endswith(f"{abs(sum(values[MAX_BARS - 1 :])):.2f}")
    # Readable: one row per bar gets its height, and both colours pass WCAG AA as text.
    assert waterfall.minimumHeight() >= 20 * len(waterfall.rows)
    white = QColor("white")
    assert contrast(RAISES, white) >= 4.5 and contrast(LOWERS, white) >= 4.5
    assert "Field 1: value 1 ▼ −0.80" in waterfall.accessibleDescription()
    waterfall.clear_contributions()
    assert waterfall.rows == []


def test_the_counterfactual_is_worded_in_the_officers_terms(qtbot, default_bundle_dir):
    view = CounterfactualView()
    qtbot.addWidget(view)
    view.show()
    signature = load_bundle(default_bundle_dir).signature
    found = Counterfactual(
        changes={"credit_amount": (7500, 3200), "duration_in_month": (36, 24)},
        probability=0.118,
        outcome=Outcome.APPROVED,
    )
    view.show_counterfactual(found, signature)
    assert view.isVisible()
    text = view.text.text()
    amount = next(s for s in signature.fields if s.name == "credit_amount")
    assert f"Reduce {amount.label} from 7,500 DM to 3,200 DM" in text
    assert "→ approved (11.8%)" in text
    changes = changes_of(found, signature)
    assert [c.direction for c in changes] == [-1, -1]
    view.show_counterfactual(
        Counterfactual(changes=None, probability=0.7, outcome=Outcome.REFUSED), signature
    )
    assert view.text.text() == "No change within the allowed ranges would approve it."
    view.show_counterfactual(None, signature)  # approved already: nothing to propose
    assert not view.isVisible()
    view.show_changes([Change("Housing", "rent", "own")], 0.2)
    assert "Change Housing from rent to own" in view.text.text()


def test_the_population_panel_marks_the_applicants_bin_and_lists_similar_applicants(qtbot):
    panel = PopulationPanel()
    qtbot.addWidget(panel)
    panel.show()
    duration = Standing(
        name="duration_in_month",
        label="Credit duration",
        value_text="36 months",
        percentile=81.0,
        edges=[4, 12, 24, 36, 48, 72],
        good=[200, 300, 120, 60, 20],
        bad=[40, 100, 80, 50, 30],
        bins_labels=["4–12", "12–24", "24–36", "36–48", "48–72"],
    )
    drawn = standing_of(duration, 36)
    assert drawn.numeric and drawn.applicant_bin == 3  # 36 falls in [36, 48)
    housing = Standing("housing", "Housing", "rent", 18.0, [], [100, 500, 60], [80, 190, 40],
                       ["rent", "own", "for free"])  # fmt: skip
    assert standing_of(housing, "rent").applicant_bin == 0
    panel.set_standings([drawn, standing_of(housing, "rent")])
    assert panel.headings[0].isVisible() and panel.charts[1].isVisible()
    assert not panel.headings[2].isVisible()
    assert "percentile 81" in panel.headings[0].text()
    assert "18 % of applicants share it" in panel.headings[1].text()
    rows = [(i % 2 == 0, 0.1 * (i + 1), [f"{12 * (i + 1)} months"]) for i in range(5)]
    panel.set_neighbours(["Credit duration"], rows)
    table = panel.table
    assert table.rowCount() == 5
    assert [table.horizontalHeaderItem(c).text() for c in range(3)] == [
        "True outcome", "P(default)", "Credit duration",
    ]  # fmt: skip
    assert table.item(0, 0).text() == "✗ defaulted" and table.item(1, 0).text() == "✓ repaid"
    assert table.item(0, 0).foreground().color() == DEFAULTED
    assert table.item(1, 0).foreground().color() == REPAID
    assert table.item(2, 1).text() == "30.0%"
    assert isinstance(drawn, FieldStanding)
