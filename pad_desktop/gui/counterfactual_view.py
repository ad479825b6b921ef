"""'What would change the decision': the core's counterfactual, in one or two sentences.

The search and its proof (the change re-scored by the model) are the core's
(`explain.Counterfactual`); this view only words it: "Reduce Credit amount from 7,500 DM to
3,200 DM → approved (11.8 %)", or "No change within the allowed ranges", and nothing for an
applicant the model already approves.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from pad_desktop.gui.i18n import pct, ui_language

if TYPE_CHECKING:
    from pad_desktop.cells.field_specs import FieldSpec
    from pad_desktop.model.counterfactual import Counterfactual
    from pad_desktop.model.signature import Signature

translate = QCoreApplication.translate
BOX_STYLE = "QFrame#counterfactualView { background: #f6f8fa; border: 1px solid #d0d7de;"
BOX_STYLE += " border-radius: 4px; }"


@dataclass(frozen=True)
class Change:
    """One field's proposed change, already in the officer's terms."""

    label: str
    current: str
    proposed: str
    direction: int = 0  # -1 reduce, +1 increase, 0 another category


def change_sentence(change: Change) -> str:
    if change.direction < 0:
        text = translate("Counterfactual", "Reduce {0} from {1} to {2}")
    elif change.direction > 0:
        text = translate("Counterfactual", "Increase {0} from {1} to {2}")
    else:
        text = translate("Counterfactual", "Change {0} from {1} to {2}")
    return text.format(change.label, change.current, change.proposed)


def spec_label(spec: FieldSpec) -> str:
    """A field's name as the form shows it: its French description in French."""
    return spec.label_in(ui_language())


def changes_of(counterfactual: Counterfactual, signature: Signature) -> list[Change]:
    """The core's `{field: (current, proposed)}` in the form's labels and units."""
    specs = {spec.name: spec for spec in signature.fields}
    changes = []
    for name, (current, proposed) in (counterfactual.changes or {}).items():
        spec = specs[name]
        changes.append(
            Change(
                spec_label(spec),
                spec.display(current, ui_language()),
                spec.display(proposed, ui_language()),
                _direction(current, proposed),
            )
        )
    return changes


def _direction(current: Any, proposed: Any) -> int:
    numbers = (int, float)
    if isinstance(current, numbers) and isinstance(proposed, numbers):
        return -1 if proposed < current else 1 if proposed > current else 0
    return 0


class CounterfactualView(QFrame):
    """Shows the smallest change that would turn a refusal into an approval."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counterfactualView")
        self.setStyleSheet(BOX_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        caption = QLabel(self.tr("What would change the decision"))
        caption.setStyleSheet("color: #57606a; font-weight: 600; border: none;")
        layout.addWidget(caption)
        self.text = QLabel()
        self.text.setObjectName("counterfactualText")
        self.text.setWordWrap(True)
        self.text.setStyleSheet("border: none; color: #1f2328;")
        layout.addWidget(self.text)
        self.clear()

    def clear(self) -> None:
        self.text.setText("")
        self.hide()

    def show_busy(self) -> None:
        self.text.setText(self.tr("Searching for the smallest change…"))
        self.show()

    def show_changes(self, changes: Sequence[Change], probability: float) -> None:
        """`changes` turn the decision into an approval at `probability` (re-scored)."""
        lines = [html.escape(change_sentence(c)) for c in changes]  # "... < 100 DM" is text
        verdict = html.escape(self.tr("→ approved ({0})").format(pct(probability)))
        self.text.setText("<br>".join([*lines, f"<b>{verdict}</b>"]))
        self.show()

    def show_no_change(self) -> None:
        self.text.setText(self.tr("No change within the allowed ranges would approve it."))
        self.show()

    def show_counterfactual(
        self, counterfactual: Counterfactual | None, signature: Signature
    ) -> None:
        """The core's answer: None (already approved) hides the view."""
        if counterfactual is None:
            self.clear()
        elif not counterfactual.changes:
            self.show_no_change()
        else:
            self.show_changes(changes_of(counterfactual, signature), counterfactual.probability)
