"""GUI fixtures: a real main window on the shipped model and a real decision log (SQLite in the
test's PAD_DATA_DIR), QSettings in a temporary folder, and a check that no test leaves a worker,
a thread, a process or a timer running (as napari's conftest does).
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
import time
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

OFFICER = "test-officer"
READY_TIMEOUT_MS = 30_000


@pytest.fixture(autouse=True)
def gui_isolation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Own QSettings folder and officer per test; no keyring reaches the real user's."""
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings")
    )
    for var in ("PAD_OFFICER", "PAD_LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("PAD_OFFICER", OFFICER)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    # keyring keeps the backend it chose first in the process: set the failing one explicitly.
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    from pad_desktop.runtime.settings import get_settings

    get_settings.cache_clear()
    yield tmp_path / "qsettings"
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def no_leaks(monkeypatch: pytest.MonkeyPatch):
    """Fail a test that leaves a task, a Python thread, or a QTimer it created running."""
    timers: list[weakref.ref] = []
    original_init = QTimer.__init__

    def tracking_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        timers.append(weakref.ref(self))

    monkeypatch.setattr(QTimer, "__init__", tracking_init)
    before = set(threading.enumerate())
    yield
    from pad_desktop.gui.workers import RUNNERS

    busy = [r for r in list(RUNNERS) if _alive(r) and (r.active or r.pool.activeThreadCount())]
    deadline = time.monotonic() + 10.0  # a poll: generous so a loaded machine is not a leak
    extra, children = [], []
    while time.monotonic() < deadline:
        extra = [
            t
            for t in threading.enumerate()
            if t not in before and t.is_alive() and not isinstance(t, threading._DummyThread)
        ]
        children = multiprocessing.active_children()  # the batch tab's processes
        if not extra and not children:
            break
        time.sleep(0.05)
    running = []
    for ref in timers:
        timer = ref()
        if timer is not None and _alive(timer) and timer.isActive():
            running.append(timer)
    assert not busy, f"task runners still busy after the test: {busy}"
    assert not extra, f"threads left running: {[t.name for t in extra]}"
    assert not children, f"processes left running: {[p.name for p in children]}"
    assert not running, f"QTimers left running: {[t.objectName() or t for t in running]}"


def _alive(obj) -> bool:
    from shiboken6 import isValid

    return isValid(obj)


@pytest.fixture
def officer() -> str:
    return OFFICER


@pytest.fixture
def make_window(qtbot):
    """Build main windows that are ready (model loaded, log open, form built); closed after."""
    from pad_desktop.gui.main_window import MainWindow

    windows = []

    def make(model_path: str | None = None):
        window = MainWindow(model_path)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.sig_ready, timeout=READY_TIMEOUT_MS):
            window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        if _alive(window):
            window.close()


@pytest.fixture
def window(make_window):
    w = make_window()
    w.tabs.setCurrentWidget(w.form)
    return w


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database migrated to head, dropped after the test."""
    from tests.decisions.helpers import PG_ADMIN_URL, create_database, drop_database

    url = create_database(PG_ADMIN_URL)
    yield url
    drop_database(PG_ADMIN_URL, url)
