"""The main window: it shows the workstation and forwards to it.

The workstation (`pad_desktop.service.workstation`, no Qt) owns the model, the decision log, the
settings and the one decision service every tab decides through; the window runs its blocking
steps on workers and shows what they give. The tabs (`window_tabs`), the menus
(`window_menus`) and the status bar (`window_status`) are built in their own modules.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QMargins, QRect, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget, QWidget

from pad_desktop.gui import jobs, window_menus, window_preferences, window_start, window_tabs
from pad_desktop.gui.context import Workstation
from pad_desktop.gui.errors import show_error
from pad_desktop.gui.i18n import switch_language, ui_language
from pad_desktop.gui.preferences import Preferences, app_settings, use_preferences
from pad_desktop.gui.window_geometry import fit_rect
from pad_desktop.gui.window_status import WindowStatus
from pad_desktop.gui.workers import Task, TaskRunner
from pad_desktop.service.workstation import ModelInfo

if TYPE_CHECKING:
    from pad_desktop.decisions import DecisionLog, LogHealth
    from pad_desktop.gui.batch_tab import BatchTab
    from pad_desktop.gui.drift_tab import DriftTab
    from pad_desktop.gui.form_tab import FormTab
    from pad_desktop.gui.history_tab import HistoryTab
    from pad_desktop.model.scoring import Scorer
    from pad_desktop.service.decision_service import DecisionService

HEALTH_POLL_MS = 3000
FRAME_ALLOWANCE = QMargins(4, 32, 4, 4)  # a window manager's title bar, above the geometry


class MainWindow(QMainWindow):
    """`sig_ready` fires once the model and the decision log are loaded and the form is built."""

    sig_ready = Signal()
    sig_form_ready = Signal()  # the form is built for the loaded model: its fields take input
    # Score decides: the bundle checked, the policy compiled, the log open (or failed to open:
    # deciding then says why)
    sig_can_decide = Signal()
    sig_model_changed = Signal(object)  # ModelInfo
    sig_health = Signal(object)  # LogHealth
    _sig_swapped = Signal(object)  # a swap on any thread -> the UI thread

    def __init__(
        self, model_path: str | None = None, prefs: Preferences | None = None, parent=None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Prêt à dépenser — credit workstation"))
        self.prefs = (prefs or Preferences.load()).with_defaults()
        self.runner = TaskRunner(self)  # the window's one runner: every tab's tasks
        self.ws = Workstation(self.runner, use_preferences(self.prefs))
        self.ready = self.form_ready = self.can_decide = self.closing = False
        self.log_started = False
        self.pending = {"model", "log", "checked", "tabs"}
        self._health_task: Task | None = None
        self.retired: list[QWidget] = []  # tabs replaced by a language change
        self.form: FormTab | None = None
        self.batch: BatchTab | None = None
        self.history: HistoryTab | None = None
        self.drift_tab: DriftTab | None = None
        self.placeholder: QLabel | None = None
        self.later_tabs: list[QLabel] = []  # stand-ins for Batch and History while they load
        self.wanted_tab = 0
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        window_tabs.placeholder(self)
        from pad_desktop.gui.oversight_view import OversightView, banner_area

        self.oversight = OversightView(self)  # the stop banner, roles, the Oversight menu
        self.setCentralWidget(banner_area(self))
        self._sig_swapped.connect(self._model_swapped)
        self.status = WindowStatus(self.statusBar())
        self.model_label, self.log_label = self.status.model_label, self.status.log_label
        self.officer_label, self.alert_label = self.status.officer_label, self.status.alert_label
        self.status.show_officer(self.ws.identity)
        window_menus.build_menus(self)
        self.health_timer = QTimer(self)
        self.health_timer.setInterval(HEALTH_POLL_MS)
        self.health_timer.timeout.connect(self.poll_health)
        self.fit_to_screen()
        window_start.start(self, model_path)

    @property
    def service(self) -> DecisionService | None:
        """The decision service every tab decides through (None until the model is loaded)."""
        return self.ws.service

    @property
    def log(self) -> DecisionLog | None:
        """The open decision log (None: closed or reopening, nothing can be decided)."""
        return self.ws.log

    @property
    def settings(self):
        return self.ws.settings

    def set_log(self, opened: DecisionLog | None) -> DecisionLog | None:
        if self.drift_tab is not None:
            self.drift_tab.set_decision_log(opened)
        return self.ws.set_log(opened)

    # -- the model --------------------------------------------------------------------------
    def on_swap_any_thread(self, scorer: Scorer) -> None:
        """ActiveModel calls this on the swapping thread: compute there, show on the UI thread."""
        info = ModelInfo.of(scorer)
        with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
            self._sig_swapped.emit((scorer, info))

    def _model_swapped(self, swapped: tuple[Scorer, ModelInfo]) -> None:
        self.show_model(*swapped)

    def show_model(self, scorer: Scorer, info: ModelInfo) -> None:
        self.ws.model_changed(info)
        self.status.show_model(info)
        if self.form is not None:
            self.form.set_scorer(scorer)
        if self.batch is not None:
            self.batch.set_threshold()
        self.sig_model_changed.emit(info)

    def use_bundle(self, path: str) -> Task | None:
        """Switch to the bundle at `path` on a worker through the decision service (which
        records the switch); the form rebuilds when the new model is in use."""
        if self.service is None:
            return None
        return self.runner.start(
            jobs.switch_model, self.service, path,
            on_error=lambda exc: show_error(self, self.tr("This bundle cannot be used"), exc),
        )  # fmt: skip

    def update_from_hub(self) -> None:
        window_menus.update_from_hub(self)

    def about(self) -> None:
        window_menus.about(self)

    # -- the log ----------------------------------------------------------------------------
    def poll_health(self) -> None:
        if self.log is None or self._health_task is not None:
            return
        self._health_task = self.runner.start(
            jobs.log_health, self.ws, on_result=self._show_health, on_finished=self._health_done
        )

    def _health_done(self) -> None:
        self._health_task = None

    def _show_health(self, health: LogHealth | None) -> None:
        if health is not None and self.log is not None:
            self.status.show_health(health, self.log.embedded)
            self.sig_health.emit(health)

    def history_stale(self) -> None:
        if self.history is not None and self.tabs.currentWidget() is self.history:
            self.history.refresh()

    def tab_changed(self, index: int) -> None:
        if self.history is not None and self.tabs.widget(index) is self.history and self.ready:
            self.history.refresh()

    # -- preferences and language -----------------------------------------------------------
    def open_preferences(self):
        return window_preferences.open_preferences(self)

    def apply_preferences(self, prefs: Preferences) -> None:
        window_preferences.apply_preferences(self, prefs)

    def set_language(self, language: str) -> None:
        """Speak `language` now, without a restart (see `retranslate`)."""
        app = QApplication.instance()
        if isinstance(app, QApplication) and language != ui_language():
            switch_language(app, language)
            self.retranslate()

    def retranslate(self) -> None:
        """Rebuild what the window shows in the new language, keeping the officer's work."""
        self.setWindowTitle(self.tr("Prêt à dépenser — credit workstation"))
        window_menus.build_menus(self)
        self.status.show_officer(self.ws.identity)
        if self.ws.model_info is not None:
            self.status.show_model(self.ws.model_info)
        if self.ws.health is not None and self.log is not None:
            self.status.show_health(self.ws.health, self.log.embedded)
        window_tabs.retranslate(self)

    # -- geometry and shutdown --------------------------------------------------------------
    def fit_to_screen(self, available: QRect | None = None) -> None:
        """Open within the screen (`available`: its free area, the window's screen's by
        default): the saved geometry as far as it fits, else the preferred size, centred."""
        s = app_settings()
        self.wanted_tab = int(s.value("window/tab", 0) or 0)
        if available is None:
            available = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        saved, wanted = s.value("window/geometry"), None
        if saved is not None and self.restoreGeometry(saved):
            if self.isMaximized() or self.isFullScreen():
                return
            wanted = self.geometry()
        # The title bar stays on the screen too.
        self.setGeometry(fit_rect(available.marginsRemoved(FRAME_ALLOWANCE), wanted))

    def batch_running(self) -> bool:
        return self.batch is not None and self.batch.task is not None

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.closing and self.batch_running() and not window_menus.confirm_quit(self):
            event.ignore()
            return
        self.closing = True
        s = app_settings()
        s.setValue("window/geometry", self.saveGeometry())
        if self.ready:
            s.setValue("window/tab", self.tabs.currentIndex())
        s.sync()
        self.health_timer.stop()
        self.oversight.timer.stop()
        if self.batch is not None:
            self.batch.shutdown()
        if self.drift_tab is not None:
            self.drift_tab.close()
        self.runner.shutdown()
        self.ws.close()
        super().closeEvent(event)
