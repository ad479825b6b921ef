"""One editor per applicant field, chosen by the field's kind in the model's signature.

Numbers are typed as text (a spin box would silently clamp an out-of-range amount) and handed
to the core as typed: the value table (`pad_desktop.values`) reads them exactly as it reads a
CSV cell or an API value, and words the error, the same sentence the CLI and API give.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from pad_desktop.field_specs import FieldSpec, Kind
from pad_desktop.gui.i18n import num, ui_decimal, ui_language
from pad_desktop.locale_text import unit_label as locale_unit
from pad_desktop.values import TRUE_WORDS, cell_text

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


class CategoryEditor(QComboBox):
    sig_changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        # The officer reads the bundle's label in their language; the value stays the model's.
        for category in spec.categories:
            self.addItem(spec.category_label(category, ui_language()), category)
        self.setPlaceholderText(translate("FieldEditor", "Choose…"))
        self.setCurrentIndex(-1)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.currentIndexChanged.connect(lambda _i: self.sig_changed.emit())

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
