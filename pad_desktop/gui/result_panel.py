"""The right-hand side of the form: decision in large type, score gauge, reasons, override.

A result belongs to the inputs it was scored from: once the officer edits any of them the panel
is marked stale (greyed, "Inputs changed — score again") and cannot be overridden until the
applicant is scored again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsColorizeEffect,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pad_desktop.decisions.records import DecisionRecord, Outcome, OverrideRecord
from pad_desktop.gui.counterfactual_view import CounterfactualView
from pad_desktop.gui.gauge import ScoreGauge
from pad_desktop.gui.i18n import labelled, num, pct, ui_language
from pad_desktop.gui.labels import message_label, outcome_label
from pad_desktop.gui.waterfall import Contribution, ContributionWaterfall

if TYPE_CHECKING:
    from pad_desktop.model.explain import Explanation
    from pad_desktop.model.signature import Signature

STALE_GREY = "#8c959f"
BANNER_STYLE = "border-radius: 4px; padding: 6px; font-weight: 600;"
STALE_STYLE = BANNER_STYLE + "background: #fff1e5; border: 1px solid #bc4c00; color: #953800;"
REVIEW_STYLE = BANNER_STYLE + "background: #fff8c5; border: 2px solid #9a6700; color: #633c01;"
SIMULATION_STYLE = BANNER_STYLE + "background: #fbefff; border: 2px solid #8250df; color: #512a97;"
POLICY_STYLE = BANNER_STYLE + "background: #ffebe9; border: 2px solid #cf222e; color: #82071e;"
REPEATED_STYLE = BANNER_STYLE + "background: #ddf4ff; border: 1px solid #54aeff; color: #0550ae;"
REFERRED_STYLE = "color: #9a6700;"
DECISION_STYLE = {
    None: "color: #57606a;",
    Outcome.APPROVED: "color: #116329;",
    Outcome.REFUSED: "color: #cf222e;",
}


class ResultPanel(QFrame):
    """Shows one logged decision; `sig_override_requested` asks the form for the dialog."""

    sig_override_requested = Signal()
    sig_notice_requested = Signal(bool)  # True: save as PDF, False: print

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
        self.stale_banner = message_label("staleBanner", STALE_STYLE)
        self.stale_banner.setText(self.tr("Inputs changed — score again"))
        layout.addWidget(self.stale_banner)
        self.repeated_info = message_label("repeatedInfo", REPEATED_STYLE)
        layout.addWidget(self.repeated_info)
        self.decision = QLabel()
        self.decision.setObjectName("decisionLabel")
        font = self.decision.font()
        font.setPointSize(26)
        font.setBold(True)
        self.decision.setFont(font)
        self.decision.setAccessibleName(self.tr("Decision"))
        layout.addWidget(self.decision)
        # The lending policy's outcome and reasons, before anything the model says.
        self.policy_banner = message_label("policyBanner", POLICY_STYLE)
        layout.addWidget(self.policy_banner)
        self.review_banner = message_label("reviewBanner", REVIEW_STYLE)
        layout.addWidget(self.review_banner)
        self.simulation_banner = message_label("simulationBanner", SIMULATION_STYLE)
        layout.addWidget(self.simulation_banner)
        self.score = QLabel()
        self.score.setObjectName("scoreLabel")
        self.score.setWordWrap(True)
        layout.addWidget(self.score)
        self.gauge = ScoreGauge()
        self._fade = QGraphicsColorizeEffect(self.gauge)  # grey, while the result is stale
        self._fade.setColor(QColor(STALE_GREY))
        self._fade.setStrength(1.0)
        self._fade.setEnabled(False)
        self.gauge.setGraphicsEffect(self._fade)
        self.gauge.setAccessibleName(self.tr("Score gauge"))
        layout.addWidget(self.gauge)
        reasons_caption = QLabel(self.tr("Main factors raising the risk"))
        reasons_caption.setStyleSheet("color: #57606a; font-weight: 600; margin-top: 8px;")
        layout.addWidget(reasons_caption)
        self.reasons = QListWidget()
        self.reasons.setObjectName("reasonsList")
        self.reasons.setWordWrap(True)
        self.reasons.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reasons.setAccessibleName(self.tr("Main factors raising the risk"))
        self.reasons.setMaximumHeight(72)
        layout.addWidget(self.reasons)
        self.counterfactual = CounterfactualView()
        layout.addWidget(self.counterfactual)
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
        self.override_button.setAccessibleDescription(
            self.tr("Record a different decision, with your justification")
        )
        self.override_button.clicked.connect(self.sig_override_requested)
        row.addWidget(self.override_button)
        layout.addLayout(row)
        notice_row = QHBoxLayout()
        notice_row.addStretch(1)
        self.pdf_button = QPushButton(self.tr("Notice as PDF…"))
        self.pdf_button.setObjectName("noticePdfButton")
        self.pdf_button.setToolTip(self.tr("Save the decision notice for the applicant as a PDF"))
        self.pdf_button.clicked.connect(lambda: self.sig_notice_requested.emit(True))
        self.print_button = QPushButton(self.tr("Print notice…"))
        self.print_button.setObjectName("noticePrintButton")
        self.print_button.setToolTip(self.tr("Print the decision notice for the applicant"))
        self.print_button.clicked.connect(lambda: self.sig_notice_requested.emit(False))
        notice_row.addWidget(self.pdf_button)
        notice_row.addWidget(self.print_button)
        layout.addLayout(notice_row)
        self.why = QLabel(self.tr("Why: each field's contribution to the risk"))
        self.why.setStyleSheet("color: #57606a; font-weight: 600; margin-top: 8px;")
        layout.addWidget(self.why)
        self.explain_info = message_label("explainInfo", "color: #57606a;")
        layout.addWidget(self.explain_info)
        self.waterfall = ContributionWaterfall()
        layout.addWidget(self.waterfall, 1)
        layout.addStretch(0)  # takes the room only while the waterfall is hidden: no gaps
        self.explanation: Explanation | None = None
        self.record: DecisionRecord | None = None
        self.stale = False
        self.clear()

    def set_threshold(self, threshold: float) -> None:
        self.gauge.set_threshold(threshold)

    def _set_stale(self, stale: bool) -> None:
        self.stale = stale
        self.stale_banner.setVisible(stale)
        self._fade.setEnabled(stale)
        for label in (self.score, self.reasons, self.logged, self.repeated_info, self.waterfall):
            label.setEnabled(not stale)
        for button in (self.pdf_button, self.print_button):
            button.setEnabled(self.record is not None and not stale)

    def mark_stale(self) -> None:
        """The inputs changed since this result: grey it out and forbid overriding it."""
        if self.record is None or self.stale:
            return
        self._set_stale(True)
        self.decision.setStyleSheet(DECISION_STYLE[None])
        self.override_button.setEnabled(False)

    def clear(self) -> None:
        self.record = None
        self._set_stale(False)
        self.repeated_info.hide()
        self.decision.setText(self.tr("No decision yet"))
        self.decision.setStyleSheet(DECISION_STYLE[None] + "font-size: 20pt;")
        self.score.setText(self.tr("Fill in the applicant and press Score (Enter)."))
        self.gauge.set_score(None)
        self.gauge.setAccessibleDescription(self.tr("No score yet"))
        self.reasons.clear()
        self.override_info.hide()
        self.logged.clear()
        self.override_button.setEnabled(False)
        self.review_banner.hide()
        self.policy_banner.hide()
        self.simulation_banner.hide()
        self.clear_explanation()

    def clear_explanation(self) -> None:
        self.explanation = None
        self.counterfactual.clear()
        self.waterfall.clear_contributions()
        self.waterfall.hide()  # no empty chart before there is something to explain
        self.why.hide()
        self.explain_info.hide()

    def show_explaining(self) -> None:
        self.explain_info.setText(self.tr("Explaining…"))
        self.explain_info.show()
        self.counterfactual.show_busy()

    def show_explain_error(self, why: str) -> None:
        self.counterfactual.clear()
        self.explain_info.setText(self.tr("No explanation: {0}").format(why))
        self.explain_info.show()

    def show_explanation(self, explanation: Explanation, signature: Signature) -> None:
        """The decision's explanation: the waterfall and what would change it."""
        self.explanation = explanation
        self.explain_info.setVisible(not explanation.exact)
        if not explanation.exact:
            self.explain_info.setText(
                self.tr("Approximate contributions: this model has no exact explanation.")
            )
        contributions = [
            Contribution(labelled(c.label, c.value_text), c.log_odds)
            for c in explanation.contributions
        ]
        self.waterfall.set_contributions(
            explanation.base_probability, explanation.probability, contributions
        )
        self.waterfall.show()
        self.why.show()
        self.counterfactual.show_counterfactual(explanation.counterfactual, signature)

    def show_review(self, refer: bool, band: float = 0.0) -> None:
        """Within the review band around the threshold: say "Refer for review" in words."""
        self.review_banner.setText(
            self.tr(
                "⚑ Refer for review: the score is within {0} percentage points of the threshold."
            ).format(num(band * 100, 1))
        )
        self.review_banner.setVisible(refer)

    def show_simulation(self, probability: float, outcome: Outcome) -> None:
        """What-if mode: the shown figures are a simulation, nothing is recorded."""
        self.simulation_banner.setText(
            self.tr(
                "Simulation — not a decision, nothing is recorded: P(default) {0}, would be {1}"
            ).format(pct(probability), outcome_label(outcome).lower())
        )
        self.simulation_banner.show()
        self.stale_banner.hide()  # "score again" does not apply while simulating

    def end_simulation(self) -> None:
        self.simulation_banner.hide()

    def show_rejected(self) -> None:
        self.decision.setText(self.tr("Not scored"))
        self.score.setText(self.tr("Correct the fields marked in red, then press Score again."))

    def show_not_decided(self, why: str) -> None:
        """No decision was made (the log is closed, say): nothing is shown but the reason."""
        self.clear()
        self.decision.setText(self.tr("Not decided"))
        self.score.setText(why)

    def show_busy(self) -> None:
        self.score.setText(self.tr("Scoring…"))

    def show_record(self, record: DecisionRecord, repeated: bool = False) -> None:
        """Show a recorded decision; `repeated`: the same case and inputs were decided moments
        ago and this is that decision (nothing new was recorded)."""
        self.record = record
        self._set_stale(False)
        self.clear_explanation()  # the previous applicant's; this one's follows from a worker
        self.review_banner.hide()
        self.simulation_banner.hide()
        at = record.created_at.astimezone()
        self.repeated_info.setText(
            self.tr("Already decided at {0} — the decision recorded then").format(
                at.strftime("%H:%M")
            )
        )
        self.repeated_info.setVisible(repeated)
        self._show_policy(record)
        self.decision.setText(outcome_label(record.decision).upper())
        self.decision.setStyleSheet(DECISION_STYLE[record.decision])
        if (record.policy or {}).get("stop"):  # the stop switch: a person decides, not the model
            from pad_desktop.texts import text

            self.decision.setText(text("oversight.referred_label", ui_language()).upper())
            self.decision.setStyleSheet(REFERRED_STYLE)
        self.score.setText(
            self.tr("Probability of default {0} — threshold {1}").format(
                pct(record.score), pct(record.threshold, 0)
            )
        )
        self.gauge.set_threshold(record.threshold)
        self.gauge.set_score(record.score)
        # The gauge's colours say it too; its description says it in words.
        self.gauge.setAccessibleDescription(
            self.score.text() + " — " + outcome_label(record.decision)
        )
        self.reasons.clear()
        if record.reasons:
            self.reasons.addItems([f"•  {reason}" for reason in record.reasons])
        else:
            self.reasons.addItem(self.tr("No factor raises the risk above average."))
        self.override_info.hide()
        self.logged.setText(
            self.tr("Logged {0} · {1}").format(at.strftime("%H:%M:%S"), str(record.id)[:8])
        )
        self.override_button.setEnabled(True)
        for button in (self.pdf_button, self.print_button):
            button.setEnabled(True)

    def _show_policy(self, record: DecisionRecord) -> None:
        """The lending policy's refusal or referral with its reasons, first; a refusal by the
        policy is said to be the policy's, not the model's."""
        from pad_desktop.policy.reasons import policy_headline, policy_reasons

        lang = ui_language()
        stop = (record.policy or {}).get("stop")
        if stop:  # the stop switch referred the case: no automated decision stands
            from pad_desktop.texts import text

            self.policy_banner.setStyleSheet(REVIEW_STYLE)
            proposal = text(
                "oversight.model_proposal", lang, outcome=outcome_label(record.decision)
            )
            self.policy_banner.setText(
                f"{text('oversight.referred_stop', lang)}\n•  {stop.get('reason', '')}\n"
                f"•  {proposal}"
            )
            self.policy_banner.show()
            return
        headline = policy_headline(record.policy, lang)
        if headline is None:
            self.policy_banner.hide()
            return
        reasons = policy_reasons(record.policy, lang)
        self.policy_banner.setStyleSheet(
            POLICY_STYLE if record.policy_effect == "refuse" else REVIEW_STYLE
        )
        colon = " :" if lang == "fr" else ":"
        self.policy_banner.setText("\n".join([headline + colon, *(f"•  {r}" for r in reasons)]))
        self.policy_banner.show()

    def show_pending(self, words: str) -> None:
        """An override waiting for a supervisor: said, the decision unchanged."""
        self.override_info.setText(words)
        self.override_info.show()
        self.override_button.setEnabled(False)

    def show_override(self, override: OverrideRecord) -> None:
        if override.new_decision is not None:
            self.decision.setText(outcome_label(override.new_decision).upper() + " *")
            self.decision.setStyleSheet(DECISION_STYLE[override.new_decision])
        if override.new_decision is None:  # reviewed, the model's decision kept
            self.decision.setText(self.decision.text() + " *")
            text = self.tr("* Reviewed by {0}: {1}")
        else:
            text = self.tr("* Overridden by {0}: {1}")
        self.override_info.setText(text.format(override.officer, override.justification))
        self.override_info.show()
        self.override_button.setEnabled(False)
