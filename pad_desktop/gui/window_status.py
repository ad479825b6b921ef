"""The window's status bar: the model in use, the decision log's state, a drift alert and the
officer, on one line (each text elided when the bar is short, whole in its tooltip)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QStatusBar

from pad_desktop.gui.elided_label import ElidedLabel
from pad_desktop.service.workstation import LogState, log_state

if TYPE_CHECKING:
    from pad_desktop.decisions import LogHealth
    from pad_desktop.runtime.identity import Identity
    from pad_desktop.service.workstation import ModelInfo


translate = QCoreApplication.translate


COLOURS = {
    LogState.CONNECTED: "#116329",
    LogState.CONNECTING: "#57606a",
    LogState.WAITING: "#7d4e00",
    LogState.OFFLINE: "#7d4e00",
    LogState.DISCONNECTED: "#cf222e",
    LogState.REFUSED: "#cf222e",
}


class WindowStatus:
    """Each text keeps the room it needs while there is some; the alert takes what is left."""

    def __init__(self, bar: QStatusBar) -> None:
        self.model_label = ElidedLabel(translate("MainWindow", "Model: loading…"))
        self.model_label.setObjectName("modelStatus")
        self.log_label = ElidedLabel(translate("MainWindow", "Decision log: opening…"))
        self.log_label.setObjectName("logStatus")
        self.officer_label = ElidedLabel()
        self.officer_label.setObjectName("officerStatus")
        self.alert_label = ElidedLabel(filler=True)
        self.alert_label.setObjectName("alertStatus")
        self.alert_label.setStyleSheet("color: #7d4e00; font-weight: 600;")
        bar.addWidget(self.model_label)
        bar.addWidget(self.log_label)
        bar.addWidget(self.alert_label, 1)
        self.roles_label = ElidedLabel()
        self.roles_label.setObjectName("rolesStatus")
        bar.addPermanentWidget(self.roles_label)
        bar.addPermanentWidget(self.officer_label)

    def show_roles(self, text: str) -> None:
        """The user's roles (human oversight), as the database gives them."""
        self.roles_label.setText(text)
        self.roles_label.setToolTip(text)

    def show_model(self, info: ModelInfo) -> None:
        self.model_label.setText(
            translate("MainWindow", "Model: {0} {1} ({2})").format(
                info.name, info.version, info.sha256[:8]
            )
        )
        self.model_label.setToolTip(f"{info.model_id}\n{info.path}")

    def show_officer(self, identity: Identity) -> None:
        """Who the records name: the display name beside the OS account, always kept."""
        if identity.display_name.strip():
            text = translate("MainWindow", "Officer: {0} ({1})").format(
                identity.display_name.strip(), identity.os_account
            )
        else:
            text = translate("MainWindow", "Officer: {0}").format(identity.os_account)
        self.officer_label.setText(text)

    def show_log(self, text: str, colour: str = "") -> None:
        self.log_label.setText(text)
        self.log_label.setStyleSheet(f"color: {colour};" if colour else "")

    def show_health(self, health: LogHealth, embedded: bool) -> None:
        target = translate("MainWindow", "this computer") if embedded else health.target
        state = log_state(health)
        if health.pending:
            words = translate("MainWindow", "%n record(s) waiting", "", health.pending)
            if not health.connected:
                words = translate("MainWindow", "offline, ") + words
        elif health.connected:
            words = translate("MainWindow", "connected")
        elif health.last_error is None:
            words = translate("MainWindow", "connecting…")
        else:
            words = translate("MainWindow", "not connected")
        if health.rejected:  # refused by the database: kept aside until `db redeliver`
            words += " · " + translate(
                "MainWindow", "%n record(s) refused (db redeliver)", "", health.rejected
            )
        if health.elsewhere:  # in outboxes made for another address: `db deliver-other`
            words += " · " + translate(
                "MainWindow",
                "%n record(s) waiting for another address (db deliver-other)",
                "",
                health.elsewhere,
            )
        self.show_log(
            translate("MainWindow", "Decision log: {0} · {1}").format(target, words), COLOURS[state]
        )
        self.log_label.setToolTip(health.last_error or health.target)
