"""Python's cyclic garbage collector, held off while the window starts.

Until the form is usable the start allocates hundreds of thousands of objects that live as long
as the process (modules, classes, Qt wrappers) and frees few cycles; the collector's passes over
them cost ~15 ms of the start here (about 100 young and 9 middle-generation passes), on the
one thread that holds the GIL, so on the way to the form. `pause` stops it only if it was
running, `resume` restarts it only if `pause` stopped it (a caller that disabled it keeps it
disabled). Reference counting frees everything else as before.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Stop the cyclic collector until `resume` (nothing if it is not running)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Restart the collector if `pause` stopped it; safe to call more than once."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()


def paused() -> bool:
    """Whether `pause` holds the collector off now."""
    return _paused
