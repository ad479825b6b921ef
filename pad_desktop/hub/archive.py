"""Unpack a verified bundle archive (the original service's single-file repos) safely.

Only folders and regular files are accepted: a member that is a link (symbolic or hard), a
device, or whose name is unsafe (absolute, `..`, drive letter, backslash, NUL) refuses the whole
archive. A relative link may resolve inside the staging folder yet point elsewhere once the
bundle is moved into the store, so links are refused outright rather than checked.
The bundle is the one folder of the archive that holds an `MLmodel`.
"""

from __future__ import annotations

import shutil
import tarfile
import zipfile
from pathlib import Path

from pad_desktop.hub.errors import VerificationError
from pad_desktop.hub.safe_paths import unsafe_reason
from pad_desktop.hub.texts import phrase

MAX_UNPACKED_BYTES = 2 * 1024**3  # an archive that unpacks to more is not a credit model


def unpack_bundle(archive: Path, dest: Path) -> Path:
    """Unpack `archive` into `dest` and return the folder inside it that holds the bundle."""
    dest.mkdir(parents=True, exist_ok=True)
    name = archive.name.lower()
    try:
        if name.endswith(".zip"):
            _unzip(archive, dest)
        else:
            with tarfile.open(archive) as tar:
                members = tar.getmembers()
                for member in members:
                    _check_member(archive, member.name, member.isfile() or member.isdir())
                total = sum(m.size for m in members)
                if total > MAX_UNPACKED_BYTES:
                    raise VerificationError("archive_too_large", archive=archive.name, total=total)
                tar.extractall(dest, members, filter="data")  # and the stdlib's own checks
    except (zipfile.BadZipFile, tarfile.TarError, OSError) as exc:
        raise VerificationError("archive_unreadable", archive=archive.name, error=exc) from None
    found = sorted(p.parent for p in dest.rglob("MLmodel"))
    if len(found) != 1:
        raise VerificationError("archive_models", archive=archive.name, count=len(found))
    return found[0]


def _unzip(archive: Path, dest: Path) -> None:
    with zipfile.ZipFile(archive) as zf:
        members = zf.infolist()
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise VerificationError("archive_over_2gb", archive=archive.name)
        for member in members:
            kind = (member.external_attr >> 16) & 0o170000
            _check_member(archive, member.filename, kind in (0, 0o100000, 0o040000))
        for member in members:
            if member.is_dir():
                continue
            target = dest.joinpath(*member.filename.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(member) as src, target.open("wb") as out:
                shutil.copyfileobj(src, out)


def _check_member(archive: Path, name: str, plain: bool) -> None:
    """Refuse a member that is not a plain file or folder, or whose name is unsafe."""
    relative = name.removeprefix("./")
    if relative in ("", ".", "./"):  # the archive's own root folder (`tar -C bundle .`)
        relative = "root"
    reason = unsafe_reason(relative) or (None if plain else phrase("reason_link"))
    if reason is not None:
        raise VerificationError(
            "archive_unsafe", archive=archive.name, name=repr(name), reason=reason
        )
