"""The officer's override of an automated decision (AI Act Art. 14): a justification is required."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pad_desktop.cells.messages import override_reason_label
from pad_desktop.decisions.records import Outcome
from pad_desktop.gui.i18n import ui_language
from pad_desktop.gui.labels import outcome_label
from pad_desktop.service.notice import override_justification

MIN_JUSTIFICATION = 15  # characters: a reason, not "ok"
REVIEW_REASON = "review"


class OverrideDialog(QDialog):
    """Choose the new decision and write why; OK stays disabled until the reason is written."""

    def __init__(
        self, current: Outcome, parent: QWidget | None = None, review: bool = False
    ) -> None:
        """`review`: the score is within the review band, and that is preselected as the
        reason (the officer still writes the justification)."""
        super().__init__(parent)
        self.setObjectName("overrideDialog")
        self.setWindowTitle(self.tr("Override the decision"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The model decided: <b>{0}</b>. An override is recorded in the decision log "
                "with your name and your justification, next to the model's decision."
            ).format(outcome_label(current))
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.choices = QButtonGroup(self)
        for outcome in (Outcome.APPROVED, Outcome.REFUSED):
            button = QRadioButton(outcome_label(outcome))
            button.setProperty("outcome", outcome.value)
            button.setChecked(outcome is not current)
            button.setAccessibleDescription(self.tr("The decision to record instead"))
            self.choices.addButton(button)
            layout.addWidget(button)
        if review:  # a referred case may also be reviewed and the model's decision kept
            keep = QRadioButton(self.tr("Keep the model's decision (reviewed)"))
            keep.setObjectName("keepDecision")
            keep.setProperty("outcome", "")
            self.choices.addButton(keep)
            layout.addWidget(keep)
        reason_caption = QLabel(self.tr("&Reason:"))
        layout.addWidget(reason_caption)
        self.reason = QComboBox()
        reason_caption.setBuddy(self.reason)
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setObjectName("overrideReason")
        lang = ui_language()  # the categories are the core's: the notice names them too
        for key in ("", REVIEW_REASON):
            self.reason.addItem(override_reason_label(key, lang), key)
        self.reason.setCurrentIndex(self.reason.findData(REVIEW_REASON) if review else 0)
        layout.addWidget(self.reason)
        caption = QLabel(self.tr("&Justification (required):"))
        layout.addWidget(caption)
        self.justification = QPlainTextEdit()
        self.justification.setObjectName("justification")
        caption.setBuddy(self.justification)
        # Tab moves on to the buttons (a justification needs no tab character): no trap.
        self.justification.setTabChangesFocus(True)
        self.justification.setAccessibleName(self.tr("Justification"))
        self.justification.setAccessibleDescription(
            self.tr("Required, at least {0} characters: why the decision should differ.").format(
                MIN_JUSTIFICATION
            )
        )
        self.justification.setPlaceholderText(
            self.tr("Why the decision should differ, e.g. documents seen, guarantees offered.")
        )
        layout.addWidget(self.justification)
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setAccessibleName(self.tr("Justification length"))
        layout.addWidget(self.hint)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Record override"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.justification.textChanged.connect(self._update)
        self._update()

    @property
    def ok_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def new_decision(self) -> Outcome | None:
        """The officer's decision; None: the model's decision is kept after a review."""
        chosen = self.choices.checkedButton().property("outcome")
        return Outcome(chosen) if chosen else None

    def text(self) -> str:
        return self.justification.toPlainText().strip()

    def reason_key(self) -> str:
        """ "review" when the override follows a referral for review, "" otherwise."""
        return str(self.reason.currentData() or "")

    def recorded_text(self) -> str:
        """The justification as recorded: the chosen reason first, then the officer's words."""
        return override_justification(self.reason_key(), self.text(), ui_language())

    def _update(self) -> None:
        missing = MIN_JUSTIFICATION - len(self.text())
        self.ok_button.setEnabled(missing <= 0)
        self.hint.setText(
            self.tr("{0} more characters needed.").format(missing) if missing > 0 else ""
        )

    def accept(self) -> None:
        if len(self.text()) >= MIN_JUSTIFICATION:  # Enter must not bypass the rule
            super().accept()
