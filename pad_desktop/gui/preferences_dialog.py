"""Preferences: officer, decision database (tested before it is saved), Hub, language."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pad_desktop.gui import jobs
from pad_desktop.gui.errors import show_error
from pad_desktop.gui.i18n import LANGUAGES
from pad_desktop.gui.labels import describe
from pad_desktop.gui.preferences import Preferences
from pad_desktop.gui.workers import TaskRunner
from pad_desktop.runtime.secrets import keyring_available


class PreferencesDialog(QDialog):
    """`sig_saved(prefs)` once saved; a database URL is saved only if a connection succeeds."""

    sig_saved = Signal(object)

    def __init__(self, prefs: Preferences, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(self.tr("Preferences"))
        self.setMinimumWidth(520)
        self.runner = runner
        self.original = prefs
        layout = QVBoxLayout(self)

        you = QGroupBox(self.tr("You"))
        form = QFormLayout(you)
        self.officer = QLineEdit(prefs.officer)
        self.officer.setPlaceholderText(self.tr("empty: your login name"))
        self.officer.setToolTip(
            self.tr("Recorded beside your login name on every decision, never instead of it.")
        )
        form.addRow(self.tr("Officer name:"), self.officer)
        self.language = QComboBox()
        self.language.addItem(self.tr("System language"), "")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(prefs.language), 0))
        form.addRow(self.tr("Language:"), self.language)
        layout.addWidget(you)

        db = QGroupBox(self.tr("Decision log"))
        form = QFormLayout(db)
        self.database_url = QLineEdit(prefs.database_url)
        self.database_url.setPlaceholderText(self.tr("empty: the embedded log on this computer"))
        self.database_url.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        form.addRow(self.tr("Database URL:"), self.database_url)
        layout.addWidget(db)

        hub = QGroupBox(self.tr("Model updates (Hugging Face Hub)"))
        form = QFormLayout(hub)
        self.hub_repo = QLineEdit(prefs.hub_repo)
        self.hub_repo.setPlaceholderText("organisation/model")
        self.hub_endpoint = QLineEdit(prefs.hub_endpoint)
        self.hub_endpoint.setPlaceholderText("https://huggingface.co")
        self.hub_token = QLineEdit(prefs.hub_token or "")
        self.hub_token.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Repository:"), self.hub_repo)
        form.addRow(self.tr("Endpoint:"), self.hub_endpoint)
        form.addRow(self.tr("Token:"), self.hub_token)
        where = (
            self.tr("Secrets are kept in the system keyring.")
            if keyring_available()
            else self.tr("No system keyring: secrets are kept for this session only.")
        )
        note = QLabel(where)
        note.setWordWrap(True)
        note.setStyleSheet("color: #57606a;")
        form.addRow(note)
        layout.addWidget(hub)

        self.status = QLabel()
        self.status.setObjectName("preferencesStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        for control, name, description in (
            (self.officer, self.tr("Officer name"), self.officer.toolTip()),
            (self.language, self.tr("Language"), self.tr("Applies at once")),
            (self.database_url, self.tr("Database URL"), self.tr("Tested before it is saved")),
            (self.hub_repo, self.tr("Repository"), self.tr("The Hub repository of the model")),
            (self.hub_endpoint, self.tr("Endpoint"), self.tr("The Hub's address")),
            (self.hub_token, self.tr("Token"), where),
        ):
            describe(control, name, description)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        describe(save, save.text(), self.tr("Save; a new database is tested first"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        describe(cancel, cancel.text(), self.tr("Close without saving"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def edited(self) -> Preferences:
        return Preferences(
            officer=self.officer.text().strip(),
            database_url=self.database_url.text().strip(),
            hub_repo=self.hub_repo.text().strip(),
            hub_endpoint=self.hub_endpoint.text().strip(),
            hub_token=self.hub_token.text().strip(),
            language=self.language.currentData() or "",
        )

    def save(self) -> None:
        prefs = self.edited()
        if prefs.database_url and prefs.database_url != self.original.database_url:
            self.status.setText(self.tr("Testing the connection to the database…"))
            self.buttons.setEnabled(False)
            self.runner.start(
                jobs.check_database,
                prefs.database_url,
                on_result=lambda found: self._tested(prefs, found),
                on_error=lambda exc: self._test_failed(prefs, exc),
            )
        else:
            self._commit(prefs)

    def _tested(self, prefs: Preferences, found: str) -> None:
        self.buttons.setEnabled(True)
        if found != "ok":
            _, current, head = found.split(":")
            self.status.setText(
                self.tr(
                    "Connected, but the database schema is at {0} and this app needs {1}: "
                    "ask IT to run `pad-desktop db upgrade`. Decisions will wait locally."
                ).format(current, head)
            )
        self._commit(prefs)

    def _test_failed(self, prefs: Preferences, exc: Exception) -> None:
        """Everything but the unreachable URL is saved (the officer's name and language must
        not be lost to a typo in the URL); the dialog stays open to correct it."""
        self.buttons.setEnabled(True)
        kept = replace(prefs, database_url=self.original.database_url)
        kept.save()
        self.original = kept
        self.sig_saved.emit(kept)
        self.status.setText(
            self.tr(
                "Saved, except the database URL: the database could not be reached. "
                "Correct it and save again, or cancel to keep the current one."
            )
        )
        show_error(self, self.tr("The database could not be reached"), exc)

    def _commit(self, prefs: Preferences) -> None:
        unsaved = prefs.save()
        if unsaved:
            self.status.setText(
                self.tr("Saved; kept for this session only (no keyring): {0}.").format(
                    ", ".join(unsaved)
                )
            )
        self.sig_saved.emit(prefs)
        self.accept()
