"""Human oversight in the window: the stop banner, the roles in the status bar, the Oversight
menu (stop, resume, the applicant's request for review, the supervisors' queue) and the queue
dialog. The rules are the service's (`service.oversight`); the window offers only what the
user's roles allow and shows what comes back. Every sentence is the catalogue's."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pad_desktop.decisions.records import ControlEvent, Verdict
from pad_desktop.decisions.roles import Role, Roles
from pad_desktop.gui.errors import show_error
from pad_desktop.gui.i18n import ui_language
from pad_desktop.texts import text

if TYPE_CHECKING:
    from pad_desktop.gui.main_window import MainWindow
    from pad_desktop.gui.workers import TaskRunner
    from pad_desktop.runtime.tasks import TaskState
    from pad_desktop.service.decision_service import DecisionService

BANNER_STYLE = (
    "background: #ffebe9; border: 2px solid #cf222e; color: #82071e; font-weight: 600;"
    "padding: 6px 10px;"
)
POLL_MS = 1000  # with the service's TTL (2 s), a stop shows within 3 s


def t(key: str, **values: Any) -> str:
    return text(f"oversight.{key}", ui_language(), **values)


def roles_words(roles: Roles) -> str:
    if roles.single_user:
        return t("roles_single")
    held = [t(f"role_{r.value}") for r in Role if r in roles]
    return ", ".join(held) or t("roles_none")


# -- work done on a worker (the database is never read on the UI thread) ----------------------
def read_state(service: DecisionService, *, state: TaskState) -> tuple[Roles, ControlEvent | None]:
    oversight = service.oversight
    return oversight.roles, oversight.stopped()


def read_queue(service: DecisionService, *, state: TaskState) -> list[Any]:
    return service.oversight.queue()


def answer(
    service: DecisionService, request_id: Any, verdict: Verdict, reason: str, *, state: TaskState
) -> Any:
    return service.oversight.answer(request_id, verdict, reason)


def control(service: DecisionService, kind: str, reason: str, *, state: TaskState) -> Any:
    oversight = service.oversight
    return oversight.stop(reason) if kind == "stop" else oversight.resume(reason)


def request_review(service: DecisionService, decision_id: Any, words: str, *, state: TaskState):
    return service.oversight.request_review(decision_id, words)


class StopBanner(QLabel):
    """Across the top of the window while automated decisions are stopped."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stopBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.setWordWrap(True)
        self.event: ControlEvent | None = None
        self.hide()

    def show_stop(self, event: ControlEvent | None) -> None:
        self.event = event
        if event is None:
            self.hide()
            return
        self.setText(t("banner", by=event.officer, reason=event.reason))
        self.show()


