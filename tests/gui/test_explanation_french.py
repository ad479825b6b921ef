"""In French, the explanation speaks French throughout: field names, values with their units,
categories, percentages and amounts in the French way (the core's labels and `locale_text`),
in the waterfall, the counterfactual, the population panel and the similar applicants."""

from __future__ import annotations

import re

import pytest

from pad_desktop.gui.i18n import switch_language

TIMEOUT = 30_000
REFUSED = {
    "credit_amount": 7500,
    "duration_in_month": 36,
    "status_of_existing_checking_account": "... < 0 DM",
    "age_in_years": 24,
    "savings_account_and_bonds": "... < 100 DM",
    "purpose": "car (new)",
    "housing": "rent",
}
ENGLISH = re.compile(r"\b(months|years|rent|car \(new\)|no checking|critical account)\b")
ENGLISH_PERCENT = re.compile(r"\d\.\d%")  # "12.8%": French writes "12,8 %"


@pytest.fixture
def french(qapp):
    switch_language(qapp, "fr")
    yield
    switch_language(qapp, "en")


def test_the_explanation_of_a_refusal_is_all_french(qtbot, french, make_window):
    window = make_window()
    window.resize(1600, 1000)
    form = window.form
    form.set_values({**window.ws.scorer.signature.example, **REFUSED})
    form.case_ref.editor.setText("DOSSIER-FR-1")
    with qtbot.waitSignal(form.sig_decided, timeout=TIMEOUT):
        form.score()
    qtbot.waitUntil(lambda: bool(form.result.waterfall.rows), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: form.population.table.rowCount() == 5, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: form.result.counterfactual.text.text() != "", timeout=TIMEOUT)

    rows = [f"{label} {text}" for label, text in form.result.waterfall.rows]
    assert "Durée du crédit : 36 mois" in [label for label, _ in form.result.waterfall.rows]
    assert "Objet du crédit : voiture (neuve)" in [lab for lab, _ in form.result.waterfall.rows]
    headings = [h.text() for h in form.population.headings if h.isVisibleTo(form.population)]
    bins = [label for chart in form.population.charts for label in _ticks(chart)]
    table = [
        form.population.table.item(r, c).text()
        for r in range(form.population.table.rowCount())
        for c in range(form.population.table.columnCount())
    ]
    counterfactual = form.result.counterfactual.text.text()
    texts = [*rows, *headings, *bins, *table, counterfactual]
    english = [t for t in texts if ENGLISH.search(t) or ENGLISH_PERCENT.search(t)]
    assert english == [], english
    assert "mois" in counterfactual and "accordé" in counterfactual
    assert re.search(r"\d,\d\s%", form.result.waterfall.rows[-1][1])  # 76,4 %, narrow space
    bars = [text for _label, text in form.result.waterfall.rows[1:-1]]
    assert all(re.fullmatch(r"[▲▼] [+−]\d+,\d\d", t) for t in bars), bars


def _ticks(chart) -> list[str]:
    ticks = chart.chart().getPlotItem().getAxis("bottom")._tickLevels or []
    return [label for level in ticks for _pos, label in level]


def test_the_drift_charts_dates_are_french(qtbot, french):
    from datetime import UTC, datetime

    import pyqtgraph as pg

    from pad_desktop.gui.drift_chart import LocaleDateAxis

    axis = LocaleDateAxis()
    start = datetime(2026, 9, 1, tzinfo=UTC).timestamp()
    end = datetime(2026, 12, 1, tzinfo=UTC).timestamp()
    plot = pg.PlotWidget(axisItems={"bottom": axis})
    qtbot.addWidget(plot)
    plot.resize(600, 200)
    plot.setXRange(start, end, padding=0)
    plot.show()
    qtbot.waitUntil(lambda: hasattr(axis, "fontMetrics"), timeout=5_000)  # drawn once
    labels = [
        text
        for spacing, values in axis.tickValues(start, end, 600)
        for text in axis.tickStrings(values, 1.0, spacing)
    ]
    assert any(t.startswith(("sept.", "oct.", "nov.", "déc.")) for t in labels), labels
    assert not [t for t in labels if re.search(r"\b(Sep|Oct|Nov|Dec|Mon|Tue|Wed)\b", t)], labels
