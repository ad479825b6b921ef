"""What an installed version must hold, byte for byte, checked after the final move.

Downloads are verified as they stream, but the bytes that get loaded are those in the store
after the rename; a staged folder could hold a link that resolves elsewhere once moved, or be
changed between the check and the move. So the installed folder is checked again: only regular
files (no links, no devices), exactly the expected names, each with the expected digest.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pad_desktop.hub.errors import VerificationError
from pad_desktop.hub.texts import Phrase, phrase
from pad_desktop.hub.transfer import RemoteFile

READ_BYTES = 1 << 20


@dataclass(frozen=True)
class Expected:
    """One file's size and digest, and how to compute that digest."""

    size: int
    hexdigest: str
    hasher: Callable[[], Any]
    source: Phrase  # which digest this is, for messages

    @classmethod
    def of_remote(cls, remote: RemoteFile) -> Expected:
        return cls(remote.size, remote.lfs_sha256 or remote.blob_sha1, remote.hasher,
                   remote.expected_phrase)  # fmt: skip


Manifest = dict[str, Expected]  # bundle-relative POSIX path -> what it must be


def manifest_of(folder: Path) -> Manifest:
    """sha256 of every regular file of `folder` (an unpacked, verified archive)."""
    manifest: Manifest = {}
    for name, path in _regular_files(folder):
        digest = _hash(path, hashlib.sha256())
        manifest[name] = Expected(
            path.stat().st_size, digest, hashlib.sha256, phrase("unpacked_archive")
        )
    return manifest


def check_installed(folder: Path, manifest: Manifest) -> None:
    """`VerificationError` unless `folder` holds exactly `manifest`'s files with their digests."""
    found = dict(_regular_files(folder))
    missing = sorted(set(manifest) - set(found))
    extra = sorted(set(found) - set(manifest))
    if missing or extra:
        none = phrase("none_files")
        raise VerificationError(
            "installed_differs", missing=", ".join(missing) or none, extra=", ".join(extra) or none
        )
    for name, expected in manifest.items():
        path = found[name]
        same_size = path.stat().st_size == expected.size
        if not same_size or _hash(path, expected.hasher()) != expected.hexdigest:
            raise VerificationError("installed_mismatch", name=name, source=expected.source)


def _regular_files(folder: Path) -> list[tuple[str, Path]]:
    """Every file under `folder`; `VerificationError` at the first link or special file."""
    files: list[tuple[str, Path]] = []
    for root, dirs, names in os.walk(folder, followlinks=False):
        for name in [*dirs, *names]:
            path = Path(root, name)
            mode = path.lstat().st_mode
            relative = path.relative_to(folder).as_posix()
            if stat.S_ISLNK(mode) or not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                raise VerificationError("bundle_link", path=repr(relative))
            if stat.S_ISREG(mode):
                files.append((relative, path))
    return files


def _hash(path: Path, digest: Any) -> str:
    """Hex digest of the file; git blob hashers already hold their `blob <size>\\0` header."""
    with path.open("rb") as src:
        while chunk := src.read(READ_BYTES):
            digest.update(chunk)
    return digest.hexdigest()
