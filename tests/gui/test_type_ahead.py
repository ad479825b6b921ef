"""Typing in a drop-down selects, as an Excel-trained hand expects: "de 0" is one search (the
space does not open the list and swallow the keys that follow), case and accents forgiven."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale, Qt

from pad_desktop.gui.field_editors import CategoryEditor, folded
from pad_desktop.model.bundle import load_bundle
from pad_desktop.runtime.paths import default_bundle_dir


class Clock:
    """The editor's time, set by the test: a search's keys come "at once" or after a pause."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def french():
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    yield
    QLocale.setDefault(QLocale(QLocale.Language.English))


@pytest.fixture(scope="module")
def signature():
    return load_bundle(default_bundle_dir()).signature


def editor_for(qtbot, signature, name: str, clock: Clock) -> CategoryEditor:
    spec = next(f for f in signature.fields if f.name == name)
    editor = CategoryEditor(spec, clock=clock)
    qtbot.addWidget(editor)
    editor.show()
    editor.setFocus()
    return editor


def test_typing_de_0_selects_the_entry_and_opens_no_list(qtbot, signature, french):
    clock = Clock()
    editor = editor_for(qtbot, signature, "status_of_existing_checking_account", clock)
    qtbot.keyClicks(editor, "de 0")
    assert editor.currentText() == "de 0 à moins de 200 DM"
    assert editor.value() == "0 <= ... < 200 DM"  # the model's own value
    assert not editor.view().isVisible()  # the space opened no list


def test_accents_and_case_are_forgiven_and_a_pause_starts_a_new_search(qtbot, signature, french):
    clock = Clock()
    editor = editor_for(qtbot, signature, "purpose", clock)
    qtbot.keyClicks(editor, "ETUD")
    assert editor.currentText() == "études"
    clock.now += 5  # the officer stops, then types another word
    qtbot.keyClicks(editor, "voiture (n")
    assert editor.currentText() == "voiture (neuve)"
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, "(o")
    assert editor.currentText() == "voiture (occasion)"


def test_a_word_inside_an_entry_finds_it(qtbot, signature):
    clock = Clock()
    editor = editor_for(qtbot, signature, "housing", clock)
    assert editor.currentIndex() == -1
    qtbot.keyClicks(editor, "free")  # "for free": no entry starts with it
    assert editor.value() == "for free"


def test_every_category_of_the_form_fills_by_typing(qtbot, make_window, french):
    """The form filled from the keyboard alone: each drop-down takes its entry's first words."""
    window = make_window()
    form = window.form
    typed = 0
    for row in form.rows.values():
        editor = row.editor
        if not isinstance(editor, CategoryEditor):
            continue
        label = editor.itemText(editor.count() - 1)
        editor.setFocus()
        editor.clock = Clock()
        typed_keys = folded(label)[:12]  # as typed on a keyboard without accents
        assert typed_keys.isascii()
        qtbot.keyClicks(editor, typed_keys)
        assert editor.currentText() == label, row.name
        typed += 1
    assert typed >= 10
