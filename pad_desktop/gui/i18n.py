"""Which language the window speaks: the system locale, unless Preferences chose one.

English is the source language; `resources/translations/pad_desktop_<lang>.qm` holds the others,
and Qt's own catalogue (`qtbase_<lang>.qm`, shipped with PySide6 and by the build) translates its
standard buttons and dialogs ("Cancel", "Show Details...", the file dialog).

Qt widget labels stay in Qt's `.ts`/`.qm` (Qt retranslates them on a language change and its own
dialogs read the same catalogues); every other sentence is the core catalogue's
(`pad_desktop.texts`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from pad_desktop.runtime.paths import resources_dir

LANGUAGES = {"en": "English", "fr": "Français"}


# Qt 6's file dialog texts that Qt's own French catalogue has not caught up with (it has
# "Look in:", Qt 6 asks for "&Look in:"): ours translates them, asked after Qt's.
QT_CATALOGUE_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
    # The file list's "Type" column (Qt 6 asks QAbstractFileIconProvider, Qt's French has them
    # under QFileDialog).
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Folder"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "Drive"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "File"),
    QT_TRANSLATE_NOOP("QAbstractFileIconProvider", "%1 File"),
)


def translations_dir():
    return resources_dir() / "translations"


def qt_translations_dirs() -> list[str]:
    """Where Qt's own catalogues are: Qt's configured folder, and PySide6's own (where the
    frozen build puts them, see `build.spec`)."""
    import PySide6

    configured = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    bundled = str(Path(PySide6.__file__).parent / "Qt" / "translations")
    return list(dict.fromkeys([configured, bundled]))


def pick_language(preferred: str | None) -> str:
    """`preferred` if we ship it, else the system locale's language if we ship it, else English."""
    if preferred in LANGUAGES:
        return str(preferred)
    system = QLocale.system().name().split("_")[0]
    return system if system in LANGUAGES else "en"


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Load our catalogue and Qt's for `language`; the translators must stay referenced."""
    installed: list[QTranslator] = []
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return installed
    ours = QTranslator(app)
    if ours.load(f"pad_desktop_{language}", str(translations_dir())):
        app.installTranslator(ours)
        installed.append(ours)
    for folder in qt_translations_dirs():
        qt = QTranslator(app)
        if qt.load(f"qtbase_{language}", folder):
            app.installTranslator(qt)
            installed.append(qt)
            break
    return installed


def switch_language(app: QApplication, language: str) -> None:
    """Replace the installed catalogues by `language`'s: Qt then sends every widget a
    LanguageChange event (the main window rebuilds its tabs on it)."""
    for translator in getattr(app, "_pad_translators", []):
        app.removeTranslator(translator)
    app._pad_translators = install_translators(app, language)  # keep them alive


def ui_language() -> str:
    """The language the window speaks now ("fr" or "en"): the core words its messages in it."""
    return "fr" if QLocale().language() == QLocale.Language.French else "en"


def ui_decimal() -> str:
    """The decimal mark the officer types: "," in the French UI (as French Excel), else "."."""
    return "," if ui_language() == "fr" else "."


# Numbers, shares and times as the officer's language writes them (pad_desktop.texts.locale_text
# is the one formatter; these only add the window's language).
def num(value: float, decimals: int | None = None) -> str:
    from pad_desktop.texts.locale_text import format_number

    return format_number(value, ui_language(), decimals)


def labelled(label: str, value: str) -> str:
    """'Label: value' as the window's language writes it."""
    from pad_desktop.texts.locale_text import labelled as core_labelled

    return core_labelled(label, value, ui_language())


def pct(fraction: float, decimals: int = 1) -> str:
    from pad_desktop.texts.locale_text import format_percent

    return format_percent(fraction, ui_language(), decimals)


def when(value, seconds: bool = False) -> str:
    """A time stamp in the computer's time zone: "2 déc. 2026 14:05"."""
    from pad_desktop.texts.locale_text import format_datetime

    return format_datetime(value.astimezone(), ui_language(), seconds)


def date_format() -> str:
    """The date edits' format in the officer's order (02/12/2026 in French), 4-digit years."""
    short = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    return short if "yyyy" in short else short.replace("yy", "yyyy")
