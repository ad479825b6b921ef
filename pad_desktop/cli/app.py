"""`pad-desktop` without a command: the desktop application, or `--selftest` for packaging.

Both live in `pad_desktop.gui`; this module only dispatches, so the CLI imports no Qt.
"""

from __future__ import annotations

import argparse


def run_app(args: argparse.Namespace) -> int:
    model = getattr(args, "model", None)
    if getattr(args, "selftest", False):
        from pad_desktop.gui.selftest import selftest

        return selftest(model)
    from pad_desktop.runtime import collector

    collector.pause()  # until the form is usable (`window_start`): before Qt's imports
    from pad_desktop.gui.app import run

    return run(model)
