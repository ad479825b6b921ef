"""The command line in French: `LANG`/`LC_ALL` as POSIX weighs them, `PAD_LANGUAGE`, `--lang`;
the real entry point in a subprocess, and real drift and score runs in French."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pad_desktop.cli import main
from pad_desktop.cli import texts as cli_texts
from pad_desktop.texts import area
from pad_desktop.texts.locale_text import NNBSP

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "applicants_fr.csv"


@pytest.fixture(autouse=True)
def _forget_the_lang_option() -> Iterator[None]:
    """`main([..., "--lang", "fr"])` sets the process's language: the next test must not
    inherit it (a later test's `_report_crash` would speak French)."""
    yield
    cli_texts.set_language(None)


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
    assert len(area("cli")) > 50  # every entry is checked with the catalogue (test_catalogue)


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


def _score(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES")}
    clean.pop("PAD_LANGUAGE", None)
    out = tmp_path / "scored.csv"
    return subprocess.run(
        [sys.executable, "-m", "pad_desktop", "score", str(EXAMPLE), "-o", str(out), "--no-log",
         *args],
        capture_output=True, text=True, env={**clean, **env}, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "env"), [(("--lang", "fr"), {}), ((), {"LANG": "fr_FR.UTF-8"})], ids=["lang", "LANG"]
)
def test_score_summary_and_row_errors_in_french(
    args: tuple[str, ...], env: dict[str, str], tmp_path: Path
) -> None:
    done = _score(tmp_path, *args, **env)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    summary, *files = done.stdout.splitlines()
    assert re.fullmatch(
        r"40 lignes : 37 évaluées \(20 accordées, 17 refusées\), 3 en erreur, \d+,\d s", summary
    )
    assert files == [  # paths verbatim
        f"résultats : {tmp_path / 'scored.csv'}",
        f"erreurs :   {tmp_path / 'scored.errors.csv'}",
    ]
    err = done.stderr
    assert "lu comme : UTF-8 avec BOM, séparateur point-virgule" in err
    assert "essai à blanc : rien n'a été enregistré ; ces scores ne sont pas des décisions." in err
    assert "  ligne 5 : Montant du crédit : « douze mille » n'est pas un nombre." in err
    assert "  ligne 7 : Âge : 12 est inférieur au minimum de 18 ans." in err
    assert "  ligne 10 : Objet du crédit : « holidays » n'est pas une valeur acceptée." in err
    assert "read as" not in err and "line " not in err and "rows" not in done.stdout
    errors = (tmp_path / "scored.errors.csv").read_text(encoding="utf-8-sig")
    assert "n'est pas un nombre" in errors  # the errors file speaks French too


def test_score_summary_stays_english_in_english(tmp_path: Path) -> None:
    done = _score(tmp_path, LC_ALL="C.UTF-8", LANG="fr_FR.UTF-8")  # LC_ALL wins
    assert done.returncode == 0 and "Traceback" not in done.stderr
    assert done.stdout.startswith("40 rows: 37 scored (20 approved, 17 refused), 3 with errors, ")
    assert f"results: {tmp_path / 'scored.csv'}\nerrors:  " in done.stdout
    assert "read as: UTF-8 with BOM, semicolon-separated" in done.stderr
    assert "dry run: nothing was recorded; these scores are not decisions." in done.stderr
    assert "  line 5: Credit amount: 'douze mille' is not a number." in done.stderr
    english = _score(tmp_path, "--lang", "en", LANG="fr_FR.UTF-8")
    assert english.stdout.startswith("40 rows: 37 scored (20 approved, 17 refused)")


def test_score_refusals_in_french(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(tmp_path / "absent.csv"), "--lang", "fr"]) == 2
    assert capsys.readouterr().err == f"erreur : {tmp_path / 'absent.csv'} n'existe pas.\n"
    header_only = tmp_path / "header.csv"
    header_only.write_text(EXAMPLE.read_text(encoding="utf-8-sig").splitlines()[0] + "\n")
    code = main(
        ["score", str(header_only), "--no-log", "-o", str(tmp_path / "o.csv"), "--lang", "fr"]
    )
    assert code == 1
    printed = capsys.readouterr()
    assert printed.out.startswith("0 lignes : 0 évaluées (0 accordées, 0 refusées), 0 en erreur")
    assert printed.err.splitlines()[-1] == (
        f"erreur : aucune demande dans {header_only} : le fichier n'a qu'une ligne d'en-tête, "
        "sans aucune ligne de données."
    )
