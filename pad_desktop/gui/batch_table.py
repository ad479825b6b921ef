"""The batch results as a virtual table: columnar numpy storage, filters as index arrays.

A million rows cost a few arrays, not a million Python objects: `TableChunk` is built on the
worker from each `ChunkResult`, and the UI thread only copies arrays into place. A filter is a
numpy index of the visible rows, recomputed in milliseconds (a QSortFilterProxyModel would ask
Python about every row).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from pad_desktop.decisions.records import Outcome
from pad_desktop.gui.i18n import num, pct, ui_language
from pad_desktop.service.batch import ChunkResult
from pad_desktop.texts import text as words

HISTOGRAM_BINS = 40
MAX_SHARED_TEXTS = 50_000
Index = QModelIndex | QPersistentModelIndex


class RowKind(IntEnum):
    APPROVED = 0
    REFUSED = 1
    ERROR = 2


class RowFilter(IntEnum):
    ALL = 0
    APPROVED = 1
    REFUSED = 2
    ERRORS = 3


@dataclass
class TableChunk:
    """One chunk's rows ready for the table (scored and rejected together, in file order)."""

    rows: np.ndarray  # int64 data-row numbers
    ids: np.ndarray  # object: the file's applicant id, "" when it has none
    scores: np.ndarray  # float64, NaN for rejected rows
    kinds: np.ndarray  # int8 RowKind
    texts: np.ndarray  # object: reasons, or the row's error messages
    histogram: np.ndarray  # int64 [HISTOGRAM_BINS] counts of this chunk's scores
    scored: int
    refused: int
    rejected: int

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def of(cls, result: ChunkResult) -> TableChunk:
        n = len(result.rows)
        errors = result.errors
        if len(errors):
            grouped = errors.groupby("row", sort=True)
            messages = grouped["message"].agg(" · ".join)
            bad_rows = messages.index.to_numpy(dtype=np.int64)
            bad_texts = messages.to_numpy(dtype=object)
            # A rejected row keeps its case reference: the operator finds it in the file by it.
            bad_ids = grouped["case_ref"].first().fillna("").astype(str).to_numpy(dtype=object)
        else:
            bad_rows, bad_texts = np.empty(0, np.int64), np.empty(0, object)
            bad_ids = np.empty(0, object)
        m = len(bad_rows)
        refused = result.decisions == Outcome.REFUSED
        ids = (
            result.ids.astype(str).astype(object)
            if result.ids is not None
            else np.full(n, "", dtype=object)
        )
        rows = np.concatenate([result.rows.astype(np.int64), bad_rows])
        order = np.argsort(rows, kind="stable")
        texts = np.empty(n + m, dtype=object)
        texts[:n] = ["; ".join(r) for r in result.reasons]
        if result.policy is not None:  # the lending policy's rules first: "⚑ rule_id"
            rules = result.policy.rules_of_rows()
            for i in np.flatnonzero(rules != ""):
                texts[i] = f"⚑ {rules[i]} · {texts[i]}" if texts[i] else f"⚑ {rules[i]}"
        texts[n:] = bad_texts
        kinds = np.concatenate([refused.astype(np.int8), np.full(m, RowKind.ERROR, dtype=np.int8)])
        scores = np.concatenate([result.probabilities, np.full(m, np.nan)])
        counts, _ = np.histogram(result.probabilities, bins=HISTOGRAM_BINS, range=(0.0, 1.0))
        return cls(
            rows=rows[order],
            ids=np.concatenate([ids, bad_ids])[order],
            scores=scores[order],
            kinds=kinds[order],
            texts=texts[order],
            histogram=counts.astype(np.int64),
            scored=n,
            refused=int(refused.sum()),
            rejected=m,
        )

    def share_texts(self, seen: dict[str, str]) -> None:
        """Make equal texts one object, across chunks (`seen`: the run's texts so far). A
        million rows carry a few hundred distinct reason lines, but each arrives from the batch
        process as its own copy: ~150 MB for a million rows otherwise."""
        if len(seen) < MAX_SHARED_TEXTS:
            shared = [seen.setdefault(text, text) for text in self.texts]
        else:  # mostly distinct texts (errors quoting their values): share the known ones
            shared = [seen.get(text, text) for text in self.texts]
        self.texts = np.array(shared, dtype=object)


_FIELDS = ("rows", "ids", "scores", "kinds", "texts")


