"""The right-hand side of the form: decision in large type, score gauge, reasons, override."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pad_desktop.gui.gauge import ScoreGauge
from pad_desktop.gui.override_dialog import outcome_label
from pad_desktop.records import DecisionRecord, Outcome, OverrideRecord

DECISION_STYLE = {
    None: "color: #57606a;",
    Outcome.APPROVED: "color: #1a7f37;",
    Outcome.REFUSED: "color: #cf222e;",
}


class ResultPanel(QFrame):
    """Shows one logged decision; `sig_override_requested` asks the form for the dialog."""

    sig_override_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(380)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        caption = QLabel(self.tr("Decision"))
        caption.setStyleSheet("color: #57606a; font-weight: 600;")
        layout.addWidget(caption)
        self.decision = QLabel()
        self.decision.setObjectName("decisionLabel")
        font = self.decision.font()
        font.setPointSize(26)
        font.setBold(True)
        self.decision.setFont(font)
        layout.addWidget(self.decision)
        self.score = QLabel()
        self.score.setObjectName("scoreLabel")
        self.score.setWordWrap(True)
        layout.addWidget(self.score)
        self.gauge = ScoreGauge()
        layout.addWidget(self.gauge)
        reasons_caption = QLabel(self.tr("Main factors raising the risk"))
        reasons_caption.setStyleSheet("color: #57606a; font-weight: 600; margin-top: 8px;")
        layout.addWidget(reasons_caption)
        self.reasons = QListWidget()
        self.reasons.setObjectName("reasonsList")
        self.reasons.setWordWrap(True)
        self.reasons.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reasons.setMaximumHeight(130)
        layout.addWidget(self.reasons)
        self.override_info = QLabel()
        self.override_info.setObjectName("overrideInfo")
        self.override_info.setWordWrap(True)
        self.override_info.setStyleSheet(
            "background: #fff8c5; border: 1px solid #d4a72c; border-radius: 4px; padding: 6px;"
        )
        self.override_info.hide()
        layout.addWidget(self.override_info)
        row = QHBoxLayout()
        self.logged = QLabel()
        self.logged.setObjectName("loggedLabel")
        self.logged.setStyleSheet("color: #57606a;")
        row.addWidget(self.logged, 1)
        self.override_button = QPushButton(self.tr("Override…"))
        self.override_button.setObjectName("overrideButton")
        self.override_button.clicked.connect(self.sig_override_requested)
        row.addWidget(self.override_button)
        layout.addLayout(row)
        layout.addStretch(1)
        self.record: DecisionRecord | None = None
        self.clear()

    def set_threshold(self, threshold: float) -> None:
        self.gauge.set_threshold(threshold)

    def clear(self) -> None:
        self.record = None
        self.decision.setText(self.tr("No decision yet"))
        self.decision.setStyleSheet(DECISION_STYLE[None] + "font-size: 20pt;")
        self.score.setText(self.tr("Fill in the applicant and press Score (Enter)."))
        self.gauge.set_score(None)
        self.reasons.clear()
        self.override_info.hide()
        self.logged.clear()
        self.override_button.setEnabled(False)

    def show_rejected(self) -> None:
        self.decision.setText(self.tr("Not scored"))
        self.score.setText(self.tr("Correct the fields marked in red, then press Score again."))

    def show_busy(self) -> None:
        self.score.setText(self.tr("Scoring…"))

    def show_record(self, record: DecisionRecord) -> None:
        self.record = record
        self.decision.setText(outcome_label(record.decision).upper())
        self.decision.setStyleSheet(DECISION_STYLE[record.decision])
        self.score.setText(
            self.tr("Probability of default {0} — threshold {1}").format(
                f"{record.score:.1%}", f"{record.threshold:.0%}"
            )
        )
        self.gauge.set_threshold(record.threshold)
        self.gauge.set_score(record.score)
        self.reasons.clear()
        if record.reasons:
            self.reasons.addItems([f"•  {reason}" for reason in record.reasons])
        else:
            self.reasons.addItem(self.tr("No factor raises the risk above average."))
        self.override_info.hide()
        self.logged.setText(
            self.tr("Logged {0} · {1}").format(
                record.created_at.astimezone().strftime("%H:%M:%S"), str(record.id)[:8]
            )
        )
        self.override_button.setEnabled(True)

    def show_override(self, override: OverrideRecord) -> None:
        if override.new_decision is not None:
            self.decision.setText(outcome_label(override.new_decision).upper() + " *")
            self.decision.setStyleSheet(DECISION_STYLE[override.new_decision])
        self.override_info.setText(
            self.tr("* Overridden by {0}: {1}").format(override.officer, override.justification)
        )
        self.override_info.show()
        self.override_button.setEnabled(False)
