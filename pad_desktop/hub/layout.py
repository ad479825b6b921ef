"""Which files of a repository make the bundle.

Three repository shapes are accepted:

* a bundle at the root (`MLmodel`, `model.onnx`, ...): what `pad-desktop model push` writes;
* `HF_FILENAME` naming a folder (e.g. `exported_model`): the bundle is that folder;
* `HF_FILENAME` naming one archive (`.zip`, `.tar`, `.tar.gz`, `.tgz`) of an MLflow model
  directory: the original service's single-file repos. It is verified like any file, then
  unpacked safely (see `archive`).

Anything else (a lone `.onnx` or `.pkl`) has no signature to validate applicants against and is
refused with a message that says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from pad_desktop.hub.config import HubConfig
from pad_desktop.hub.errors import NotFoundOnHub, VerificationError
from pad_desktop.hub.safe_paths import checked_name
from pad_desktop.hub.texts import phrase
from pad_desktop.hub.transfer import RemoteFile

ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz")


@dataclass(frozen=True)
class Layout:
    """The files to download and where each goes in the bundle folder."""

    files: tuple[RemoteFile, ...]
    prefix: str = ""  # repository folder holding the bundle ("" = root)
    archive: RemoteFile | None = None

    def target(self, remote: RemoteFile) -> str:
        """The path of `remote` inside the bundle folder."""
        if self.archive is not None:
            return remote.path.rsplit("/", 1)[-1]
        return remote.path[len(self.prefix) :] if self.prefix else remote.path


def plan_layout(config: HubConfig, files: list[RemoteFile]) -> Layout:
    """The bundle's files; refused if any listed name is unsafe or the download is too large."""
    where = phrase("listing_of", repo=config.repo_id)
    for remote in files:  # every entry, not only the bundle's: one hostile name taints them all
        checked_name(remote.path, where)
    layout = _plan(config, files)
    _check_size(config, layout)
    return layout


def _check_size(config: HubConfig, layout: Layout) -> None:
    total = sum(f.size for f in layout.files)
    if total > config.max_download_bytes:
        raise VerificationError(
            "too_large", repo=config.repo_id, total=total, limit=config.max_download_bytes
        )


def _plan(config: HubConfig, files: list[RemoteFile]) -> Layout:
    repo = config.repo_id
    wanted = (config.filename or "").strip("/")
    if not wanted:
        root = tuple(f for f in files if not f.path.startswith("."))  # .gitattributes is git's
        if not any(f.path == "MLmodel" for f in root):
            nested = sorted(f.path[:-8] for f in files if f.path.endswith("/MLmodel"))
            hint = phrase("nested_hint", folder=nested[0]) if nested else ""
            raise VerificationError("no_bundle", repo=repo, hint=hint)
        return Layout(root)
    prefix = wanted + "/"
    inside = tuple(f for f in files if f.path.startswith(prefix))
    if inside:
        return Layout(inside, prefix=prefix)
    exact = [f for f in files if f.path == wanted]
    if not exact:
        raise NotFoundOnHub("no_entry", "EntryNotFound", repo=repo, wanted=wanted)
    if not wanted.lower().endswith(ARCHIVE_SUFFIXES):
        raise VerificationError("single_file", wanted=wanted)
    return Layout((exact[0],), archive=exact[0])
