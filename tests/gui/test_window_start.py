"""The window is usable before the heavy libraries load: the form needs none of pandas,
pyarrow, Alembic, psycopg or SQLAlchemy (seconds of imports on this machine); Batch and
History stand in as "Loading…" tabs until they are built, off the officer's way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "pandas",
    "pyarrow",
    "alembic",
    "psycopg",
    "sqlalchemy",
    "evidently",
    "mlflow",
    "dask",
    "distributed",
    "keyring",
    "pyqtgraph",
    "pydantic",
    "celpy",  # the policy is parsed with its grammar (policy.cel_parser), not its package
    # The form's fields come from the policy's outline; its rules are compiled on a worker
    # once the form is shown (Lark and its `regex`: ~0.1 s here).
    "lark",
    "regex",
    "pad_desktop.policy.cel_parser",
    "pad_desktop.gui.notice",  # the notice is printed after a decision, not before
    # the override dialog and the notice's texts it words come with the first override
    "pad_desktop.gui.override_dialog",
    "pad_desktop.service.notice",
    # The MLmodel's document comes from the window's copy of its last read, when the file has
    # not changed since (`bundle.read_mlmodel`): YAML is not imported (~12 ms).
    "yaml",
)

CHILD = """
import json, sys
import gc
from pad_desktop.runtime import collector
collector.pause()  # as `pad-desktop` does (`cli.app`), before Qt's imports
from PySide6.QtCore import QEventLoop, QSettings
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, sys.argv[1])
from pad_desktop.gui.app import create_application
app, prefs = create_application()
from pad_desktop.gui.main_window import MainWindow
w = MainWindow(None, prefs)
w.show()
seen = {}
def form_ready():
    seen["modules"] = sorted(sys.modules)
    seen["tabs"] = [w.tabs.tabText(i) for i in range(w.tabs.count())]
    seen["form_enabled"] = w.form is not None and w.service is not None
    probe = sys.modules["shibokensupport.feature"]._mod_uses_pyside
    seen["bytes_probe"] = hasattr(probe, "_pad_desktop_bytes_probe")
    seen["collecting"] = gc.isenabled()  # the collector, held off during the start, runs again
w.sig_form_ready.connect(form_ready)
w.sig_can_decide.connect(lambda: seen.setdefault("can_decide", w.log is not None
                                                and w.ws.scorer.verified
                                                and w.form.score_button.isEnabled()))
loop = QEventLoop(); w.sig_ready.connect(loop.quit); loop.exec()
seen["tabs_after"] = [w.tabs.tabText(i) for i in range(w.tabs.count())]
seen["batch_built"] = w.batch is not None and w.history is not None
print(json.dumps(seen))
w.close()
"""


def test_the_form_is_usable_before_pandas_sqlalchemy_orm_or_alembic_load(
    tmp_path: Path, policy_on: Path
) -> None:
    """With the shipped lending policy in use, as on a workstation: the form's policy inputs
    need the policy parsed, not cel-python's evaluator and its dependencies."""
    env = dict(os.environ, PAD_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    env.pop("DATABASE_URL", None)
    # A store already at the current schema and the model already read once, as on every
    # start after the first.
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from pad_desktop.decisions import DecisionLog;DecisionLog.open().close();"
            "from pad_desktop.runtime.settings import get_settings;"
            "from pad_desktop.service.workstation import Workstation;"
            "Workstation(get_settings()).load_model(None, check=False)",
        ],
        env=env,
        cwd=ROOT,
        check=True,
    )
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "qsettings")],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["form_enabled"]
    assert seen["can_decide"]  # then the bundle checked, the log open, Score enabled
    assert seen["bytes_probe"]  # PySide's import probe reads bytes (`gui.pyside_probe`)
    assert seen["collecting"]
    loaded = [m for m in HEAVY if m in seen["modules"]]
    assert loaded == [], f"imported before the form was usable: {loaded}"
    assert len(seen["tabs"]) >= 3  # Batch and History are there, as stand-ins
    assert seen["batch_built"] and seen["tabs_after"][:3] == seen["tabs"][:3]


# The start's worker jobs with Qt made unimportable: PySide6 creates its types and enums on
# first use, which is not thread-safe, so a worker that imports a module touching Qt races the
# UI thread's painting (pyqtgraph's import on a worker crashed about one start in eight).
WORKERS_WITHOUT_QT = """
import sys
for name in ("PySide6", "shiboken6", "pyqtgraph"):
    sys.modules[name] = None  # any import of them raises ImportError
from pad_desktop.gui import jobs
from pad_desktop.runtime.settings import get_settings
from pad_desktop.runtime.tasks import TaskState
from pad_desktop.service.workstation import Workstation
ws = Workstation(get_settings())
active, info = jobs.load_model(ws, None, state=TaskState())
jobs.open_log(ws, state=TaskState()).close()
names = jobs.load_later_tabs(state=TaskState())
assert info.sha256 in names, names
print("ok")
"""


def test_the_start_s_worker_jobs_import_nothing_that_touches_qt(tmp_path: Path) -> None:
    env = dict(os.environ, PAD_DATA_DIR=str(tmp_path / "data"))
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", WORKERS_WITHOUT_QT],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


# PySide's probe of each imported module ("does its source mention PySide6?"), answered from
# the file's bytes (`gui.pyside_probe`): the same answer as PySide's own, module by module.
SAME_PROBE = """
import sys
import PySide6.QtWidgets
from pad_desktop.gui import main_window, form_tab, batch_tab, history_tab, pyside_probe
import numpy, onnxruntime, pandas
feature = sys.modules["shibokensupport.feature"]
ours = feature._mod_uses_pyside
own = getattr(ours, "_pad_desktop_bytes_probe", ours)
modules = [m for m in list(sys.modules.values()) if m is not None]
differ = [m.__name__ for m in modules if bool(ours(m)) != bool(own(m))]
print(len(modules), sum(bool(ours(m)) for m in modules), differ)
"""


def test_the_bytes_probe_answers_as_pyside_s_own_on_every_module() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SAME_PROBE],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    count, using, differ = done.stdout.strip().rsplit("\n", 1)[-1].split(" ", 2)
    assert differ == "[]" and int(count) > 500 and int(using) > 30, done.stdout
