"""The window's start holds the cyclic collector off (`runtime.collector`): it restarts only
what it stopped, so a caller that disabled the collector itself keeps it disabled."""

from __future__ import annotations

import gc

from pad_desktop.runtime import collector


def test_resume_restarts_only_what_pause_stopped() -> None:
    was_enabled = gc.isenabled()
    try:
        gc.enable()
        collector.pause()
        assert not gc.isenabled()
        collector.resume()
        assert gc.isenabled()
        collector.resume()  # a second resume (the form, then a failed load) changes nothing
        assert gc.isenabled()
        gc.disable()  # someone else's choice: neither pause nor resume undoes it
        collector.pause()
        collector.resume()
        assert not gc.isenabled()
    finally:
        if was_enabled:
            gc.enable()
        else:
            gc.disable()
