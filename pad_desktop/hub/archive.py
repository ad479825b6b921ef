"""Unpack a verified bundle archive (the original service's single-file repos) safely.

Members that would land outside the target folder (absolute paths, `..`, links) are refused;
the bundle is the one folder of the archive that holds an `MLmodel`.
"""

from __future__ import annotations

import shutil
import tarfile
import zipfile
from pathlib import Path, PurePosixPath

from pad_desktop.hub.errors import VerificationError

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
                total = sum(m.size for m in tar.getmembers())
                if total > MAX_UNPACKED_BYTES:
                    raise VerificationError(f"{archive.name} unpacks to {total:,} bytes: refused.")
                tar.extractall(dest, filter="data")  # refuses links out, absolute paths, devices
    except (zipfile.BadZipFile, tarfile.TarError, OSError) as exc:
        raise VerificationError(f"{archive.name} cannot be unpacked: {exc}") from None
    found = sorted(p.parent for p in dest.rglob("MLmodel"))
    if len(found) != 1:
        raise VerificationError(
            f"{archive.name} must hold exactly one MLflow model folder (found {len(found)})."
        )
    return found[0]


def _unzip(archive: Path, dest: Path) -> None:
    with zipfile.ZipFile(archive) as zf:
        members = zf.infolist()
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise VerificationError(f"{archive.name} unpacks to more than 2 GB: refused.")
        for member in members:
            path = PurePosixPath(member.filename)
            is_link = (member.external_attr >> 16) & 0o170000 == 0o120000
            if path.is_absolute() or ".." in path.parts or is_link:
                raise VerificationError(
                    f"{archive.name} contains an unsafe entry '{member.filename}': refused."
                )
            if member.is_dir():
                continue
            target = dest.joinpath(*path.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(member) as src, target.open("wb") as out:
                shutil.copyfileobj(src, out)
