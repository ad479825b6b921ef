"""The loan officer's workstation (PySide6): a thin adapter over the core.

Widgets call core functions on worker threads (`workers.TaskRunner`); nothing in here holds
business rules.

Importing this package first makes None, True and False unkillable. The PySide6 wheel we run
(6.12.0) treats them as immortal, as CPython 3.12 does: every void Qt call drops a reference
to None and every `Signal.emit` one to True. On CPython 3.11 they are ordinary objects, so
after a few thousand calls their count reaches zero and the interpreter aborts ("deallocating
None"). We give them a count no session can exhaust, which is what 3.12 does by design
(`tests/gui/test_singletons.py` reproduces the problem).
"""

from __future__ import annotations

import ctypes
import sys

_UNKILLABLE = 1 << 40


def _immortalise_singletons() -> None:
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False, NotImplemented, Ellipsis):
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < _UNKILLABLE:
            count.value += _UNKILLABLE


_immortalise_singletons()
