"""What a drift run compares unless told otherwise, and how decision sources are named.

Light on purpose: the command line's parser reads these for its defaults and help, at every
start of `pad-desktop` (the window's too), while the measures need numpy and pandas.
"""

from __future__ import annotations

from pad_desktop.decisions.records import Source
from pad_desktop.texts import Worded

DEFAULT_DAYS = 30
DEFAULT_THRESHOLD = 0.5
MIN_ROWS = 30  # fewer decisions than this make the statistical tests meaningless
DEFAULT_SOURCES = (Source.FORM, Source.BATCH, Source.API)


class DriftError(Worded, Exception):
    """Drift cannot be measured; the sentence (`drift.*`) says why, in words an officer or IT
    can act on."""


def parse_sources(text: str) -> tuple[Source, ...]:
    """`form,batch` -> the sources, in the order given; an unknown name is a `DriftError`."""
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    known = [str(s) for s in Source]
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise DriftError("drift.bad_sources", text=text, known=", ".join(known))
    return tuple(dict.fromkeys(Source(n) for n in names))
