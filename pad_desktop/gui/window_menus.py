"""The window's menus, and the Model and Help menus' dialogs (each opened on demand)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

if TYPE_CHECKING:
    from pad_desktop.gui.main_window import MainWindow


translate = QCoreApplication.translate


def _action(
    window: MainWindow, menu: QMenu, text: str, slot: Callable, shortcut: Any = None, name: str = ""
) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if name:
        action.setObjectName(name)
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def build_menus(window: MainWindow) -> None:
    """File, Model and Help, in the language the window speaks now (rebuilt when it changes)."""
    menus = window.menuBar()
    menus.clear()
    file = menus.addMenu(translate("MainWindow", "&File"))
    _action(
        window,
        file,
        translate("MainWindow", "&Open CSV…"),
        lambda: open_csv(window),
        QKeySequence.StandardKey.Open,
    )
    _action(window, file, translate("MainWindow", "&Export…"), lambda: export(window), "Ctrl+E")
    file.addSeparator()
    _action(
        window, file, translate("MainWindow", "&Preferences…"), window.open_preferences, "Ctrl+,"
    )
    file.addSeparator()
    _action(
        window, file, translate("MainWindow", "&Quit"), window.close, QKeySequence.StandardKey.Quit
    )

    model = menus.addMenu(translate("MainWindow", "&Model"))
    card, bundle = (
        translate("MainWindow", "Model &card…"),
        translate("MainWindow", "Use a bundle from &disk…"),
    )
    _action(window, model, card, lambda: show_model_card(window), name="actionModelCard")
    _action(window, model, bundle, lambda: choose_bundle(window), name="actionUseBundle")
    model.addSeparator()
    _action(
        window,
        model,
        translate("MainWindow", "Check for updates / Update from Hub…"),
        window.update_from_hub,
        name="actionUpdateFromHub",
    )
    _action(
        window,
        model,
        translate("MainWindow", "Roll back"),
        lambda: roll_back(window),
        name="actionRollBack",
    )
    window.model_menu = model
    from pad_desktop.gui import loop_menu  # outcomes and performance (the model loop)

    loop_menu.install(window, model)

    window.oversight.build_menu(menus)  # stop, resume, reviews, the supervisors' queue

    help_menu = menus.addMenu(translate("MainWindow", "&Help"))
    _action(window, help_menu, translate("MainWindow", "&About"), lambda: about(window))


def show_model_card(window: MainWindow) -> None:
    if window.ws.model_info is None:
        return
    from pad_desktop.gui.model_card import ModelCardDialog

    ModelCardDialog(window.ws.model_info, window).open()


def about(window: MainWindow) -> None:
    from pad_desktop import __version__

    QMessageBox.about(
        window,
        translate("MainWindow", "About"),
        translate(
            "MainWindow",
            "<h3>Prêt à dépenser — credit workstation</h3><p>Version {0}</p>"
            "<p>Scores applicants with the active model, records every decision and "
            "override in the decision log.</p>",
        ).format(__version__),
    )


def confirm_quit(window: MainWindow) -> bool:
    """Quitting during a batch stops it: ask first (rows scored so far stay logged)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        translate("MainWindow", "A batch is running"),
        translate(
            "MainWindow",
            "A batch is being scored. Quit and stop it? The rows scored so far are kept "
            "in the decision log; the rest of the file is not scored.",
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        window,
    )
    box.setObjectName("quitDuringBatch")
    stop = box.button(QMessageBox.StandardButton.Yes)
    stop.setText(translate("MainWindow", "Stop and quit"))
    box.button(QMessageBox.StandardButton.No).setText(translate("MainWindow", "Keep scoring"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.exec()
    return box.clickedButton() is stop


def choose_bundle(window: MainWindow) -> None:
    path = QFileDialog.getExistingDirectory(
        window, translate("MainWindow", "Choose a model bundle folder")
    )
    if path:
        window.use_bundle(path)


def update_from_hub(window: MainWindow) -> None:
    if window.service is None:
        return
    from pad_desktop.gui.update_dialog import open_update_dialog
    from pad_desktop.gui.window_preferences import read_hub_token

    read_hub_token(window)
    open_update_dialog(parent=window, active_model=window.service.active, decision_log=window.log)


def roll_back(window: MainWindow) -> None:
    if window.service is None:
        return
    from pad_desktop.gui.update_dialog import roll_back as roll_back_model

    roll_back_model(parent=window, active_model=window.service.active, decision_log=window.log)


def open_csv(window: MainWindow) -> None:
    if window.batch is not None:
        window.tabs.setCurrentWidget(window.batch)
        window.batch.choose_file()


def export(window: MainWindow) -> None:
    """History's decisions when History is shown, else the batch's results."""
    if window.history is not None and window.tabs.currentWidget() is window.history:
        window.history.choose_export()
    elif window.batch is not None:
        window.tabs.setCurrentWidget(window.batch)
        window.batch.choose_export(errors=False)
