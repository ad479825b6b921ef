"""A working day of Qt calls must not wear out the interpreter.

PySide6 6.12.0's wheels drop a reference to None on every void Qt call and to True on every
`Signal.emit` under CPython 3.11 (they assume 3.12's immortal objects), and the app aborts with
"deallocating None" after a few thousand calls; pyproject.toml pins 6.11 for that reason. This
test guards the pin: it fails on any PySide6 build that leaks those references again.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROGRAM = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication, QLabel
    app = QApplication([])
    class Emitter(QObject):
        sig = Signal(object)
    emitter, label = Emitter(), QLabel()
    emitter.sig.connect(lambda _x: None)
    before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(200_000):
        label.setText("x")
        emitter.sig.emit(i)
    after = sys.getrefcount(None), sys.getrefcount(True)
    print("lost", before[0] - after[0], before[1] - after[1])
    """
)


def test_two_hundred_thousand_calls_and_emits_lose_no_reference() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lost_none, lost_true = (int(x) for x in done.stdout.split()[1:])
    assert abs(lost_none) < 100 and abs(lost_true) < 100, done.stdout
