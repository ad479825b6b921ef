"""The history tab: the decision log filtered, paged, one decision in detail, exported."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pad_desktop.cells.field_specs import FieldSpec
from pad_desktop.cells.messages import notice_message
from pad_desktop.decisions import HistoryFilter, StoredDecision
from pad_desktop.decisions.records import NoticeRecord, Outcome, Source
from pad_desktop.gui.context import Workstation
from pad_desktop.gui.errors import show_error
from pad_desktop.gui.i18n import date_format, num, pct, ui_language, when
from pad_desktop.gui.labels import NOTE_STYLE, describe, message_label, outcome_label, show_written
from pad_desktop.gui.notice import issue_pdf
from pad_desktop.gui.workers import Task
from pad_desktop.runtime.tasks import TaskState
from pad_desktop.texts import text as words

PAGE_SIZE = 100  # the rows one query reads: a short part of a reference matches many
HINT_STYLE = "color: #7d4e00;"
PAGE_KEY = "history.page"  # the runner's key: only the newest page request fills the table
NOTICE_LINK = "notice"  # the details' link scheme that produces a notice again: notice:<id>
CASE_COLUMN, MODEL_COLUMN, SCORE_COLUMN, DECISION_COLUMN = 1, 4, 5, 6
translate = QCoreApplication.translate
Index = QModelIndex | QPersistentModelIndex


def load_page(log, f: HistoryFilter, offset: int, *, state: TaskState):
    """One page and the total count (on a worker: both query the database)."""
    return log.history(f, offset, PAGE_SIZE), log.count(f)


def export_history(log, f: HistoryFilter, path: str, lang: str, *, state: TaskState) -> int:
    """The export in the officer's spreadsheet dialect (French Excel's in French)."""
    from pad_desktop.service import exports

    return exports.export_history(log, f, path, exports.dialect_for(lang), lang)


SORT_ROLE = Qt.ItemDataRole.UserRole  # the raw value a column sorts by (time, score…)


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent=None, model_names: dict[str, str] | None = None) -> None:
        super().__init__(parent)
        # sha256 -> "name version" of the models this workstation has loaded: the officer
        # knows a model by its name, not by its internal id.
        self.model_names = model_names if model_names is not None else {}
        self.items: list[StoredDecision] = []
        self._headers = [
            self.tr("Time"),
            self.tr("Case"),
            self.tr("Officer"),
            self.tr("Source"),
            self.tr("Model"),
            self.tr("Score"),
            self.tr("Decision"),
        ]

    def model_name(self, d: StoredDecision) -> str:
        return self.model_names.get(d.model_sha256) or d.model_id[:18]

    def set_items(self, items: list[StoredDecision]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d = self.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return when(d.created_at, seconds=True)
            if column == CASE_COLUMN:
                return d.case_ref or ""
            if column == 2:
                return d.officer
            if column == 3:
                return source_label(d.source)
            if column == MODEL_COLUMN:
                return self.model_name(d)
            if column == SCORE_COLUMN:
                return pct(d.score)
            label = outcome_label(d.final_decision)
            return label + (" *" if d.overrides else "")
        if role == SORT_ROLE:
            keys = (d.created_at, d.case_ref or "", d.officer, str(d.source))
            if column < len(keys):
                return keys[column]
            if column == MODEL_COLUMN:
                return self.model_name(d)
            return d.score if column == SCORE_COLUMN else str(d.final_decision)
        if role == Qt.ItemDataRole.ToolTipRole and column == MODEL_COLUMN:
            return f"{d.model_id}\nsha256 {d.model_sha256}"
        if role == Qt.ItemDataRole.ForegroundRole and column == DECISION_COLUMN:
            return QColor("#116329" if d.final_decision is Outcome.APPROVED else "#cf222e")
        if role == Qt.ItemDataRole.TextAlignmentRole and column == SCORE_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class HistoryTab(QWidget):
    sig_notice_issued = Signal(object)  # the NoticeRecord of a notice produced again

    def __init__(self, ws: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyTab")
        self.ws = ws
        self.shown: StoredDecision | None = None  # the decision in the details pane
        self.offset = 0
        self.total = 0
        self.filter = HistoryFilter()
        layout = QVBoxLayout(self)

        filters = QHBoxLayout()
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-30))
        self.until = QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(date_format())
        self.case_ref = QLineEdit()
        self.case_ref.setObjectName("historyCaseRef")
        self.case_ref.setPlaceholderText(self.tr("any case"))
        self.case_ref.setAccessibleName(self.tr("Case reference"))
        self.case_ref.setToolTip(words("window.history_case_ref_tip", ui_language()))
        self.case_ref.setMaximumWidth(160)
        self.officer = QLineEdit()
        self.officer.setPlaceholderText(self.tr("any officer"))
        self.officer.setMaximumWidth(140)
        self.decision = QComboBox()
        self.decision.addItem(self.tr("any decision"), None)
        self.decision.addItem(outcome_label(Outcome.APPROVED), Outcome.APPROVED)
        self.decision.addItem(outcome_label(Outcome.REFUSED), Outcome.REFUSED)
        self.model_id = QLineEdit()
        self.model_id.setPlaceholderText(self.tr("any model"))
        self.model_id.setMaximumWidth(160)
        self.source = QComboBox()
        self.source.addItem(self.tr("any source"), None)
        for src in (Source.FORM, Source.BATCH, Source.API, Source.SIMULATION):
            self.source.addItem(source_label(src), src)
        for control, name, description in (
            (self.since, self.tr("From"), self.tr("First day of the decisions shown")),
            (self.until, self.tr("to"), self.tr("Last day of the decisions shown")),
            (self.officer, self.tr("Officer"), self.tr("Only this officer's decisions")),
            (self.decision, self.tr("Decision"), self.tr("Only approved, or only refused")),
            (self.model_id, self.tr("Model"), self.tr("Only this model's decisions (its id)")),
            (self.source, self.tr("Source"), self.tr("Only decisions from this source")),
        ):
            describe(control, name, description)
        for label, widget in (
            (self.tr("From"), self.since),
            (self.tr("to"), self.until),
            (None, self.case_ref),
            (None, self.officer),
            (None, self.decision),
            (None, self.model_id),
            (None, self.source),
        ):
            if label:
                filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.clicked.connect(self.apply)
        self.case_ref.returnPressed.connect(self.apply)
        self.officer.returnPressed.connect(self.apply)
        self.model_id.returnPressed.connect(self.apply)
        filters.addWidget(self.apply_button)
        filters.addStretch(1)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.clicked.connect(self.choose_export)
        filters.addWidget(self.export_button)
        describe(
            self.apply_button, self.apply_button.text(), self.tr("Show the decisions that match")
        )
        describe(
            self.export_button,
            self.export_button.text(),
            self.tr("Save the decisions that match as a CSV file"),
        )
        layout.addLayout(filters)
        self.written = message_label("exportWritten", NOTE_STYLE)
        layout.addWidget(self.written)
        self.hint = message_label("historyHint", HINT_STYLE)  # why the table is empty
        layout.addWidget(self.hint)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.model = HistoryModel(self, ws.model_names)
        # Sorting a page of PAGE_SIZE rows through a proxy costs nothing (unlike the batch's).
        self.sorted = QSortFilterProxyModel(self)
        self.sorted.setSourceModel(self.model)
        self.sorted.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("historyView")
        self.table.setModel(self.sorted)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)  # every column keeps its text (the view scrolls)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        left_layout.addWidget(self.table, 1)
        pager = QHBoxLayout()
        self.prev_button = QPushButton(self.tr("◀ Newer"))
        self.prev_button.clicked.connect(lambda: self.load(max(self.offset - PAGE_SIZE, 0)))
        self.next_button = QPushButton(self.tr("Older ▶"))
        self.next_button.clicked.connect(lambda: self.load(self.offset + PAGE_SIZE))
        self.page_label = QLabel()
        self.page_label.setObjectName("pageLabel")
        describe(self.prev_button, self.tr("Newer"), self.tr("The previous page: newer decisions"))
        describe(self.next_button, self.tr("Older"), self.tr("The next page: older decisions"))
        pager.addWidget(self.prev_button)
        pager.addWidget(self.page_label, 1, Qt.AlignmentFlag.AlignCenter)
        pager.addWidget(self.next_button)
        left_layout.addLayout(pager)
        split.addWidget(left)
        self.details = QTextBrowser()
        self.details.setObjectName("historyDetails")
        self.details.setOpenLinks(False)  # its links produce a notice again, nothing else
        self.details.anchorClicked.connect(self._link_clicked)
        self.details.setMinimumWidth(340)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self._update_pager()

    def current_filter(self) -> HistoryFilter:
        def utc(date: QDate) -> datetime:
            day = datetime.combine(date.toPython(), time.min).astimezone()
            return day.astimezone(UTC)

        return HistoryFilter(
            since=utc(self.since.date()),
            until=utc(self.until.date()) + timedelta(days=1),
            officer=self.officer.text().strip() or None,
            case_ref_part=self.case_ref.text().strip() or None,
            decision=self.decision.currentData(),
            model_id=self.model_id.text().strip() or None,
            source=self.source.currentData(),
        )

    def apply(self) -> None:
        self.filter = self.current_filter()
        self.load(0)

    def refresh(self) -> None:
        self.filter = self.current_filter()
        self.load(self.offset)

    def load(self, offset: int) -> Task | None:
        if self.ws.log is None:
            return None
        # Pages can arrive out of order (a refresh started before a new filter, say): only the
        # answer to the latest request may fill the table.
        return self.ws.runner.start_latest(
            PAGE_KEY,
            load_page,
            self.ws.log,
            self.filter,
            offset,
            on_result=lambda page: self._loaded(offset, page),
            on_error=lambda exc: show_error(self, self.tr("The history cannot be read"), exc),
        )

    def _loaded(self, offset: int, page: tuple[list[StoredDecision], int]) -> None:
        items, self.total = page
        self.offset = offset
        self.model.set_items(items)
        self._show_hint()
        self.details.setHtml(
            "<p style='color:#57606a'>" + self.tr("Select a decision to see its details.") + "</p>"
        )
        self._update_pager()

    def _show_hint(self) -> None:
        """Say why nothing is shown, naming the part of a case reference that found nothing."""
        if self.total:
            self.hint.hide()
            return
        lang, f = ui_language(), self.filter
        dates = {
            "since": self.since.date().toString(date_format()),
            "until": self.until.date().toString(date_format()),
        }
        if f.case_ref_part:
            text = words("window.history_no_case_match", lang, part=f.case_ref_part, **dates)
        else:
            text = words("window.history_no_match", lang, **dates)
        self.hint.setText(text)
        self.hint.show()

    def _update_pager(self) -> None:
        shown = len(self.model.items)
        self.page_label.setText(
            self.tr("{0}–{1} of {2}").format(
                num(self.offset + 1 if shown else 0),
                num(self.offset + shown),
                num(self.total),
            )
        )
        self.prev_button.setEnabled(self.offset > 0)
        self.next_button.setEnabled(self.offset + shown < self.total)

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        scorer = self.ws.scorer
        fields = scorer.signature.fields if scorer is not None else ()
        row = self.sorted.mapToSource(current).row()
        self.shown = self.model.items[row]
        self.details.setHtml(
            decision_html(self.shown, {f.name: f for f in fields}, self.model.model_names)
        )

    # -- notices issued ---------------------------------------------------------------------
    def _link_clicked(self, url: QUrl) -> None:
        if url.scheme() == NOTICE_LINK:
            self.choose_notice_file(url.path())

    def choose_notice_file(self, notice_id: str) -> None:
        name = f"notice-{(self.shown.case_ref if self.shown else None) or 'decision'}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, notice_message("produce_again", ui_language()), name, "PDF (*.pdf)"
        )
        if path:
            self.produce_notice_again(notice_id, path)

    def produce_notice_again(self, notice_id: str, path: str) -> Task | None:
        """The notice `notice_id` of the decision shown, built again from the log and saved
        as a PDF at `path` if it is the one recorded (same sha256), itself recorded as issued
        (`sig_notice_issued`); otherwise say why it cannot be, and write nothing."""
        decision, service = self.shown, self.ws.service
        if decision is None or service is None:
            return None
        lang = ui_language()
        notice = next((n for n in decision.notices if str(n.id) == notice_id), None)
        if notice is None:
            show_error(
                self, notice_message("produce_again", lang), notice_message("not_found", lang)
            )
            return None
        content = service.reproduce_notice(decision, decision.overrides, notice)
        if not content.matches(notice):
            found = content.sha256[:16]
            text = notice_message(
                "not_reproducible", lang, found=found, hash=notice.content_sha256[:16]
            )
            show_error(self, notice_message("produce_again", lang), text)
            return None
        return issue_pdf(self.ws, self, content, path, self.sig_notice_issued.emit)

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the history"), "decisions.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            self.export(path)

    def export(self, path: str):
        if self.ws.log is None:
            return None
        self.written.hide()
        return self.ws.runner.start(
            export_history,
            self.ws.log,
            self.current_filter(),
            path,
            ui_language(),
            on_result=lambda count: show_written(
                self.written,
                self.tr("%n decision(s) written to {0}", "", count).format(path),
                path,
            ),
            on_error=lambda exc: show_error(self, self.tr("The export failed"), exc),
        )


SOURCE_LABELS = {
    "form": QT_TRANSLATE_NOOP("Source", "form"),
    "batch": QT_TRANSLATE_NOOP("Source", "batch"),
    "api": QT_TRANSLATE_NOOP("Source", "API"),
    "simulation": QT_TRANSLATE_NOOP("Source", "simulation"),
}


def source_label(source: Source | str) -> str:
    """Where a decision came from, in the officer's language (the log keeps its code)."""
    text = SOURCE_LABELS.get(str(source))
    return translate("Source", text) if text else str(source)