class BatchResultsModel(QAbstractTableModel):
    """Row, applicant id, score, decision, reasons or errors — appended chunk by chunk."""

    COLUMNS = ("row", "id", "score", "decision", "details")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = [
            words("window.batch_line_column", ui_language()),  # the file's line, as errors say
            self.tr("Applicant"),
            self.tr("Score"),
            self.tr("Decision"),
            self.tr("Reasons / errors"),
        ]
        self._labels = {
            RowKind.APPROVED: self.tr("Approved"),
            RowKind.REFUSED: self.tr("Refused"),
            RowKind.ERROR: self.tr("Error"),
        }
        self._colors = {
            RowKind.APPROVED: QColor("#116329"),
            RowKind.REFUSED: QColor("#cf222e"),
            RowKind.ERROR: QColor("#7d4e00"),
        }
        self.filter = RowFilter.ALL
        self._sort_by: tuple[int, Qt.SortOrder] | None = None
        self.reset()

    # -- storage ----------------------------------------------------------------------------
    def reset(self) -> None:
        self.beginResetModel()
        self.n = 0
        self._data = {
            "rows": np.empty(0, np.int64),
            "ids": np.empty(0, object),
            "scores": np.empty(0, np.float64),
            "kinds": np.empty(0, np.int8),
            "texts": np.empty(0, object),
        }
        self._visible: np.ndarray | None = self._matches(self._data["kinds"])
        self.endResetModel()

    @property
    def capacity(self) -> int:
        """Rows the columns hold without growing (growing copies them all)."""
        return len(self._data["rows"])

    def reserve(self, rows: int) -> None:
        """Allocate for `rows` rows at once (from the preview's estimate): no regrowth later."""
        self._reserve(max(rows - self.n, 0))

    def _reserve(self, extra: int) -> None:
        needed = self.n + extra
        capacity = self.capacity
        if needed <= capacity:
            return
        capacity = max(needed, capacity * 2, 1024)
        for name, column in self._data.items():
            grown = np.empty(capacity, dtype=column.dtype)
            grown[: self.n] = column[: self.n]
            self._data[name] = grown

    def _matches(self, kinds: np.ndarray) -> np.ndarray | None:
        """Positions in `kinds` that the filter shows; None when it shows everything."""
        if self.filter is RowFilter.ALL:
            return None
        wanted = {
            RowFilter.APPROVED: RowKind.APPROVED,
            RowFilter.REFUSED: RowKind.REFUSED,
            RowFilter.ERRORS: RowKind.ERROR,
        }[self.filter]
        return np.flatnonzero(kinds == wanted)

    def append(self, chunk: TableChunk) -> None:
        if not len(chunk):
            return
        start = self.n
        self._reserve(len(chunk))
        for name in _FIELDS:
            self._data[name][start : start + len(chunk)] = getattr(chunk, name)
        shown = self._matches(chunk.kinds)
        before = self.rowCount()
        added = len(chunk) if shown is None else len(shown)
        if added:
            self.beginInsertRows(QModelIndex(), before, before + added - 1)
        self.n += len(chunk)
        if self._visible is not None:  # filtered or sorted: new rows go below the others
            extra = np.arange(start, self.n) if shown is None else shown + start
            self._visible = np.concatenate([self._visible, extra])
        if added:
            self.endInsertRows()

    def set_filter(self, row_filter: RowFilter) -> None:
        self.beginResetModel()
        self.filter = RowFilter(row_filter)
        self._visible = self._sorted(self._matches(self._data["kinds"][: self.n]))
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the shown rows by `column` (a click on its header), as arrays: no row objects;
        column -1 is the file's order."""
        self._sort_by = (column, order) if column >= 0 else None
        self.layoutAboutToBeChanged.emit()
        self._visible = self._sorted(self._matches(self._data["kinds"][: self.n]))
        self.layoutChanged.emit()

    def _sorted(self, shown: np.ndarray | None) -> np.ndarray | None:
        if self._sort_by is None:
            return shown
        column, order = self._sort_by
        positions = np.arange(self.n) if shown is None else shown
        keys = self._data[_FIELDS[column]][positions]
        if keys.dtype == object:
            keys = keys.astype(str)
        descending = order == Qt.SortOrder.DescendingOrder
        if keys.dtype.kind == "f":  # negated, so that NaN scores (errors) stay last
            ranks = np.argsort(-keys if descending else keys, kind="stable")
        else:
            ranks = np.argsort(keys, kind="stable")
            ranks = ranks[::-1] if descending else ranks
        return positions[ranks]

    def column(self, name: str) -> np.ndarray:
        """The stored values of one column (every row, unfiltered)."""
        return self._data[name][: self.n]

    def source_row(self, row: int) -> int:
        return row if self._visible is None else int(self._visible[row])

    # -- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return self.n if self._visible is None else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        i = self.source_row(index.row())
        column = index.column()
        kind = RowKind(int(self._data["kinds"][i]))
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return num(int(self._data["rows"][i]) + 1)  # data row n is the file's line n+1
            if column == 1:
                return self._data["ids"][i]
            if column == 2:
                score = self._data["scores"][i]
                return "" if np.isnan(score) else pct(score)
            if column == 3:
                return self._labels[kind]
            return self._data["texts"][i]
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            return self._colors[kind]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column == 4:
            return self._data["texts"][i]
        return None
