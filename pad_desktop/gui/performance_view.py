"""The model's performance on matured outcomes: a headline (red when it is an alert), the AUC by
month of decision with its interval, the calibration plot and the table by month and model.

The view only shows a `monitoring.performance.Performance`; computing one is a plain function
(`measure_now`) that the window runs on a worker. Texts come from `monitoring.texts` in the
window's language.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pad_desktop.gui.i18n import ui_language
from pad_desktop.monitoring.performance_report import (
    group_headers,
    group_row,
    headline,
    trend_floor,
)
from pad_desktop.monitoring.texts import text

if TYPE_CHECKING:
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.monitoring.performance import Performance, Reference
    from pad_desktop.runtime.tasks import TaskState

ALERT_STYLE = "background:#fde2e1;border:1px solid #c0392b;padding:6px;color:#7a1f16;"
OK_STYLE = "background:#e3f4e1;border:1px solid #2e7d32;padding:6px;color:#1b4d1f;"


def measure_now(
    log: DecisionLog, reference: Reference | None, as_of: date | None = None, *, state: TaskState
) -> Performance:
    """On a worker: the report over every decision with an outcome observed by `as_of`."""
    from pad_desktop.monitoring.performance import performance

    return performance(log, as_of or datetime.now(UTC).date(), reference=reference)


class PerformanceView(QWidget):
    """Headline, trend, calibration and table of one `Performance`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("performanceView")
        self.lang = ui_language()
        self.headline = QLabel()
        self.headline.setObjectName("performanceHeadline")
        self.headline.setWordWrap(True)
        pg.setConfigOptions(antialias=True)
        self.trend = pg.PlotWidget(background="w")
        self.trend.setObjectName("performanceTrend")
        self.trend.setMinimumWidth(320)
        self.trend.setTitle(text("trend", self.lang), color="#222")
        self.trend.setYRange(0.4, 1.0)
        self.trend.showGrid(y=True, alpha=0.3)
        self.calibration = pg.PlotWidget(background="w")
        self.calibration.setObjectName("performanceCalibration")
        self.calibration.setTitle(text("calibration_short", self.lang), color="#222")
        self.calibration.setMinimumWidth(240)
        self.calibration.setRange(xRange=(0, 1), yRange=(0, 1))
        self.calibration.setLabel("bottom", text("h_predicted", self.lang))
        self.calibration.setLabel("left", text("h_observed", self.lang))
        self.calibration.showGrid(x=True, y=True, alpha=0.3)
        self.table = QTableWidget()
        self.table.setObjectName("performanceTable")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color:#57606a;")
        plots = QHBoxLayout()
        plots.addWidget(self.trend, 3)
        plots.addWidget(self.calibration, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addLayout(plots, 3)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.note)

    def show_performance(self, perf: Performance) -> None:
        from pad_desktop.monitoring.performance import MIN_EACH_CLASS, MIN_OUTCOMES

        lang = self.lang
        self.headline.setText(headline(perf, lang))
        self.headline.setStyleSheet(ALERT_STYLE if perf.alert else OK_STYLE)
        self._draw_trend(perf)
        self._draw_calibration(perf)
        rows = [group_row(text("overall", lang), perf.overall, lang)]
        rows += [group_row(m, f, lang) for m, f in perf.by_month.items()]
        rows += [group_row(m, f, lang) for m, f in perf.by_model.items()]
        headers = group_headers(lang)
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                item = QTableWidgetItem(value)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.note.setText(text("ci_method", lang, min_n=MIN_OUTCOMES, min_each=MIN_EACH_CLASS))

    def _draw_trend(self, perf: Performance) -> None:
        self.trend.clear()
        months = list(perf.by_month)
        axis = self.trend.getAxis("bottom")
        axis.setTicks([[(i, m) for i, m in enumerate(months)]])
        xs, ys, lows, highs = [], [], [], []
        for i, f in enumerate(perf.by_month.values()):
            if not f.get("too_few"):
                xs.append(i)
                ys.append(f["auc"])
                lows.append(f["auc"] - f["auc_ci"][0])
                highs.append(f["auc_ci"][1] - f["auc"])
        if xs:
            import numpy as np

            x, y = np.array(xs, float), np.array(ys, float)
            self.trend.addItem(
                pg.ErrorBarItem(x=x, y=y, top=np.array(highs), bottom=np.array(lows), beam=0.2,
                                pen=pg.mkPen("#1f77b4"))
            )  # fmt: skip
            self.trend.plot(x, y, pen=pg.mkPen("#1f77b4", width=2), symbol="o",
                            symbolBrush="#1f77b4")  # fmt: skip
        ref = perf.reference
        if ref is not None and ref.auc is not None:
            self.trend.addItem(
                pg.InfiniteLine(
                    ref.auc, angle=0, pen=pg.mkPen("#2e7d32", style=Qt.PenStyle.DashLine)
                )
            )
            self.trend.addItem(
                pg.InfiniteLine(ref.auc - ref.tolerance, angle=0,
                                pen=pg.mkPen("#c0392b", style=Qt.PenStyle.DotLine))
            )  # fmt: skip
        self.trend.setXRange(-0.5, max(len(months) - 0.5, 0.5))
        self.trend.setYRange(trend_floor(perf), 1.0)

    def _draw_calibration(self, perf: Performance) -> None:
        self.calibration.clear()
        self.calibration.plot([0, 1], [0, 1], pen=pg.mkPen("#999", style=Qt.PenStyle.DashLine))
        bands = [b for b in perf.overall.get("calibration", []) if not b.get("too_few")]
        if bands:
            self.calibration.plot(
                [b["predicted"] for b in bands], [b["observed"] for b in bands],
                pen=pg.mkPen("#d62728", width=2), symbol="s", symbolBrush="#d62728",
            )  # fmt: skip


class PerformanceDialog(QDialog):
    """The view in a window of its own, opened from the Model menu."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("performanceDialog")
        self.setWindowTitle(text("perf_title", ui_language()))
        self.view = PerformanceView(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self.resize(1000, 680)