def _officer(officer: str, os_account: str) -> str:
    """The officer as recorded, with the OS account beside a display name that differs."""
    if os_account and os_account != officer:
        return f"{officer} ({os_account})"
    return officer


def _label(key: str, spec: FieldSpec | None, lang: str) -> str:
    return key if spec is None else spec.label_in(lang)


def _escape(text: Any) -> str:
    from html import escape

    return escape(str(text))


def decision_html(
    d: StoredDecision,
    fields: dict[str, FieldSpec] | None = None,
    model_names: dict[str, str] | None = None,
) -> str:
    """The details pane: decision, score, reasons, overrides, inputs (`fields`: the model's
    fields by name, to name inputs and show values in the officer's language; `model_names`:
    sha256 -> the model's name and version)."""
    fields = fields or {}
    lang = ui_language()
    model = (model_names or {}).get(d.model_sha256) or d.model_id
    color = "#116329" if d.final_decision is Outcome.APPROVED else "#cf222e"
    parts = [
        f"<h2 style='color:{color}; margin-bottom:2px'>{_escape(outcome_label(d.final_decision))}"
        + (" *" if d.overrides else "")
        + "</h2>",
        "<p>"
        + translate("HistoryTab", "Probability of default {0} — threshold {1}").format(
            pct(d.score), pct(d.threshold, 0)
        )
        + "<br>"
        + _escape(
            f"{when(d.created_at, seconds=True)} · {_officer(d.officer, d.os_account)}"
            f" · {source_label(d.source)} · {model}"
        )
        + f"<br><span style='color:#57606a'>{_escape(d.id)}</span></p>",
        "<p>"
        + translate("HistoryTab", "Case reference: {0}").format(
            f"<b>{_escape(d.case_ref)}</b>" if d.case_ref else "—"
        ),
    ]
    if d.previous_id is not None:
        parts.append(
            "<br>"
            + translate(
                "HistoryTab", "Re-scored: the previous decision for this case is {0}"
            ).format(f"<span style='color:#57606a'>{_escape(d.previous_id)}</span>")
        )
    parts.append("</p>")
    if d.reasons:
        parts.append(
            "<h4>" + translate("HistoryTab", "Main factors raising the risk") + "</h4><ul>"
        )
        parts += [f"<li>{_escape(r)}</li>" for r in d.reasons]
        parts.append("</ul>")
    if d.overrides:
        parts.append("<h4>" + translate("HistoryTab", "Overrides and reviews") + "</h4><ul>")
        for o in d.overrides:
            new = outcome_label(o.new_decision) if o.new_decision is not None else o.kind
            parts.append(
                f"<li><b>{_escape(new)}</b> — {_escape(_officer(o.officer, o.os_account))}, "
                f"{when(o.created_at)}: {_escape(o.justification)}</li>"
            )
        parts.append("</ul>")
    if d.requests:  # a pending override, the applicant's request for human review
        from pad_desktop.texts import text

        parts.append(f"<h4>{_escape(text('oversight.history_requests', lang))}</h4><ul>")
        for r in d.requests:
            kind = text(f"oversight.k_{r.kind.value}", lang)
            parts.append(
                f"<li><b>{_escape(kind)}</b> — {_escape(_officer(r.officer, r.os_account))}, "
                f"{when(r.created_at)}: {_escape(r.text)}</li>"
            )
        parts.append("</ul>")
    if d.notices:
        parts.append(notices_html(d.notices, lang))
    parts.append(
        "<h4>" + translate("HistoryTab", "Inputs") + "</h4><table cellspacing='0' cellpadding='2'>"
    )
    if d.inputs_erased:  # the record stays, the applicant's inputs were erased
        erased = words("privacy.erased_value", lang)
        parts.append(f"<tr><td>{_escape(erased)}</td></tr></table>")
        return "".join(parts)
    for key, value in d.inputs.items():
        spec = fields.get(key)
        parts.append(
            f"<tr><td style='color:#57606a; padding-right:8px'>{_escape(_label(key, spec, lang))}"
            f"</td><td>{_escape(value if spec is None else spec.display(value, lang))}</td></tr>"
        )
    parts.append("</table>")
    return "".join(parts)


def notices_html(notices: tuple[NoticeRecord, ...], lang: str) -> str:
    """The notices issued for a decision: when, who, how, in which language, their hash, and a
    link that produces each again."""
    again = _escape(notice_message("produce_again", lang))
    items = []
    for n in notices:
        line = notice_message(
            "issued_line",
            lang,
            when=when(n.created_at, seconds=True),
            who=f"{_officer(n.officer, n.os_account)}, {n.workstation}",
            kind=notice_message(f"kind_{n.kind}", lang),
            language=n.lang.upper(),
            hash=n.content_sha256[:16] + "…",
        )
        link = f"<a href='{NOTICE_LINK}:{n.id}'>{again}</a>"
        items.append(f"<li>{_escape(line)} — {link}</li>")
    title = _escape(notice_message("issued_title", lang))
    return f"<h4>{title}</h4><ul>{''.join(items)}</ul>"
