"""The build's smaller ICU data (buildtools/icu_data.py, used by build.spec): Qt Core, run on it,
answers in English and French exactly as on PySide6's full library, and keeps every codec;
another locale's zone names fall back to ICU's root (English) ones."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from buildtools import icu_data

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or not (shutil.which("gcc") and shutil.which("nm")),
    reason="the ICU subset is built on Linux, with gcc and nm",
)

# What Qt Core asks ICU's data for: collation (fr_CA sorts accents from the word's end), case
# mapping, time zone names, the legacy codecs.
PROBE = r"""
import functools, json
from PySide6.QtCore import QCollator, QLocale, QStringConverter, QStringDecoder, QTimeZone
words = ["côte", "cote", "coté", "côté", "Zèbre", "zebra", "Œuvre", "oeuvre", "Éa", "ea", "a9"]
out = {"codecs": sorted(QStringConverter.availableCodecs())}
for enc in ("ISO-8859-15", "windows-1252", "IBM850", "Shift_JIS", "GB18030", "KOI8-R"):
    out[enc] = QStringDecoder(enc).isValid()
for name in ("fr_FR", "fr_CA", "en_US", "en_GB", "C", "de_DE"):
    locale = QLocale(name)
    collator = QCollator(locale)
    out["sort " + name] = sorted(words, key=functools.cmp_to_key(collator.compare))
    out["upper " + name] = locale.toUpper("straße, œuvre, é")
    zone = QTimeZone(b"Europe/Paris")
    out["zone " + name] = zone.displayName(
        QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, locale
    )
print(json.dumps(out, ensure_ascii=False))
"""


def _full_library() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 ships no ICU data library")
    return found[0]


def _probe(preload: Path) -> dict:
    env = {**os.environ, "LD_PRELOAD": str(preload), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def libraries(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    full = _full_library()
    subset = icu_data.subset_library(full, tmp_path_factory.mktemp("icu"))
    assert subset is not None, "the library is not laid out as expected"
    return full, subset


def test_only_english_and_french_locale_bundles_are_left(libraries: tuple[Path, Path]) -> None:
    full, subset = libraries
    before = {name.split("/", 1)[1] for name, _ in _items(full)}
    after = {name.split("/", 1)[1] for name, _ in _items(subset)}
    assert after < before
    assert subset.stat().st_size < full.stat().st_size / 2
    for kept in ("root.res", "pool.res", "fr.res", "fr_CA.res", "en_GB.res", "coll/fr_CA.res"):
        assert kept in after
    for kept in ("cnvalias.icu", "coll/ucadata.icu", "zoneinfo64.res", "supplementalData.res"):
        assert kept in after  # not locale bundles: all stay
    assert not any(name.endswith(("de.res", "ja.res", "sv_SE.res")) for name in after)
    assert {n for n in before - after if not icu_data.LOCALE_BUNDLE.fullmatch(n)} == set()


def _items(library: Path) -> list[tuple[str, bytes]]:
    located = icu_data.data_symbol(library)
    assert located is not None
    _, at, size = located
    return icu_data.items(library.read_bytes()[at : at + size])[1]


def test_qt_answers_in_english_and_french_as_on_the_full_data(
    libraries: tuple[Path, Path],
) -> None:
    full, subset = libraries
    before, after = _probe(full), _probe(subset)
    same = [key for key in before if "de_DE" not in key]
    assert {key: after[key] for key in same} == {key: before[key] for key in same}
    assert all(after[enc] for enc in ("ISO-8859-15", "Shift_JIS", "GB18030", "KOI8-R"))
    assert "Europe centrale" in after["zone fr_FR"]
    # German is not in the build: its zone name falls back to the root (English) one.
    assert before["zone de_DE"] != after["zone de_DE"] == after["zone en_US"]
