"""A place for a pyqtgraph chart that builds the chart the first time something is drawn.

pyqtgraph takes a second or two to import on this machine: the form is usable before it is
loaded (the window imports it with the later tabs, on the UI thread as all that touches Qt, so
the first result usually draws at once). Until then the place is an empty widget of the chart's
size.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtWidgets import QVBoxLayout, QWidget

Chart = TypeVar("Chart", bound=QWidget)


class LazyChart(QWidget, Generic[Chart]):
    """Subclasses say how to build their chart (`_make`); `chart()` builds it once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._chart: Chart | None = None

    def _make(self) -> Chart:
        raise NotImplementedError

    @property
    def built(self) -> bool:
        return self._chart is not None

    def chart(self) -> Chart:
        if self._chart is None:
            self._chart = self._make()
            self._layout.addWidget(self._chart)
        return self._chart
