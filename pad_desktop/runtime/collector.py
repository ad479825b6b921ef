"""Python's cyclic garbage collector, held off while the window starts.

Until the form is usable the start creates mostly what lives as long as the process (modules,
classes, Qt wrappers): the collector's passes over it cost 13-18 ms of the start here (about 100
young and 9 middle-generation passes), on the thread that holds the GIL, so on the way to the
form. The cycles the start leaves (~28k objects) wait for its first pass after the form;
reference counting frees everything else as before. `pause` stops it only if it was running,
`resume` restarts it only if `pause` stopped it (a caller that disabled it keeps it disabled).
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