class QueueDialog(QDialog):
    """The supervisors' queue: pending overrides, review requests and model switches the user
    may answer; approve or reject with a reason (recorded)."""

    def __init__(self, service: DecisionService, runner: TaskRunner, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("queueDialog")
        self.service, self.runner = service, runner
        self.states: list[Any] = []
        self.setWindowTitle(t("queue_title"))
        layout = QVBoxLayout(self)
        intro = QLabel(t("queue_intro"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("queueTable")
        self.table.setHorizontalHeaderLabels(
            [t("col_when"), t("col_kind"), t("col_case"), t("col_by"), t("col_text")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        reason_label = QLabel(t("reason_label"))
        self.reason = QLineEdit()
        self.reason.setObjectName("queueReason")
        reason_label.setBuddy(self.reason)
        row.addWidget(reason_label)
        row.addWidget(self.reason, 1)
        layout.addLayout(row)
        buttons = QDialogButtonBox()
        self.approve_button = QPushButton(t("approve"))
        self.approve_button.setObjectName("approveButton")
        self.reject_button = QPushButton(t("reject"))
        self.reject_button.setObjectName("rejectButton")
        self.refresh_button = QPushButton(t("refresh"))
        for button in (self.approve_button, self.reject_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ResetRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.approve_button.clicked.connect(lambda: self.answer(Verdict.APPROVED))
        self.reject_button.clicked.connect(lambda: self.answer(Verdict.REJECTED))
        self.refresh_button.clicked.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._enable)
        self.reason.textChanged.connect(self._enable)
        self._enable()
        self.resize(900, 420)

    def refresh(self) -> None:
        self.runner.start(
            read_queue, self.service, on_result=self.show_queue,
            on_error=lambda exc: show_error(self, t("not_done"), exc),
        )  # fmt: skip

    def show_queue(self, states: list[Any]) -> None:
        self.states = list(states)
        self.table.setRowCount(len(self.states))
        for i, state in enumerate(self.states):
            r = state.request
            subject = r.target if r.decision_id is None else state.case_ref or str(r.decision_id)
            cells = (
                r.created_at.astimezone().strftime("%d/%m/%Y %H:%M"),
                t(f"k_{r.kind.value}"),
                subject or "",
                r.officer,
                r.text,
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(i, column, item)
        self.table.resizeRowsToContents()
        if self.states:
            self.table.selectRow(0)
        self._enable()

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.states[rows[0].row()] if rows else None

    def _enable(self) -> None:
        state = self.selected()
        ready = state is not None and bool(self.reason.text().strip())
        review = state is not None and state.request.kind.value == "review"
        # A review request is answered by a review (the reason is the reviewer's finding).
        self.approve_button.setText(t("record_review") if review else t("approve"))
        self.reject_button.setVisible(not review)
        self.approve_button.setEnabled(ready)
        self.reject_button.setEnabled(ready)

    def answer(self, verdict: Verdict) -> None:
        state = self.selected()
        if state is None:
            return
        self.runner.start(
            answer, self.service, state.request.id, verdict, self.reason.text(),
            on_result=lambda _a: (self.reason.clear(), self.refresh()),
            on_error=lambda exc: show_error(self, t("not_done"), exc),
        )  # fmt: skip


class OversightView:
    """What the window shows of oversight, refreshed every second on a worker."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.banner = StopBanner()
        self.roles: Roles | None = None
        self.queue: QueueDialog | None = None
        self._task: Any = None
        self.timer = QTimer(window)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.poll()
        self.timer.start()

    def poll(self) -> None:
        service = self.window.service
        if service is None or self.window.log is None or self._task is not None:
            return
        self._task = self.window.runner.start(
            read_state, service, on_result=self.show_state, on_finished=self._done
        )

    def _done(self) -> None:
        self._task = None

    def show_state(self, found: tuple[Roles, ControlEvent | None]) -> None:
        roles, stopped = found
        changed = self.roles != roles
        self.roles = roles
        self.banner.show_stop(stopped)
        self.window.status.show_roles(t("roles_line", roles=roles_words(roles)))
        if changed:
            self.enable_menu()

    # -- the Oversight menu -----------------------------------------------------------------
    def build_menu(self, menus: QMenuBar) -> None:
        menu = menus.addMenu(t("menu"))
        menu.setObjectName("oversightMenu")
        self.actions: dict[str, QAction] = {}
        for name, words, slot in (
            ("queue", t("queue_title") + "…", self.open_queue),
            ("review", t("menu_review"), self.ask_review),
            ("stop", t("menu_stop"), lambda: self.ask_control("stop")),
            ("resume", t("menu_resume"), lambda: self.ask_control("resume")),
        ):
            action = QAction(words, self.window)
            action.setObjectName(f"action_{name}")
            action.triggered.connect(slot)
            menu.addAction(action)
            self.actions[name] = action
        self.enable_menu()

    def enable_menu(self) -> None:
        """Only what the roles allow (nothing until they are read)."""
        if not getattr(self, "actions", None):
            return
        roles = self.roles
        may = (lambda *rs: any(r in roles for r in rs)) if roles else (lambda *rs: False)
        self.actions["queue"].setEnabled(may(Role.SUPERVISOR, Role.MODEL_OWNER))
        self.actions["review"].setEnabled(may(Role.OFFICER, Role.SUPERVISOR))
        for name in ("stop", "resume"):
            self.actions[name].setEnabled(may(Role.SUPERVISOR, Role.MODEL_OWNER))
        # Switching the model is a model owner's (a second one approves: `model use`).
        for name in ("actionUseBundle", "actionUpdateFromHub", "actionRollBack"):
            for action in self.window.findChildren(QAction, name):
                action.setEnabled(roles is None or Role.MODEL_OWNER in roles)

    def open_queue(self) -> QueueDialog | None:
        service = self.window.service
        if service is None:
            return None
        self.queue = QueueDialog(service, self.window.runner, self.window)
        self.queue.refresh()
        self.queue.open()
        return self.queue

    def ask_control(self, kind: str) -> None:
        service = self.window.service
        if service is None:
            return
        question = t("ask_stop_reason" if kind == "stop" else "ask_resume_reason")
        title = t("menu_stop" if kind == "stop" else "menu_resume").rstrip("…")
        reason, ok = QInputDialog.getText(self.window, title, question)
        if ok and reason.strip():
            self.control(kind, reason)

    def control(self, kind: str, reason: str) -> None:
        self.window.runner.start(
            control, self.window.service, kind, reason,
            on_result=lambda event: self.banner.show_stop(event if kind == "stop" else None),
            on_error=lambda exc: show_error(self.window, t("not_done"), exc),
        )  # fmt: skip

    def ask_review(self) -> None:
        """The applicant's point of view and request for review, against the decision shown."""
        form = self.window.form
        service = self.window.service
        record = None if form is None else form.result.record
        if record is None or service is None:
            return
        words, ok = QInputDialog.getMultiLineText(
            self.window, t("menu_review").rstrip("…"), t("ask_review_text")
        )
        if ok and words.strip():
            self.window.runner.start(
                request_review, service, record.id, words,
                on_error=lambda exc: show_error(self.window, t("not_done"), exc),
            )  # fmt: skip


def banner_area(window: MainWindow) -> QWidget:
    """The banner above the tabs: the window's central widget."""
    area = QWidget()
    layout = QVBoxLayout(area)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(window.oversight.banner)
    layout.addWidget(window.tabs, 1)
    window.oversight.banner.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return area
