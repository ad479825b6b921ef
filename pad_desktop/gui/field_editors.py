"""One editor per applicant field, chosen by the field's kind in the model's signature.

Numbers are typed as text (a spin box would silently clamp an out-of-range amount) and handed
to the core as typed: the value table (`pad_desktop.cells.values`) reads them exactly as it reads a
CSV cell or an API value, and words the error, the same sentence the CLI and API give.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QWidget

from pad_desktop.cells.field_specs import FieldSpec, Kind
from pad_desktop.cells.values import TRUE_WORDS, cell_text
from pad_desktop.gui.i18n import num, ui_decimal, ui_language
from pad_desktop.texts.locale_text import unit_label as locale_unit

translate = QCoreApplication.translate


def unit_label(unit: str) -> str:
    """The units our bundles use, in the officer's language; others as the bundle spells them."""
    return locale_unit(unit, ui_language())


def _bound(value: float | None) -> str:
    """A range bound as the officer's language writes numbers (1,000,000 / 1 000 000)."""
    return "" if value is None else num(value)


def range_hint(spec: FieldSpec) -> str:
    low, high = _bound(spec.minimum), _bound(spec.maximum)
    span = (
        f"{low} – {high}" if low and high else (f"≥ {low}" if low else f"≤ {high}" if high else "")
    )
    return f"{span} {unit_label(spec.unit)}".strip()


class NumberEditor(QLineEdit):
    sig_changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setPlaceholderText(range_hint(spec))
        self.textEdited.connect(lambda _t: self.sig_changed.emit())

    def value(self) -> str | None:
        """The text as typed (None when blank): the core's value table decides what it is."""
        text = self.text()
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        """Show a value (from a JSON file) as the officer would type it in this UI's dialect."""
        if value is None:
            self.clear()
        elif isinstance(value, float) and value.is_integer():
            self.setText(str(int(value)))
        elif isinstance(value, float) and ui_decimal() == ",":
            self.setText(repr(value).replace(".", ","))  # "1.234" would read as 1234 here
        else:
            self.setText(str(value))

    def reset(self) -> None:
        self.clear()


def folded(text: str) -> str:
    """`text` as type-ahead compares it: case and accents forgiven ("etudes" finds "études")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class CategoryEditor(QComboBox):
    """A drop-down that takes typing as a spreadsheet's list does: the keys typed in a row
    (spaces included, so "de 0" is one search, not a space that opens the list) select the
    first entry that starts with them, or else the first that contains them. A pause longer
    than the system's keyboard-input interval starts a new search; `clock` is its time."""

    sig_changed = Signal()

    def __init__(
        self,
        spec: FieldSpec,
        parent: QWidget | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.clock = clock
        self._typed = ""
        self._typed_at = 0.0
        # The officer reads the bundle's label in their language; the value stays the model's.
        for category in spec.categories:
            self.addItem(spec.category_label(category, ui_language()), category)
        self.setPlaceholderText(translate("FieldEditor", "Choose…"))
        self.setCurrentIndex(-1)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.currentIndexChanged.connect(lambda _i: self.sig_changed.emit())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        plain = not event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        now = self.clock()
        if now - self._typed_at > QApplication.keyboardInputInterval() / 1000:
            self._typed = ""
        if event.key() == Qt.Key.Key_Backspace and self._typed:
            self._type_ahead(self._typed[:-1], now)
            event.accept()
            return
        # A space alone still opens the list (Qt's way); within a search it is a character.
        if plain and text.isprintable() and text and (text != " " or self._typed):
            self._type_ahead(self._typed + text, now)
            event.accept()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._typed = ""
        super().focusOutEvent(event)

    def _type_ahead(self, typed: str, now: float) -> None:
        self._typed, self._typed_at = typed, now
        if not typed:
            return
        index = self.match_index(typed)
        if index >= 0:
            self.setCurrentIndex(index)

    def match_index(self, typed: str) -> int:
        """The entry `typed` selects: the first whose label starts with it, else the first
        that contains it; -1 when none does."""
        wanted = folded(typed)
        labels = [folded(self.itemText(i)) for i in range(self.count())]
        for i, label in enumerate(labels):
            if label.startswith(wanted):
                return i
        return next((i for i, label in enumerate(labels) if wanted in label), -1)

    def value(self) -> str | None:
        if self.currentIndex() < 0:
            return None
        data = self.currentData()
        return data if data is not None else self.currentText()

    def set_value(self, value: Any) -> None:
        index = -1
        if value is not None:
            index = self.findData(str(value))
            index = index if index >= 0 else self.findText(str(value))
        if index < 0 and value not in (None, ""):
            # Not an accepted value: keep it visible so that the validation can name it.
            self.addItem(str(value))
            index = self.count() - 1
        self.setCurrentIndex(index)

    def reset(self) -> None:
        # Drop values added by `set_value` that the model does not accept.
        while self.count() > len(self.spec.categories):
            self.removeItem(self.count() - 1)
        self.setCurrentIndex(-1)


class BooleanEditor(QCheckBox):
    sig_changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(translate("FieldEditor", "Yes"), parent)
        self.spec = spec
        self.toggled.connect(lambda _b: self.sig_changed.emit())

    def value(self) -> bool:
        return self.isChecked()

    def set_value(self, value: Any) -> None:
        self.setChecked((cell_text(value) or "").strip().lower() in TRUE_WORDS)

    def reset(self) -> None:
        self.setChecked(False)


Editor = NumberEditor | CategoryEditor | BooleanEditor


def make_editor(spec: FieldSpec, parent: QWidget | None = None) -> Editor:
    if spec.kind is Kind.CATEGORY:
        return CategoryEditor(spec, parent)
    if spec.kind is Kind.BOOLEAN:
        return BooleanEditor(spec, parent)
    return NumberEditor(spec, parent)
