"""The command line in French: `LANG`/`LC_ALL` as POSIX weighs them, `PAD_LANGUAGE`, `--lang`;
the real entry point in a subprocess, and a real drift run in French."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pad_desktop.cli import main
from pad_desktop.cli import texts as cli_texts
from pad_desktop.locale_text import NNBSP


def _drift_without_decisions(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES")}
    return subprocess.run(
        [sys.executable, "-m", "pad_desktop", "drift", "-q", "-o", str(tmp_path / "r.html")],
        capture_output=True, text=True, env={**clean, **env}, timeout=120,
    )  # fmt: skip


def test_a_french_locale_gets_french_messages(tmp_path: Path) -> None:
    done = _drift_without_decisions(tmp_path, LANG="fr_FR.UTF-8")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    last = done.stderr.splitlines()[-1]
    assert last.startswith("erreur : Seulement 0 décisions de German Credit CatBoost")
    assert "(formulaire, lot, API)" in last and "Choisissez une période plus longue" in last

    english = _drift_without_decisions(tmp_path, LC_ALL="C.UTF-8", LANG="fr_FR.UTF-8")
    assert english.stderr.splitlines()[-1].startswith("error: Only 0 decisions")  # LC_ALL wins
    forced = _drift_without_decisions(tmp_path, LANG="fr_FR.UTF-8", PAD_LANGUAGE="en")
    assert forced.stderr.splitlines()[-1].startswith("error: Only 0 decisions")


@pytest.mark.parametrize("where", ["before", "after"])
def test_lang_option_before_or_after_the_command(
    where: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    args = ["simulate", "--drift", "0.1", "--n", "40", "--seed", "1"]
    args = ["--lang", "fr", *args] if where == "before" else [*args, "--lang", "fr"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert re.match(r"40 décisions simulées enregistrées pour German Credit CatBoost", out)
    assert "dérive 0,1" in out and " accordées, " in out
    assert main(["simulate", "--n", "40", "--seed", "1"]) == 0  # the next run: the locale again
    assert "40 simulated decisions logged" in capsys.readouterr().out


def test_drift_report_in_french(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert main(["simulate", "--n", "1000", "--drift", "0.8", "--seed", "12", "--days", "7"]) == 0
    capsys.readouterr()
    code = main(["drift", "--source", "simulation", "--since", "2000-01-01"])
    assert code == 1
    printed = capsys.readouterr()
    assert printed.out.startswith("DÉRIVE : ")
    assert f"sur 1{NNBSP}000 décisions (simulation)" in printed.out
    assert "rapport :  " in printed.out and "significative" in printed.out
    assert "semaine " in printed.out and "seuil 0,05" in printed.out
    assert "Comparaison des distributions" in printed.err
    assert printed.err.splitlines()[-1].endswith("Terminé")


def test_every_cli_text_has_a_french_text() -> None:
    en, fr = cli_texts.CLI_TEXTS["en"], cli_texts.CLI_TEXTS["fr"]
    assert en.keys() == fr.keys()
    for key, text in en.items():
        assert fr[key].strip(), key
        assert fr[key] != text or text in cli_texts.SAME_IN_FRENCH, key
        assert set(re.findall(r"{\w+}", text)) == set(re.findall(r"{\w+}", fr[key])), key


def test_db_commands_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "fr", "db", "status"]) == 1  # a fresh embedded store: behind
    out = capsys.readouterr().out
    assert ": révision aucune, cette application demande " in out
    assert "(en retard : lancez `pad-desktop db upgrade`)" in out
    assert main(["db", "upgrade", "--lang", "fr"]) == 0
    assert "(à jour)" in capsys.readouterr().out
    assert main(["db", "verify", "--lang", "fr"]) == 0
    assert "0 enregistrement(s) chaîné(s) dans 0 flux ; intacte" in capsys.readouterr().out
    assert main(["db", "redeliver", "--lang", "fr"]) == 0
    assert capsys.readouterr().out.startswith("La base intégrée refuse les enregistrements")
