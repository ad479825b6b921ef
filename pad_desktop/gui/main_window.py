"""The main window: tabs, menus, status bar; loads the model and the log on workers.

The window owns the one decision service every tab decides through: it is created when the
model is loaded, and its `log` is the decision log while it is open (None while it is closed or
reopening, when no decision can be made).
"""

from __future__ import annotations

import contextlib
import gc
import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMargins, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QTabWidget,
    QWidget,
)

from pad_desktop.gui import jobs
from pad_desktop.gui.context import Workstation
from pad_desktop.gui.elided_label import ElidedLabel
from pad_desktop.gui.errors import show_error
from pad_desktop.gui.i18n import pick_language, switch_language, ui_language
from pad_desktop.gui.preferences import Preferences, app_settings, use_preferences
from pad_desktop.gui.window_geometry import fit_rect
from pad_desktop.gui.workers import Task, TaskRunner
from pad_desktop.identity import Identity
from pad_desktop.paths import default_bundle_dir
from pad_desktop.settings import Settings

if TYPE_CHECKING:
    from pad_desktop.active import ActiveModel
    from pad_desktop.decision_service import DecisionService
    from pad_desktop.decisions import DecisionLog, LogHealth
    from pad_desktop.gui.batch_tab import BatchTab
    from pad_desktop.gui.drift_tab import DriftTab
    from pad_desktop.gui.form_tab import FormTab
    from pad_desktop.gui.history_tab import HistoryTab
    from pad_desktop.scoring import Scorer

log = logging.getLogger(__name__)

HEALTH_POLL_MS = 3000
FRAME_ALLOWANCE = QMargins(4, 32, 4, 4)  # a window manager's title bar, above the geometry


