"""Download one file of a pinned commit and prove it is the one the Hub advertises.

The Hub's tree listing gives, for every file, its git blob id (sha1 of `blob <size>\\0<bytes>`)
and, for LFS files, the sha256 of the content. We hash while streaming and compare both size
and digest: `huggingface_hub` itself only checks sizes, which a same-size corruption passes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pad_desktop.hub.client import HubClient
from pad_desktop.hub.errors import VerificationError
from pad_desktop.hub.texts import Phrase, phrase
from pad_desktop.runtime.tasks import TaskState


@dataclass(frozen=True)
class RemoteFile:
    """A file of the repository at the resolved commit, as the Hub lists it."""

    path: str  # in the repository
    size: int
    blob_sha1: str  # git blob id
    lfs_sha256: str | None = None  # set for LFS (and Xet) files

    @classmethod
    def from_repo_file(cls, entry: Any) -> RemoteFile:
        """A file of HfApi's tree listing; `VerificationError` for one that is not a file."""
        lfs = getattr(entry, "lfs", None)
        size = lfs.size if lfs is not None else getattr(entry, "size", None)
        path, blob = getattr(entry, "path", None), getattr(entry, "blob_id", None)
        sha256 = lfs.sha256 if lfs is not None else None
        texts = [path, blob] + ([sha256] if lfs is not None else [])
        if not all(isinstance(t, str) for t in texts) or not _is_size(size):
            raise VerificationError(
                "listing_entry_size", path=f"{path!r:.120}", size=f"{size!r:.40}"
            )
        return cls(path=path, size=size, blob_sha1=blob, lfs_sha256=sha256)

    @property
    def expected(self) -> str:
        """Which digest is checked, for messages: `sha256 …` or `git blob sha1 …`."""
        if self.lfs_sha256:
            return f"sha256 {self.lfs_sha256}"
        return f"git blob sha1 {self.blob_sha1}"

    @property
    def expected_phrase(self) -> Phrase:
        """`expected` in the reader's language."""
        if self.lfs_sha256:
            return phrase("digest_sha256", digest=self.lfs_sha256)
        return phrase("digest_blob", digest=self.blob_sha1)

    def hasher(self) -> Any:
        if self.lfs_sha256:
            return hashlib.sha256()
        digest = hashlib.sha1(usedforsecurity=False)
        digest.update(f"blob {self.size}\0".encode())
        return digest

    def matches(self, hexdigest: str) -> bool:
        return hexdigest == (self.lfs_sha256 or self.blob_sha1)


def _is_size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def fetch_file(
    client: HubClient,
    commit: str,
    remote: RemoteFile,
    dest: Path,
    state: TaskState | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> Path:
    """Stream `remote` at `commit` into `dest`; `VerificationError` unless size and hash match.

    A file that fails its check is deleted: nothing unverified stays on disk.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = remote.hasher()
    received = 0
    url = f"/{client.repo}/resolve/{commit}/{quote(remote.path)}"
    try:
        with client.stream(url) as chunks, dest.open("wb") as out:
            for chunk in chunks:
                if state is not None:
                    state.check()
                received += len(chunk)
                if received > remote.size:
                    break  # more than advertised: no need to read the rest
                digest.update(chunk)
                out.write(chunk)
                if on_bytes is not None:
                    on_bytes(len(chunk))
        if received != remote.size:
            key = "size_over" if received > remote.size else "size_short"
            raise VerificationError(key, path=remote.path, size=remote.size, received=received)
        if not remote.matches(digest.hexdigest()):
            raise VerificationError(
                "digest_mismatch", path=remote.path, expected=remote.expected_phrase
            )
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    return dest
