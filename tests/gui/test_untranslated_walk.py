"""In French, walk every widget of every tab and dialog and fail on any text still English.

What counts as English: a text equal to (or formatted from) an English source string of our
catalogue (`pad_desktop_fr.ts`), of the message table (`pad_desktop.cells.messages`) or of the
bundle's field and category labels, when its French differs. Exempt, and said so: proper nouns
and names the app does not translate (EXEMPT), numbers and units, identifiers the officer
types or reads as codes (sha, paths, model ids, URLs), and the Evidently report's own text
(a web page the drift tab shows, not walked here).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTabWidget,
    QTextBrowser,
    QTreeView,
    QWidget,
)

from pad_desktop.decisions.records import Outcome
from pad_desktop.gui.i18n import switch_language, translations_dir
from pad_desktop.texts import catalogue

TIMEOUT = 30_000
# Said the same in both languages, or names: never counted as English.
EXEMPT = {"Prêt à dépenser", "Hugging Face Hub", "DM", "OK", "SHA-256", "URL", "CSV", "JSON", "API"}
PLACEHOLDER = re.compile(r"\\\{[^}]*\\\}|%n|%\d")


def _pattern(source: str) -> re.Pattern | None:
    """A source string as a regex its formatted texts match ({0}, %n: anything)."""
    text = source.replace("&", "")
    if not re.search(r"[A-Za-z]{3,}", PLACEHOLDER.sub("", re.escape(text))):
        return None  # "{0} · {1}": nothing English in it
    return re.compile(PLACEHOLDER.sub(".+?", re.escape(text)), re.S)


def english_patterns(scorer) -> list[tuple[str, re.Pattern]]:
    found: list[tuple[str, re.Pattern]] = []
    root = ET.parse(translations_dir() / "pad_desktop_fr.ts").getroot()
    same = set()  # the same word in French somewhere ("Date", "Justification", "Score")
    for m in root.iter("message"):
        t = m.find("translation")
        if (m.findtext("source") or "") in [t.text or ""] + [f.text for f in t.iter("numerusform")]:
            same.add(m.findtext("source"))
    for ctx in root:
        for m in ctx.iter("message"):
            source = m.findtext("source") or ""
            if source in same or source.replace("&", "") in EXEMPT:
                continue
            pattern = _pattern(source)
            if pattern is not None:
                found.append((source, pattern))
    for entry in catalogue().values():  # every sentence of the core, the errors' too
        english = entry["en"]
        if english != entry["fr"]:
            found.append((english, _pattern(re.sub(r"\{\w+\}", "{0}", english))))
    for spec in scorer.signature.fields:
        if spec.label != spec.label_in("fr"):
            found.append((spec.label, re.compile(re.escape(spec.label))))
        for category in spec.categories:
            if spec.category_label(category, "fr") != category:
                found.append((category, re.compile(re.escape(category))))
    return [(s, p) for s, p in found if p is not None]


def texts_of(widget: QWidget) -> list[str]:
    """Every text an officer (or a screen reader) gets from `widget`."""
    out = [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
    if widget.isWindow():
        out.append(widget.windowTitle())
    if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
        out.append(widget.text())
    if isinstance(widget, QLineEdit):
        out.append(widget.placeholderText())
    if isinstance(widget, QPlainTextEdit):
        out += [widget.placeholderText(), widget.toPlainText()]
    if isinstance(widget, QTextBrowser):
        out += widget.toPlainText().splitlines()
    if isinstance(widget, QComboBox):
        out += [widget.itemText(i) for i in range(widget.count())] + [widget.placeholderText()]
    if isinstance(widget, QGroupBox):
        out.append(widget.title())
    if isinstance(widget, QTabWidget):
        out += [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        top = QModelIndex()
        try:
            columns = model.columnCount(top)
        except TypeError:  # a list widget's private model: one column
            columns = 1
        for c in range(columns):
            out.append(str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
            for r in range(min(model.rowCount(top), 30)):
                out.append(str(model.index(r, c).data() or ""))
    if isinstance(widget, QMessageBox):
        out += [widget.text(), widget.informativeText()]
    lines = []
    for text in out:
        text = re.sub(r"<[^>]+>", "\n", text or "")
        lines += [line.strip() for line in text.split("\n") if line.strip()]
    return lines


# The batch preview shows the officer's own file as it is (its cells and column names).
FILE_CONTENT = {"previewView"}


def english_in(root: QWidget, patterns, where: str) -> list[str]:
    widgets = [root, *root.findChildren(QWidget)]
    skip = {
        id(w)
        for v in widgets
        if v.objectName() in FILE_CONTENT
        for w in [v, *v.findChildren(QWidget)]
    }
    widgets = [w for w in widgets if id(w) not in skip]
    found = []
    for widget in widgets:
        for text in texts_of(widget):
            plain = text.replace("&", "")
            if plain in EXEMPT:
                continue
            for source, pattern in patterns:
                if pattern.search(plain) and (len(source) > 12 or pattern.fullmatch(plain)):
                    found.append(f"{where}: {type(widget).__name__} '{text}' ~ '{source}'")
                    break
    return found


def menu_texts(window) -> list[str]:
    texts = []
    for menu_action in window.menuBar().actions():
        texts.append(menu_action.text())
        texts += [a.text() for a in menu_action.menu().actions() if a.text()]
    return texts


@pytest.fixture
def french(qapp):
    switch_language(qapp, "fr")
    yield
    switch_language(qapp, "en")


def test_no_text_of_any_tab_or_dialog_is_still_english(
    qtbot, french, make_window, tmp_path: Path, default_bundle_dir: Path
):
    import pandas as pd

    window = make_window()
    scorer = window.ws.scorer
    patterns = english_patterns(scorer)
    assert len(patterns) > 150
    found: list[str] = []

    # Form, in its error state, then decided and overridden.
    form = window.form
    form.case_ref.editor.setText("C-1")
    form.rows["age_in_years"].editor.setText("douze")
    with qtbot.waitSignal(form.sig_rejected, timeout=TIMEOUT):
        form.score()
    found += english_in(form, patterns, "form (errors)")
    form.set_values(scorer.signature.example)
    with qtbot.waitSignal(form.sig_decided, timeout=TIMEOUT):
        form.score()
    found += english_in(form, patterns, "form (decided)")
    from pad_desktop.gui.override_dialog import OverrideDialog

    override = OverrideDialog(Outcome.REFUSED, window)
    qtbot.addWidget(override)
    found += english_in(override, patterns, "override")
    override.reject()

    # Batch, with rows in error.
    frame = pd.read_csv(default_bundle_dir / "reference.csv").drop(columns=["expected_probability"])
    frame = frame.head(30).astype(object)
    frame.loc[[2, 7], "credit_amount"] = "mille"
    path = tmp_path / "dossiers.csv"
    frame.to_csv(path, sep=";", index=False)
    batch = window.batch
    window.tabs.setCurrentWidget(batch)
    with qtbot.waitSignal(batch.sig_previewed, timeout=TIMEOUT):
        batch.open_file(str(path))
    with qtbot.waitSignal(batch.sig_finished, timeout=120_000):
        batch.score_button.click()
    found += english_in(batch, patterns, "batch")

    # History with a decision's details, the drift tab, the status bar, the menus.
    history = window.history
    window.tabs.setCurrentWidget(history)
    qtbot.waitUntil(lambda: history.model.rowCount() > 0, timeout=TIMEOUT)
    history.table.selectRow(0)
    found += english_in(history, patterns, "history")
    if window.drift_tab is not None:
        found += english_in(window.drift_tab, patterns, "drift")
    found += english_in(window.statusBar(), patterns, "status bar")
    found += english_in(window.tabs.tabBar(), patterns, "tabs")
    for text in menu_texts(window):
        plain = text.replace("&", "")
        found += [f"menu '{text}'" for _s, p in patterns if p.fullmatch(plain)]

    # Dialogs: preferences, model card, Hub update, about.
    prefs = window.open_preferences()
    found += english_in(prefs, patterns, "preferences")
    prefs.reject()
    from pad_desktop.gui.model_card import ModelCardDialog

    card = ModelCardDialog(window.ws.model_info, window)
    qtbot.addWidget(card)
    found += english_in(card, patterns, "model card")
    card.reject()
    from pad_desktop.gui.update_dialog import UpdateDialog

    hub = UpdateDialog(window.service.active, window.log, window)
    qtbot.addWidget(hub)
    found += english_in(hub, patterns, "hub")
    hub.reject()

    def read_about() -> None:
        box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
        found.extend(english_in(box, patterns, "about"))
        box.accept()

    QTimer.singleShot(200, read_about)
    window.about()

    assert not found, f"{len(found)} untranslated:\n" + "\n".join(sorted(set(found)))


# Qt's own file dialog, in English: its labels, buttons, tool tips and column headers ("Type"
# is the same word in French).
QT_FILE_DIALOG = (
    "Look in:", "File name:", "Files of type:", "Open", "Save", "Cancel", "Choose", "Back",
    "Forward", "Parent Directory", "Create New Folder", "List View", "Detail View", "Sidebar",
    "Files", "Name", "Size", "Date Modified", "Directory:", "Folder", "Drive", "File",
)  # fmt: skip


def _dialog_patterns() -> list[tuple[str, re.Pattern]]:
    kinds = ("%1 File", re.compile(r"\S+ File"))  # the list's type of a file: "csv File"
    return [(s, re.compile(re.escape(s))) for s in QT_FILE_DIALOG] + [kinds]


def _walk_file_dialog(qtbot, open_it, patterns, where: str) -> list[str]:
    """Open a file dialog as the window does (`open_it`), walk it, then close it."""
    from PySide6.QtWidgets import QFileDialog

    found: list[str] = []
    seen: list[bool] = []

    def walk() -> None:
        dialog = QApplication.activeModalWidget()
        listing = dialog.findChild(QTreeView) if isinstance(dialog, QFileDialog) else None
        model = listing.model() if listing is not None else None
        if model is None or model.rowCount(listing.rootIndex()) < 2:  # the folder is read later
            QTimer.singleShot(50, walk)
            return
        seen.append(True)
        found.extend(english_in(dialog, patterns, where))
        root = listing.rootIndex()
        for row in range(model.rowCount(root)):  # the folder's entries: name, size, type, date
            for column in range(model.columnCount(root)):
                text = str(model.index(row, column, root).data() or "")
                found.extend(
                    f"{where}: entry '{text}' ~ '{s}'" for s, p in patterns if p.fullmatch(text)
                )
        dialog.reject()

    QTimer.singleShot(50, walk)
    open_it()
    qtbot.waitUntil(lambda: bool(seen), timeout=TIMEOUT)
    return found


def test_file_dialogs_drift_progress_and_core_errors_are_french(
    qtbot, french, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from datetime import UTC, datetime

    from pad_desktop.decisions import DecisionLog
    from pad_desktop.decisions.records import Source
    from pad_desktop.gui.drift_tab import DriftTab
    from pad_desktop.gui.errors import show_error
    from pad_desktop.service.simulate import simulate
    from tests.core.test_catalogue import _errors

    window = make_window()
    scorer = window.ws.scorer
    patterns = english_patterns(scorer) + _dialog_patterns()
    (tmp_path / "dossiers").mkdir()
    (tmp_path / "lot.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the open dialog starts in the working folder
    found: list[str] = []

    # Qt's file dialogs, opened as the batch tab (open) and the form (save) open them.
    found += _walk_file_dialog(qtbot, window.batch.choose_file, patterns, "open dialog")
    from PySide6.QtWidgets import QFileDialog

    def save_dialog() -> None:
        QFileDialog.getSaveFileName(window, "x", str(tmp_path / "a.csv"), "CSV (*.csv)")

    found += _walk_file_dialog(qtbot, save_dialog, patterns, "save dialog")

    # Every error of the core and the faces, as the window shows it.
    for exc in _errors(scorer.signature, tmp_path):
        box = show_error(window, "Erreur", exc)
        found += english_in(box, patterns, f"error {type(exc).__name__}")
        box.close()

    # A drift run: every step the tab shows while it runs, then its headline.
    now = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)  # never the wall clock
    log = DecisionLog.open(data_dir=tmp_path / "drift-log")
    simulate(scorer, log, 300, 0.8, seed=3, days=7, until=now, source=Source.FORM)
    tab = DriftTab(window.service.active, log, clock=lambda: now)
    qtbot.addWidget(tab)
    steps: list[str] = []
    show_step = tab.step.setText
    tab.step.setText = lambda text: (steps.append(text), show_step(text))  # what it showed
    try:
        tab.generate()
        qtbot.waitUntil(lambda: tab.summary is not None, timeout=120_000)
        assert "Chargement d'Evidently" in steps and "Comparaison des distributions" in steps
        for step in steps:
            found += [f"drift step '{step}'" for _s, p in patterns if p.fullmatch(step)]
        found += english_in(tab, patterns, "drift (report shown)")
        assert "(formulaire, lot, API)" in tab.headline.text()
        assert re.search(r"PSI du score \d+,\d\d", tab.headline.text())
    finally:
        assert tab.shutdown(60_000)
        tab.close()
        log.close()

    assert not found, f"{len(found)} untranslated:\n" + "\n".join(sorted(set(found)))
