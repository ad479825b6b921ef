"""Conventions IT expects of an installed app: `--version`, a console-less window entry point,
progress with the time left on long commands, and the original bundles' `model.cb`."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from importlib.metadata import entry_points, version
from pathlib import Path

import pytest

from pad_desktop.cli import build_parser, main, opens_the_window
from pad_desktop.cli.progress import Progress
from pad_desktop.model.bundle import load_bundle
from pad_desktop.model.scoring import Scorer
from tests.foreign_model import EXAMPLE_PAYLOAD, build_original_service_bundle


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == f"pad-desktop {version('pad-desktop')}"


def test_the_window_has_a_gui_script() -> None:
    """On Windows a gui-script starts without a console window (pythonw's launcher)."""
    scripts = {e.name: e.value for e in entry_points(group="gui_scripts")}
    assert scripts["pad-desktop-gui"] == "pad_desktop.cli:main"


def test_progress_shows_the_step_and_the_time_left() -> None:
    out = io.StringIO()
    with Progress("work", file=out, delay=0) as progress:
        time.sleep(0.2)
        progress(0.5, "halfway")
        time.sleep(0.2)
        progress(0.75, "almost")
    text = out.getvalue()
    assert "work:  50%" in text and "halfway" in text and "almost" in text
    assert "left" in text and "<00:00" in text  # elapsed<remaining, once the pace is known


def test_quick_commands_print_no_bar() -> None:
    out = io.StringIO()
    with Progress("quick", file=out) as progress:
        progress(1.0, "done")
    assert out.getvalue() == ""


def test_train_reports_progress_and_its_registry_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    uri = f"sqlite:///{tmp_path / 'mlflow.db'}"
    args = ["train", "-o", str(tmp_path / "b"), "--iterations", "25", "--tracking-uri", uri]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "training:" in captured.err and "left" in captured.err
    # The bar shows once training has taken a second; it names the step it is at by then.
    steps = (
        "cross-validating the threshold", "fitting the final model", "exporting to ONNX",
        "logging to MLflow", "registering the model", "writing the bundle", "done",
    )  # fmt: skip
    assert any(step in captured.err for step in steps)
    assert "registered pad_desktop-german-credit version 1" in captured.out


def test_optimize_accepts_the_original_services_model_cb(tmp_path: Path) -> None:
    bundle = build_original_service_bundle(tmp_path / "exported_model")
    (bundle / "catboost.cbm").rename(bundle / "model.cb")  # the original service's name
    assert load_bundle(bundle).catboost_path == bundle / "model.cb"
    out = tmp_path / "optimized"
    assert main(["model", "optimize", str(bundle), "-o", str(out)]) == 0
    assert load_bundle(out).graph == "dense"
    before = Scorer.from_path(str(bundle)).score(EXAMPLE_PAYLOAD).probability
    after = Scorer.from_path(str(out)).score(EXAMPLE_PAYLOAD).probability
    assert after == pytest.approx(before, abs=1e-6)


@pytest.mark.parametrize(
    "argv", [[], ["--lang", "fr"], ["--model", "/x/bundle", "--lang=en"], ["--selftest"]]
)
def test_a_start_without_a_command_parses_as_the_whole_command_line(argv: list[str]) -> None:
    """The window's start skips the commands' parsers; what it reads must not differ."""
    assert opens_the_window(argv)
    window_only = build_parser(commands=False).parse_args(argv)
    assert vars(window_only) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["score", "x.csv"],
        ["--help"],
        ["--version"],
        ["--model"],
        ["--mod", "x"],
        ["scroe"],
        ["--lang", "fr", "drift"],
    ],
)
def test_anything_else_goes_to_the_whole_command_line(argv: list[str]) -> None:
    assert not opens_the_window(argv)


def test_the_window_s_parser_imports_no_command() -> None:
    code = (
        "import sys; from pad_desktop.cli import build_parser; "
        "build_parser(commands=False).parse_args([]); "
        "print(sorted(m for m in sys.modules if m.startswith('pad_desktop.cli.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