class MainWindow(QMainWindow):
    """`sig_ready` fires once the model and the decision log are loaded and the form is built."""

    sig_ready = Signal()
    # The officer can work: model loaded, log open, form built (Batch and History follow).
    sig_form_ready = Signal()
    sig_model_changed = Signal(object)  # ModelInfo
    sig_health = Signal(object)  # LogHealth
    _sig_swapped = Signal(object)  # a swap on any thread -> the UI thread

    def __init__(
        self,
        model_path: str | None = None,
        prefs: Preferences | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Prêt à dépenser — credit workstation"))
        self.prefs = (prefs or Preferences.load()).with_defaults()
        self.settings: Settings = use_preferences(self.prefs)
        self.runner = TaskRunner(self)  # the window's one runner: every tab's tasks
        self.ws = Workstation(self.runner)
        self.log: DecisionLog | None = None  # the open decision log (None: closed)
        self.drift_tab: DriftTab | None = None
        self.ready = False
        self._health_task = None
        self._pending = {"model", "log", "tabs"}
        self.form_ready = False
        self._closing = False
        self._health: LogHealth | None = None  # the last one shown (redrawn in a new language)
        self._retired: list[QWidget] = []  # tabs replaced by a language change

        # The tabs need pandas, pyqtgraph and SQLAlchemy (seconds to import): the window shows
        # at once with a placeholder, and the tabs are built once a worker has loaded the
        # modules that do not touch Qt (`jobs.LATER_MODULES`).
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.form: FormTab | None = None
        self.batch: BatchTab | None = None
        self.history: HistoryTab | None = None
        self._wanted_tab = 0
        self._later_tabs: list[QLabel] = []  # stand-ins for Batch and History while they load
        self.placeholder: QLabel | None = QLabel(self.tr("Loading the model and the decision log…"))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color: #57606a; font-size: 14pt;")
        self.tabs.addTab(self.placeholder, self.tr("Applicant"))
        self.setCentralWidget(self.tabs)
        self._sig_swapped.connect(self._model_swapped)

        # The bar is one line: each text keeps the room it needs while there is some, and a
        # text that does not fit ends in "…", whole in its tooltip (no word-per-line wrapping).
        self.model_label = ElidedLabel(self.tr("Model: loading…"))
        self.model_label.setObjectName("modelStatus")
        self.log_label = ElidedLabel(self.tr("Decision log: opening…"))
        self.log_label.setObjectName("logStatus")
        self.officer_label = ElidedLabel()
        self.officer_label.setObjectName("officerStatus")
        self.alert_label = ElidedLabel()
        self.alert_label.setObjectName("alertStatus")
        self.alert_label.setStyleSheet("color: #7d4e00; font-weight: 600;")
        bar = self.statusBar()
        for label in (self.model_label, self.log_label, self.alert_label, self.officer_label):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.model_label)
        bar.addWidget(self.log_label)
        bar.addWidget(self.alert_label, 1)  # the alert takes what is left, whole in its tooltip
        bar.addPermanentWidget(self.officer_label)
        self._show_officer()

        self._build_menus()
        self.health_timer = QTimer(self)
        self.health_timer.setInterval(HEALTH_POLL_MS)
        self.health_timer.timeout.connect(self.poll_health)
        self.fit_to_screen()

        self.runner.start(
            jobs.load_model, model_path, on_result=self._model_loaded, on_error=self._model_failed
        )
        self.runner.start(
            jobs.open_log,
            self.settings.database_url,
            on_result=self._log_opened,
            on_error=self._log_failed,
        )

    @property
    def service(self) -> DecisionService | None:
        """The decision service every tab decides through (None until the model is loaded)."""
        return self.ws.service

    # -- menus ------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut: Any = None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file = menus.addMenu(self.tr("&File"))
        self._action(file, self.tr("&Open CSV…"), self._open_csv, QKeySequence.StandardKey.Open)
        self._action(file, self.tr("&Export…"), self._export, "Ctrl+E")
        file.addSeparator()
        self._action(file, self.tr("&Preferences…"), self.open_preferences, "Ctrl+,")
        file.addSeparator()
        self._action(file, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        model = menus.addMenu(self.tr("&Model"))
        self._action(model, self.tr("Model &card…"), self.show_model_card, name="actionModelCard")
        self._action(
            model, self.tr("Use a bundle from &disk…"), self.choose_bundle, name="actionUseBundle"
        )
        model.addSeparator()
        self._action(model, self.tr("Check for updates / Update from Hub…"), self.update_from_hub)
        self._action(model, self.tr("Roll back"), self.roll_back)
        self.model_menu = model

        help_menu = menus.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&About"), self.about)

    # -- loading ----------------------------------------------------------------------------
    def _build_tabs(self) -> None:
        """The form first; Batch and History (pandas, seconds to import) stand in as labels
        until `_build_later_tabs` replaces them."""
        from pad_desktop.gui.form_tab import FormTab

        self.form = FormTab(self.ws)
        self.tabs.removeTab(0)
        self.placeholder.deleteLater()
        self.placeholder = None
        self.tabs.addTab(self.form, self.tr("Applicant"))
        for title in (self.tr("Batch"), self.tr("History")):
            stand_in = QLabel(self.tr("Loading…"))
            stand_in.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.tabs.addTab(stand_in, title)
            self._later_tabs.append(stand_in)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.form.sig_decided.connect(lambda _r: self._history_stale())
        self.form.sig_overridden.connect(lambda _o: self._history_stale())

    def _known_models(self, names: dict[str, str]) -> bool:
        for sha256, name in names.items():  # the model in use keeps the name it was given
            self.ws.model_names.setdefault(sha256, name)
        return True

    def _build_later_tabs(self) -> None:
        # On the UI thread, as every module that touches Qt (see `jobs.LATER_MODULES`):
        # pyqtgraph, for Batch's histogram and for the result's charts (the next result then
        # draws at once). Its import is the one pause of the event loop at start (~0.3 s).
        from pad_desktop.gui import standing_plot, waterfall_plot  # noqa: F401
        from pad_desktop.gui.batch_tab import BatchTab
        from pad_desktop.gui.history_tab import HistoryTab

        if self._closing or self.form is None:
            return
        self.batch = BatchTab(self.ws)
        self.history = HistoryTab(self.ws)
        for stand_in, tab in zip(self._later_tabs, (self.batch, self.history), strict=True):
            index, current = self.tabs.indexOf(stand_in), self.tabs.currentWidget() is stand_in
            title = self.tabs.tabText(index)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, tab, title)
            stand_in.deleteLater()
            if current:
                self.tabs.setCurrentIndex(index)
        self._later_tabs.clear()
        self.batch.sig_finished.connect(lambda _s: self._history_stale())
        self.batch.set_threshold()
        self._part_ready("tabs")

    def _model_loaded(self, loaded: tuple[ActiveModel, jobs.ModelInfo]) -> None:
        active, info = loaded
        from pad_desktop.decision_service import DecisionService

        self.ws.service = DecisionService(
            active, self.log, Identity.from_settings(self.settings), self.settings
        )
        self.ws.model_info = info
        if self.form is None:
            self._build_tabs()
        active.subscribe(self._on_swap_any_thread)
        for warning in info.warnings:
            self.alert_label.setText(warning)
        self._apply_model(active.scorer, info)
        self._part_ready("model")

    def _model_failed(self, exc: Exception) -> None:
        show_error(self, self.tr("The model could not be loaded"), exc)
        if self.service is None:  # fall back to the shipped model once
            self.model_label.setText(self.tr("Model: loading the shipped model…"))
            self.runner.start(
                jobs.load_model,
                str(default_bundle_dir()),
                on_result=self._model_loaded,
                on_error=lambda e: show_error(self, self.tr("No model could be loaded"), e),
            )

    def _set_log(self, opened: DecisionLog | None) -> None:
        """The decision log every face records to (None: closed, nothing can be decided)."""
        self.log = opened
        if self.service is not None:
            self.service.log = opened
        if self.drift_tab is not None:
            self.drift_tab.set_decision_log(opened)

    def _log_opened(self, opened: DecisionLog) -> None:
        if self._closing:
            opened.close(timeout=1.0)
            return
        self._set_log(opened)
        self._part_ready("log")
        self.poll_health()

    def _log_failed(self, exc: Exception) -> None:
        self.log_label.setText(self.tr("Decision log: unavailable — scoring is disabled"))
        self.log_label.setStyleSheet("color: #cf222e;")
        show_error(self, self.tr("The decision log could not be opened"), exc)
        self._part_ready("log")

    def _part_ready(self, part: str) -> None:
        self._pending.discard(part)
        if self._pending == {"tabs"} and not self.form_ready:
            self.form_ready = True
            self.sig_form_ready.emit()
            loaded: list[bool] = []
            self.runner.start(
                jobs.load_later_tabs,
                on_result=lambda names: loaded.append(self._known_models(names)),
                on_error=lambda e: show_error(self, self.tr("A tab could not be loaded"), e),
                # Built once the loading task is over, so that `sig_ready` finds no task running.
                on_finished=lambda: loaded and QTimer.singleShot(0, self._build_later_tabs),
            )
        if self._pending or self.ready:
            return
        self.ready = True
        # What is alive now lives as long as the window: keep it out of the cyclic collector,
        # whose full passes over it stalled the event loop ~250 ms during batches.
        gc.freeze()
        self.health_timer.start()
        self._add_drift_tab()
        if self.tabs.count() > 1:
            self.tabs.setCurrentIndex(min(self._wanted_tab, self.tabs.count() - 1))
        if self.history is not None:
            self.history.apply()
        current = self.tabs.currentWidget()
        if current is not None:
            current.setFocus()  # the form's focus proxy: its first field
        self.sig_ready.emit()

    def _add_drift_tab(self) -> None:
        if self.service is None:
            return
        from pad_desktop.gui.drift_tab import DriftTab  # pyqtgraph, web engine: off the start

        self.drift_tab = DriftTab(self.service.active, self.log, self, runner=self.runner)
        self.tabs.addTab(self.drift_tab, self.tr("Drift"))
        self.drift_tab.sig_drift_alert.connect(self.alert_label.setText)

    # -- the model --------------------------------------------------------------------------
    def _on_swap_any_thread(self, scorer: Scorer) -> None:
        """ActiveModel calls this on the swapping thread: compute there, show on the UI thread."""
        info = jobs.ModelInfo.of(scorer)
        with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
            self._sig_swapped.emit((scorer, info))

    def _model_swapped(self, swapped: tuple) -> None:
        scorer, info = swapped
        self.ws.model_info = info
        self._apply_model(scorer, info)

    def _apply_model(self, scorer: Scorer, info: jobs.ModelInfo) -> None:
        self.ws.model_names[info.sha256] = f"{info.name} {info.version}".strip()
        self._show_model(info)
        if self.form is not None:
            self.form.set_scorer(scorer)
        if self.batch is not None:
            self.batch.set_threshold()
        self.sig_model_changed.emit(info)

    def _show_model(self, info: jobs.ModelInfo) -> None:
        self.model_label.setText(
            self.tr("Model: {0} {1} ({2})").format(info.name, info.version, info.sha256[:8])
        )
        self.model_label.setToolTip(f"{info.model_id}\n{info.path}")

    def choose_bundle(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a model bundle folder"))
        if path:
            self.use_bundle(path)

    def use_bundle(self, path: str) -> Task | None:
        """Switch to the bundle at `path` on a worker through the decision service (which
        records the switch); the form rebuilds when the new model is in use."""
        if self.service is None:
            return None
        return self.runner.start(
            jobs.switch_model,
            self.service,
            path,
            on_error=lambda exc: show_error(self, self.tr("This bundle cannot be used"), exc),
        )

    def show_model_card(self) -> None:
        if self.ws.model_info is None:
            return
        from pad_desktop.gui.model_card import ModelCardDialog

        dialog = ModelCardDialog(self.ws.model_info, self)
        dialog.open()

    def update_from_hub(self) -> None:
        if self.service is None:
            return
        from pad_desktop.gui.update_dialog import open_update_dialog

        self._read_hub_token()
        open_update_dialog(parent=self, active_model=self.service.active, decision_log=self.log)

    def roll_back(self) -> None:
        if self.service is None:
            return
        from pad_desktop.gui.update_dialog import roll_back

        roll_back(parent=self, active_model=self.service.active, decision_log=self.log)

    # -- the log ----------------------------------------------------------------------------
    def poll_health(self) -> None:
        if self.log is None or self._health_task is not None:
            return
        self._health_task = self.runner.start(
            jobs.log_health,
            self.log,
            on_result=self._show_health,
            on_finished=self._health_done,
        )

    def _health_done(self) -> None:
        self._health_task = None

    def _show_health(self, health: LogHealth) -> None:
        self._health = health
        target = health.target
        if self.log is not None and self.log.embedded:
            target = self.tr("this computer")
        if health.pending:
            state = self.tr("%n record(s) waiting", "", health.pending)
            color = "#7d4e00"
        elif health.connected:
            state, color = self.tr("connected"), "#116329"
        elif health.last_error is None:
            state, color = self.tr("connecting…"), "#57606a"
        else:
            state, color = self.tr("not connected"), "#cf222e"
        if not health.connected and health.pending:
            state = self.tr("offline, ") + state
        if health.rejected:  # refused by the database: kept aside until `db redeliver`
            state += " · " + self.tr("%n record(s) refused (db redeliver)", "", health.rejected)
            color = "#cf222e"
        if health.elsewhere:  # in outboxes made for another address: `db deliver-other`
            state += " · " + self.tr(
                "%n record(s) waiting for another address (db deliver-other)", "", health.elsewhere
            )
            color = "#cf222e"
        self.log_label.setText(self.tr("Decision log: {0} · {1}").format(target, state))
        self.log_label.setStyleSheet(f"color: {color};")
        self.log_label.setToolTip(health.last_error or health.target)
        self.sig_health.emit(health)

    def _history_stale(self) -> None:
        if self.history is not None and self.tabs.currentWidget() is self.history:
            self.history.refresh()

    def _tab_changed(self, index: int) -> None:
        if self.history is not None and self.tabs.widget(index) is self.history and self.ready:
            self.history.refresh()

    # -- preferences ------------------------------------------------------------------------
    def _show_officer(self) -> None:
        """Who the records name: the display name beside the OS account, which is always kept."""
        identity = Identity.from_settings(self.settings)
        if identity.display_name.strip():
            text = self.tr("Officer: {0} ({1})").format(
                identity.display_name.strip(), identity.os_account
            )
        else:
            text = self.tr("Officer: {0}").format(identity.os_account)
        self.officer_label.setText(text)

    def open_preferences(self) -> None:
        from pad_desktop.gui.preferences_dialog import PreferencesDialog

        self._read_hub_token()
        dialog = PreferencesDialog(self.prefs, self.runner, self)
        dialog.sig_saved.connect(self.apply_preferences)
        dialog.open()
        return dialog

    def _read_hub_token(self) -> None:
        """The keyring's Hub token, read the first time it is needed (see `with_hub_token`)."""
        if self.prefs.hub_token is None:
            self.apply_preferences(self.prefs.with_hub_token())

    def apply_preferences(self, prefs: Preferences) -> None:
        old = self.settings
        self.prefs = prefs.with_defaults()
        self.settings = use_preferences(self.prefs)
        if self.service is not None:
            self.service.settings = self.settings
            self.service.identity = Identity.from_settings(self.settings)
        self._show_officer()
        if self.settings.database_url != old.database_url:
            self.log_label.setText(self.tr("Decision log: reconnecting…"))
            previous = self.log
            self._set_log(None)  # nothing is decided while the log reopens
            self.runner.start(
                jobs.reopen_log,
                previous,
                self.settings.database_url,
                on_result=self._log_opened,
                on_error=self._log_failed,
            )
        if self.settings.language != old.language:
            self.set_language(pick_language(self.settings.language))

    # -- language ---------------------------------------------------------------------------
    def set_language(self, language: str) -> None:
        """Speak `language` now, without a restart (see `retranslate`)."""
        app = QApplication.instance()
        if isinstance(app, QApplication) and language != ui_language():
            switch_language(app, language)
            self.retranslate()

    def retranslate(self) -> None:
        """Rebuild what the window shows in the new language, keeping the officer's work.

        The tabs are rebuilt rather than retranslated widget by widget: their texts are set in
        many places (formats, counts, states), and a rebuilt tab cannot forget one. The form
        keeps its case reference, values and shown decision; a running batch keeps its tab
        (in the old language) so that nothing stops; the other tabs re-read what they show.
        """
        self.setWindowTitle(self.tr("Prêt à dépenser — credit workstation"))
        self.menuBar().clear()
        self._build_menus()
        self._show_officer()
        if self.ws.model_info is not None:
            self._show_model(self.ws.model_info)
        if self._health is not None:
            self._show_health(self._health)
        if self.form is None:  # still loading: the placeholder goes by itself
            self.tabs.setTabText(0, self.tr("Applicant"))
            return
        if self._later_tabs:  # Batch and History still loading: they come in the new language
            for i, title in enumerate((self.tr("Applicant"), self.tr("Batch"), self.tr("History"))):
                self.tabs.setTabText(i, title)
            return
        index = self.tabs.currentIndex()
        values, case_ref = self.form.values(), self.form.case_ref.text()
        shown = self.form.result.record
        keep_batch = self.batch if self.batch_running() else None
        old = [self.tabs.widget(i) for i in range(self.tabs.count())]
        self.tabs.currentChanged.disconnect(self._tab_changed)
        self.tabs.clear()
        had_drift = self.drift_tab is not None
        if self.drift_tab is not None:
            self.drift_tab.close()
            self.drift_tab = None
        for widget in old:
            if widget is not keep_batch:
                widget.hide()
                self._retired.append(widget)
        self._rebuild_tabs(keep_batch)
        self.form.set_values(values)
        self.form.case_ref.editor.setText(case_ref)
        if shown is not None:
            self.form.result.show_record(shown)
        if had_drift:
            self._add_drift_tab()
        self.tabs.setCurrentIndex(index)
        if self.history is not None:
            self.history.apply()
        self._retire()

    def _rebuild_tabs(self, batch: BatchTab | None) -> None:
        """Form, Batch and History anew (their modules are loaded by now); `batch`: a running
        batch's tab, kept as it is."""
        from pad_desktop.gui.batch_tab import BatchTab
        from pad_desktop.gui.form_tab import FormTab
        from pad_desktop.gui.history_tab import HistoryTab

        self.form = FormTab(self.ws)
        self.batch = batch or BatchTab(self.ws)
        self.history = HistoryTab(self.ws)
        self.tabs.addTab(self.form, self.tr("Applicant"))
        self.tabs.addTab(self.batch, self.tr("Batch"))
        self.tabs.addTab(self.history, self.tr("History"))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.form.sig_decided.connect(lambda _r: self._history_stale())
        self.form.sig_overridden.connect(lambda _o: self._history_stale())
        if batch is None:
            self.batch.sig_finished.connect(lambda _s: self._history_stale())
            self.batch.set_threshold()

    def _retire(self) -> None:
        """Delete replaced tabs once no task can call back into them."""
        if self.runner.active == (1 if self.batch_running() else 0):
            for widget in self._retired:
                widget.deleteLater()
            self._retired.clear()

    # -- other actions ----------------------------------------------------------------------
    def _open_csv(self) -> None:
        if self.batch is not None:
            self.tabs.setCurrentWidget(self.batch)
            self.batch.choose_file()

    def _export(self) -> None:
        if self.history is not None and self.tabs.currentWidget() is self.history:
            self.history.choose_export()
        elif self.batch is not None:
            self.tabs.setCurrentWidget(self.batch)
            self.batch.choose_export(errors=False)

    def about(self) -> None:
        from pad_desktop import __version__

        QMessageBox.about(
            self,
            self.tr("About"),
            self.tr(
                "<h3>Prêt à dépenser — credit workstation</h3><p>Version {0}</p>"
                "<p>Scores applicants with the active model, records every decision and "
                "override in the decision log.</p>"
            ).format(__version__),
        )

    # -- geometry and shutdown --------------------------------------------------------------
    def fit_to_screen(self, available: QRect | None = None) -> None:
        """Open within the screen (`available`: its free area, the window's screen's by
        default): the saved geometry as far as it fits, else the preferred size, centred."""
        s = app_settings()
        if available is None:
            screen = self.screen() or QGuiApplication.primaryScreen()
            available = screen.availableGeometry()
        area = available.marginsRemoved(FRAME_ALLOWANCE)  # the title bar stays on screen too
        saved = s.value("window/geometry")
        wanted = None
        if saved is not None and self.restoreGeometry(saved):
            if self.isMaximized() or self.isFullScreen():
                self._wanted_tab = int(s.value("window/tab", 0) or 0)
                return
            wanted = self.geometry()
        self.setGeometry(fit_rect(area, wanted))
        self._wanted_tab = int(s.value("window/tab", 0) or 0)

    def batch_running(self) -> bool:
        return self.batch is not None and self.batch.task is not None

    def _confirm_quit(self) -> bool:
        """Quitting during a batch stops it: ask first (rows scored so far stay logged)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("A batch is running"),
            self.tr(
                "A batch is being scored. Quit and stop it? The rows scored so far are kept "
                "in the decision log; the rest of the file is not scored."
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("quitDuringBatch")
        stop = box.button(QMessageBox.StandardButton.Yes)
        stop.setText(self.tr("Stop and quit"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep scoring"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.exec()
        return box.clickedButton() is stop

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing and self.batch_running() and not self._confirm_quit():
            event.ignore()
            return
        self._closing = True
        s = app_settings()
        s.setValue("window/geometry", self.saveGeometry())
        if self.ready:
            s.setValue("window/tab", self.tabs.currentIndex())
        s.sync()
        self.health_timer.stop()
        if self.batch is not None:
            self.batch.shutdown()
        if self.drift_tab is not None:
            self.drift_tab.close()
        self.runner.shutdown()
        if self.service is not None:
            self.service.close()
        if self.log is not None:
            opened = self.log
            self._set_log(None)
            opened.close(timeout=3.0)
        super().closeEvent(event)
