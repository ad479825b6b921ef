"""PySide's import probe, answered from the file's bytes.

Once PySide6 is imported, every `import` statement goes through its hook (PYSIDE-1019, the
`__feature__` switches), which asks of each newly imported module whether its source mentions
"PySide6" (`shibokensupport.feature._mod_uses_pyside`), with `inspect.getsource`: each module's
source is read, decoded, split into lines and kept in `linecache`. That took ~45 ms of the
window's start here (numpy, ONNX Runtime and our ~200 modules). `install` keeps the question
and its answer and changes only how the file is read: the module's `.py` file, searched in
bytes. Anything else (no file, not a `.py`, unreadable) goes to PySide's own probe as before.
The app selects no `__feature__`, so the answer changes nothing it runs either way;
`tests/gui/test_window_start.py` checks that both probes answer alike on every loaded module.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

_MARK = "_pad_desktop_bytes_probe"


def bytes_probe(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    """`original`'s answer for `module`, from its `.py` file's bytes when it has one."""

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as handle:
                    return b"PySide6" in handle.read()
            except OSError:
                pass
        return original(module)

    setattr(uses_pyside, _MARK, original)
    return uses_pyside


def install() -> bool:
    """Answer PySide's probe from the files' bytes from now on (once PySide6 is imported; a
    PySide without this probe is left alone). True when it is in place."""
    feature: Any = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or not callable(original):
        return False
    if not hasattr(original, _MARK):
        feature._mod_uses_pyside = bytes_probe(original)
    return True
