"""`pad-desktop score` on the files and options a user gets wrong: one sentence and exit 1 or 2
(README: 0 done, 1 failed, 2 bad usage, 3 unexpected failure), or the file scored."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "applicants_fr.csv"


def _score(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pad_desktop", "score", *args, "--no-log"],
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=timeout,
    )


def _refused(done: subprocess.CompletedProcess, code: int) -> str:
    """The one error line of a refused run."""
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr and "unexpected failure" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith(("error", "erreur"))]
    assert len(errors) == 1, done.stderr
    return errors[0]


def test_a_rerun_after_deleting_the_results_but_not_the_errors(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    assert _score(str(EXAMPLE), "-o", str(out)).returncode == 0
    out.unlink()  # r.errors.csv stays
    done = _score(str(EXAMPLE), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("40 rows: 37 scored")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read(tmp_path: Path, codec: str) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(EXAMPLE.read_text(encoding="utf-8-sig").encode(codec))
    done = _score(str(source), "-o", str(tmp_path / "r.csv"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("40 rows: 37 scored")
    assert f"read as: UTF-16 {codec[-2:].upper()}, semicolon-separated" in done.stderr


def test_a_bare_carriage_return_inside_a_cell(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    text = EXAMPLE.read_text(encoding="utf-8-sig").replace(";own;", ";o\rwn;", 1)
    source.write_bytes(text.encode("utf-8"))
    done = _score(str(source), "-o", str(tmp_path / "r.csv"))
    assert done.returncode == 0, done.stderr
    assert "  line 2: This line has 15 fields; the header has 19." in done.stderr


def test_results_to_a_folder(tmp_path: Path) -> None:
    line = _refused(_score(str(EXAMPLE), "-o", str(tmp_path)), 2)
    assert line == f"error: The results file {tmp_path} is a folder: give a file name."


def test_results_under_a_file(tmp_path: Path) -> None:
    target = EXAMPLE / "r.csv"
    line = _refused(_score(str(EXAMPLE), "-o", str(target), "--lang", "fr"), 2)
    assert line == (
        f"erreur : Le fichier de résultats {target} ne peut pas être créé : {EXAMPLE} n'est "
        "pas un dossier."
    )


def test_results_to_a_fifo_are_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "r.fifo"
    os.mkfifo(fifo)
    line = _refused(_score(str(EXAMPLE), "-o", str(fifo), timeout=60), 2)
    assert line == (
        f"error: The results file {fifo} is not a regular file (a pipe or a socket): give a "
        "file name."
    )


@pytest.mark.parametrize("rows", ["0", "-5"])
def test_chunk_rows_below_one(tmp_path: Path, rows: str) -> None:
    done = _score(str(EXAMPLE), "-o", str(tmp_path / "r.csv"), "--chunk-rows", rows)
    assert _refused(done, 2) == (
        f"error: --chunk-rows must be a whole number of rows, at least 1 (not {rows})."
    )
    assert not (tmp_path / "r.csv").exists()


def test_an_id_column_naming_no_column(tmp_path: Path) -> None:
    done = _score(str(EXAMPLE), "-o", str(tmp_path / "r.csv"), "--id-column", "dossier")
    assert _refused(done, 2).startswith(
        "error: The file has no column 'dossier' (--id-column); its columns are: applicant_id, "
    )


@pytest.mark.parametrize("column", ["score", "reason_1", "age_in_years"])
def test_an_id_column_that_would_overwrite_a_column(tmp_path: Path, column: str) -> None:
    source = tmp_path / "in.csv"
    header, *lines = EXAMPLE.read_text(encoding="utf-8-sig").splitlines()
    extra = "" if column == "age_in_years" else f";{column}"
    fill = "" if column == "age_in_years" else ";x"
    source.write_text("\n".join([header + extra, *(x + fill for x in lines)]) + "\n")
    done = _score(str(source), "-o", str(tmp_path / "r.csv"), "--id-column", column)
    assert _refused(done, 2).startswith(f"error: The id column cannot be '{column}': ")
    assert not (tmp_path / "r.csv").exists()
