"""Names that come from the network (a Hub's tree listing, an archive's members) as safe paths.

A name is accepted only as a plain relative POSIX path of ordinary parts: no absolute path, no
`..` or `.` part, no drive letter, no backslash, no NUL or other control character. Even then
the joined path must resolve inside its folder (a folder already holding a link would not).
Any bad name refuses the whole update: a listing with one hostile entry is not trusted at all.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from pad_desktop.hub.errors import VerificationError
from pad_desktop.hub.texts import Phrase, phrase

_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def unsafe_reason(name: str) -> Phrase | None:
    """Why `name` is not a safe relative path, or None when it is one."""
    if not name:
        return phrase("reason_empty")
    if _CONTROL.search(name):
        return phrase("reason_control")
    if "\\" in name:
        return phrase("reason_backslash")
    if _DRIVE.match(name):
        return phrase("reason_drive")
    if name.startswith("/"):
        return phrase("reason_absolute")
    parts = name.split("/")
    if any(part in ("..", ".") for part in parts):
        return phrase("reason_dots")
    if any(part == "" for part in parts[:-1]):  # `a//b`; a trailing `/` only marks a folder
        return phrase("reason_empty_part")
    return None


def checked_name(name: str, where: str | Phrase) -> PurePosixPath:
    """`name` as a relative path; `VerificationError` naming `where` it came from otherwise."""
    reason = unsafe_reason(name)
    if reason is not None:
        raise VerificationError("unsafe_name", where=where, name=repr(name), reason=reason)
    return PurePosixPath(name)


def inside(root: Path, name: str, where: str | Phrase) -> Path:
    """The path of `name` under `root`, refused unless it resolves inside `root`."""
    relative = checked_name(name, where)
    target = root.joinpath(*relative.parts)
    base = root.resolve()
    if not target.resolve().is_relative_to(base):
        raise VerificationError("outside_folder", where=where, name=repr(name))
    return target
