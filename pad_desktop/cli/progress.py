"""Progress on stderr for commands that take more than a second: a bar, the step, time left.

    with Progress("training") as progress:
        train(..., state=TaskState(on_progress=progress))

The bar appears only after `DELAY_S`, so quick commands print nothing extra; stdout keeps the
command's results alone (scripts read it).
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

DELAY_S = 1.0
STEPS = 1000  # resolution of the bar; fractions are rounded to it


class Progress:
    """A `TaskState` progress callback drawing one line: `label: 42%|████  | step 00:05<00:07 left`
    (tqdm's estimate of the time left from the pace so far)."""

    def __init__(self, label: str, file: TextIO | None = None, delay: float = DELAY_S) -> None:
        from tqdm import tqdm

        self.fraction = 0.0
        self.message = ""
        self._drawn = ""  # the step the bar last drew
        self._shown_from = time.monotonic() + delay
        self._bar = tqdm(
            total=STEPS,
            desc=label,
            file=file or sys.stderr,
            delay=delay,
            leave=False,
            dynamic_ncols=True,
            bar_format="{desc}: {percentage:3.0f}%|{bar:24}| {postfix} {elapsed}<{remaining} left",
        )

    def __call__(self, fraction: float, message: str = "") -> None:
        self.fraction = min(max(fraction, 0.0), 1.0)
        step = round(self.fraction * STEPS)
        self.message = message
        if message != self._drawn:
            # Once the bar shows, a step not drawn yet is drawn now (tqdm would skip a quick one,
            # and one that began before the bar appeared).
            shown = time.monotonic() >= self._shown_from
            self._bar.set_postfix_str(message, refresh=shown)
            if shown:
                self._drawn = message
        self._bar.update(max(step - self._bar.n, 0))

    def close(self) -> None:
        self._bar.close()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
