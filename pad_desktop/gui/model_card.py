"""The model card: the bundle's README, its identity and threshold, the lending policy in use."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from pad_desktop.gui.i18n import num, ui_language
from pad_desktop.service.workstation import ModelInfo


class ModelCardDialog(QDialog):
    def __init__(self, info: ModelInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("modelCardDialog")
        self.setWindowTitle(self.tr("Model card — {0}").format(info.name))
        self.resize(760, 640)
        layout = QVBoxLayout(self)
        text = QTextBrowser()
        text.setOpenExternalLinks(True)
        identity = f"**{info.name}** {info.version}  \n" + self.tr(
            "Identifier: {0}  \nSHA-256: {1}  \nThreshold: {2}  \nFolder: {3}"
        ).format(f"`{info.model_id}`", f"`{info.sha256}`", num(info.threshold, 2), info.path)
        warnings = "".join(f"\n\n> ⚠ {w}" for w in info.warnings)
        card = info.card_in(ui_language()) or self.tr(
            "This bundle ships no model card (README.md)."
        )
        policy = info.policy_in(ui_language())
        text.setMarkdown(identity + warnings + "\n\n---\n\n" + policy + "\n\n---\n\n" + card)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
