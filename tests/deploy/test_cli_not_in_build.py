"""The standalone build leaves training and the MLflow registry out (build.spec's EXCLUDES): a
command that needs them says so in the run's language and exits 1, never an unexpected
failure (exit 3). The build is stood in for by `sys.frozen` and an import that finds neither
CatBoost nor MLflow, as in the built app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys
sys.frozen = True  # as in the PyInstaller build


class NotBuilt:  # build.spec excludes these packages
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("catboost", "mlflow"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, NotBuilt())
from pad_desktop.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "this build of pad-desktop does not include"), ("fr", "n'inclut pas")],
)
def test_train_in_the_build_says_training_is_not_included(
    tmp_path: Path, lang: str, said: str
) -> None:
    env = dict(os.environ, PAD_LANGUAGE=lang)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, "train", "-o", str(tmp_path / "b"), "--iterations", "2"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert said in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "data" / "logs" / "pad-desktop-errors.log").exists()
