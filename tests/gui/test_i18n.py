"""Every visible string has a French translation, and the French catalogue loads."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale

from pad_desktop.gui.i18n import install_translators, pick_language, translations_dir

ROOT = Path(__file__).resolve().parents[2]


def test_the_french_catalogue_covers_every_string_of_the_gui(tmp_path: Path):
    catalogue = tmp_path / "fr.ts"
    shutil.copy(translations_dir() / "pad_desktop_fr.ts", catalogue)
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    sources = sorted(str(p) for p in (ROOT / "pad_desktop" / "gui").glob("*.py"))
    subprocess.run(
        [str(lupdate), *sources, "-ts", str(catalogue), "-no-obsolete", "-silent"],
        check=True,
        capture_output=True,
    )
    untranslated = [
        f"{ctx.findtext('name')}: {m.findtext('source')}"
        for ctx in ET.parse(catalogue).getroot()
        for m in ctx.iter("message")
        if m.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
    ]
    assert not untranslated, "run lupdate and translate:\n" + "\n".join(untranslated)
    assert len(list(ET.parse(catalogue).getroot().iter("message"))) > 150


def test_french_is_chosen_and_translates_the_window(qapp, make_window):
    assert pick_language("fr") == "fr"
    assert pick_language("de") in ("en", "fr")  # unknown: the system's if shipped, else English
    translators = install_translators(qapp, "fr")
    try:
        assert len(translators) == 2  # ours and Qt's own (standard buttons)
        assert QCoreApplication.translate("FormTab", "Score") == "Évaluer"
        assert QCoreApplication.translate("MainWindow", "%n record(s) waiting", "", 3) == (
            "3 enregistrements en attente"
        )
        window = make_window()
        assert window.tabs.tabText(0) == "Demandeur"
        assert window.form.score_button.text() == "Évaluer"
        # Field labels come from the bundle's French descriptions.
        assert window.form.rows["credit_amount"].label.text() == "Montant du crédit (DM)"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
        QLocale.setDefault(QLocale(QLocale.Language.English))
