"""The applicant among the population: where they stand on the most influential fields, and the
five most similar reference applicants with what really happened to them.

The numbers are the core's (`explain.Standing`, `explain.Neighbour`); the panel draws them. For
each field, one small chart compares the reference applicants who repaid with those who
defaulted, bin by bin (share of each group, so that the smaller group stays visible), and marks
the applicant's bin; the heading says the value and its percentile in words.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pad_desktop.gui.counterfactual_view import spec_label
from pad_desktop.gui.i18n import labelled, pct, ui_language
from pad_desktop.gui.lazy_chart import LazyChart
from pad_desktop.gui.population_data import (  # noqa: F401 (the panel's names, for its users)
    DEFAULTED,
    MARK,
    REPAID,
    FieldStanding,
    shares,
    short_label,
    standing_of,
)

if TYPE_CHECKING:
    from pad_desktop.gui.standing_plot import StandingPlot
    from pad_desktop.model.explain import Explanation, Neighbour
    from pad_desktop.model.signature import Signature

translate = QCoreApplication.translate
TOP_FIELDS = 4
NEIGHBOUR_FIELDS = 3  # the most influential fields shown beside each similar applicant
CAPTION_STYLE = "color: #57606a; font-weight: 600; margin-top: 6px;"


def heading(s: FieldStanding) -> str:
    if s.numeric:
        where = translate("Population", "percentile {0}").format(f"{s.percentile:.0f}")
    else:
        where = translate("Population", "{0} of applicants share it").format(
            f"{s.percentile:.0f} %"
        )
    return f"<b>{html.escape(labelled(s.label, s.value_text))}</b> — {html.escape(where)}"


class StandingChart(LazyChart["StandingPlot"]):
    """Repaid vs defaulted share per bin, the applicant's bin marked (drawn by `standing_plot`,
    built on the first `set_standing`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedHeight(92)

    def _make(self) -> StandingPlot:
        from pad_desktop.gui.standing_plot import StandingPlot

        return StandingPlot(self)

    def set_standing(self, s: FieldStanding) -> None:
        self.chart().set_standing(s)


class PopulationPanel(QWidget):
    """`show_explanation(explanation, signature)`; or, plain, `set_standings` and
    `set_neighbours`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("populationPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        caption = QLabel(self.tr("The applicant among the reference applicants"))
        caption.setStyleSheet(CAPTION_STYLE)
        layout.addWidget(caption)
        legend = QLabel(
            self.tr(
                '<span style="color:{0}">■ repaid</span> &nbsp; '
                '<span style="color:{1}">■ defaulted</span> &nbsp; │ this applicant'
            ).format(REPAID.name(), DEFAULTED.name())
        )
        legend.setStyleSheet("color: #57606a; font-size: 9pt;")
        layout.addWidget(legend)
        self.headings: list[QLabel] = []
        self.charts: list[StandingChart] = []
        for _ in range(TOP_FIELDS):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            chart = StandingChart()
            layout.addWidget(label)
            layout.addWidget(chart)
            self.headings.append(label)
            self.charts.append(chart)
        similar = QLabel(self.tr("The five most similar reference applicants"))
        similar.setStyleSheet(CAPTION_STYLE)
        layout.addWidget(similar)
        self.table = QTableWidget(0, 0)
        self.table.setObjectName("neighboursTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(60)
        self.table.setWordWrap(False)
        self.table.setFixedHeight(188)
        layout.addWidget(self.table)
        layout.addStretch(1)
        self.clear()

    def clear(self) -> None:
        self.set_standings([])
        self.table.setRowCount(0)
        self.table.setColumnCount(0)

    def set_standings(self, standings: Sequence[FieldStanding]) -> None:
        for i, (label, chart) in enumerate(zip(self.headings, self.charts, strict=True)):
            shown = i < len(standings)
            label.setVisible(shown)
            chart.setVisible(shown)
            if shown:
                label.setText(heading(standings[i]))
                chart.set_standing(standings[i])

    def set_neighbours(self, fields: Sequence[str], rows: Sequence[tuple[bool, float, list[str]]]):
        """`rows`: (defaulted, model probability, the `fields`' values) per similar applicant."""
        headers = [self.tr("True outcome"), self.tr("P(default)"), *fields]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels([short_label(h, 15) for h in headers])
        header = self.table.horizontalHeader()
        for c in range(len(headers)):
            mode = (
                QHeaderView.ResizeMode.ResizeToContents if c < 2 else QHeaderView.ResizeMode.Stretch
            )
            header.setSectionResizeMode(c, mode)
            self.table.horizontalHeaderItem(c).setToolTip(headers[c])
        self.table.setRowCount(len(rows))
        for r, (defaulted, probability, values) in enumerate(rows):
            outcome = self.tr("✗ defaulted") if defaulted else self.tr("✓ repaid")
            cells = [outcome, pct(probability), *values]  # P(default): the model's
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                if c == 0:
                    cell.setForeground(DEFAULTED if defaulted else REPAID)
                self.table.setItem(r, c, cell)

    def show_explanation(self, explanation: Explanation, signature: Signature) -> None:
        inputs = explanation.inputs
        self.set_standings(
            [standing_of(s, inputs.get(s.name)) for s in explanation.standings[:TOP_FIELDS]]
        )
        specs = {spec.name: spec for spec in signature.fields}
        names = [c.name for c in explanation.contributions[:NEIGHBOUR_FIELDS] if c.name in specs]
        self.set_neighbours(
            [spec_label(specs[n]) for n in names],
            [_neighbour_row(nb, names, specs) for nb in explanation.neighbours],
        )


def _neighbour_row(nb: Neighbour, names: list[str], specs: dict) -> tuple[bool, float, list[str]]:
    values = [specs[n].display(nb.values.get(n), ui_language()) for n in names]
    return nb.defaulted, nb.probability, values
