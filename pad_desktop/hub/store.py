"""The versioned local model store: one folder per installed version, an ACTIVE pointer, a history.

    <store>/acme--credit--ee76d3b7e8bd/   a verified bundle, never modified after install
    <store>/ACTIVE                        the active folder's name (absent: the shipped model)
    <store>/history.json                  where each version came from + the activation stack
    <store>/.staging-<uuid>/              downloads in progress (same filesystem: rename is atomic)

A version is written to a staging folder, verified, then renamed into place; the pointer and the
history are replaced atomically (`os.replace`), so a crash leaves either the old or the new
state, never a half-installed model. Rollback pops the activation stack.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pad_desktop.hub.errors import StoreError
from pad_desktop.hub.texts import Phrase, phrase
from pad_desktop.model.active import active_pointer, store_dir
from pad_desktop.model.bundle import content_sha256
from pad_desktop.runtime.paths import default_bundle_dir

SHIPPED = "shipped"  # the model shipped with the application (store folder names contain "--")
STAGING_PREFIX = ".staging-"
STALE_STAGING_SECONDS = 3600
_LOCK = threading.Lock()  # one writer per process; the files themselves are replaced atomically


@dataclass(frozen=True)
class InstalledModel:
    """One version the workstation can use."""

    name: str
    path: Path
    repo: str | None = None
    revision: str | None = None
    commit: str | None = None
    endpoint: str | None = None
    date: str | None = None  # of the commit, as the Hub reports it
    installed_at: str | None = None
    active: bool = False

    def label(self, lang: str = "en") -> str:
        named = self.named()
        return named if isinstance(named, str) else named.text(lang)

    def named(self) -> str | Phrase:
        """The label, to word in the reader's language (only the shipped model has words)."""
        if self.name == SHIPPED:
            return phrase("shipped_model")
        return f"{self.repo}@{(self.commit or '')[:12]}" if self.repo else self.name


class ModelStore:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root or store_dir()
        self.root.mkdir(parents=True, exist_ok=True)
        self.pointer = active_pointer() if root is None else self.root / "ACTIVE"
        self.history_path = self.root / "history.json"

    # -- reading -----------------------------------------------------------------------------
    def active_name(self) -> str:
        if not self.pointer.exists():
            return SHIPPED
        name = self.pointer.read_text(encoding="utf-8").strip()
        return name if name and (self.root / name / "MLmodel").exists() else SHIPPED

    def get(self, name: str) -> InstalledModel:
        active = name == self.active_name()
        if name == SHIPPED:
            return InstalledModel(SHIPPED, default_bundle_dir(), active=active)
        path = self.root / name
        if not (path / "MLmodel").exists():
            raise StoreError("no_version", name=name)
        meta = self._history()["versions"].get(name, {})
        return InstalledModel(
            name,
            path,
            repo=meta.get("repo"),
            revision=meta.get("revision"),
            commit=meta.get("commit"),
            endpoint=meta.get("endpoint"),
            date=meta.get("date"),
            installed_at=meta.get("installed_at"),
            active=active,
        )

    def list(self) -> list[InstalledModel]:
        """The shipped model, then installed versions oldest first."""
        names = [
            p.name
            for p in self.root.iterdir()
            if p.is_dir() and not p.name.startswith(".") and (p / "MLmodel").exists()
        ]
        versions = [self.get(n) for n in names]
        versions.sort(key=lambda v: (v.installed_at or "", v.name))
        return [self.get(SHIPPED), *versions]

    def previous_name(self) -> str | None:
        """What `rollback` would return to, or None when there is nothing to go back to."""
        stack = self._stack(self._history())
        if len(stack) >= 2:
            return stack[-2]
        return SHIPPED if stack[-1] != SHIPPED else None

    # -- writing -----------------------------------------------------------------------------
    def new_staging(self) -> Path:
        """A fresh folder inside the store for a download (removed by the caller on failure)."""
        self.clean_stale_staging()
        path = self.root / f"{STAGING_PREFIX}{uuid.uuid4().hex}"
        path.mkdir()
        return path

    def clean_stale_staging(self) -> None:
        """Remove downloads abandoned by a crash or a cancel more than an hour ago."""
        cutoff = time.time() - STALE_STAGING_SECONDS
        for path in self.root.glob(f"{STAGING_PREFIX}*"):
            with contextlib.suppress(OSError):
                if path.stat().st_mtime < cutoff:
                    shutil.rmtree(path, ignore_errors=True)

    def install(self, bundle: Path, name: str, origin: dict[str, Any]) -> InstalledModel:
        """Move the verified bundle folder `bundle` into the store as `name` (not activated)."""
        target = self.root / name
        with _LOCK:
            if target.exists() and content_sha256(target) == content_sha256(bundle):
                shutil.rmtree(bundle, ignore_errors=True)  # same version already installed
            elif target.exists() and name == self.active_name():
                # same commit, other bytes (a Hub that lies): never overwrite the model in use
                raise StoreError("same_commit_other_bytes", name=name)
            else:
                trash = self.root / f"{STAGING_PREFIX}old-{uuid.uuid4().hex}"
                if target.exists():
                    os.rename(target, trash)
                os.rename(bundle, target)
                shutil.rmtree(trash, ignore_errors=True)
            history = self._history()
            history["versions"][name] = {**origin, "installed_at": _now()}
            self._write_history(history)
        return self.get(name)

    def discard(self, name: str) -> None:
        """Remove an installed version that failed its checks (never the active one)."""
        with _LOCK:
            if name == SHIPPED or name == self.active_name():
                return
            shutil.rmtree(self.root / name, ignore_errors=True)
            history = self._history()
            history["versions"].pop(name, None)
            self._write_history(history)

    def activate(self, name: str) -> tuple[InstalledModel, InstalledModel]:
        """Make `name` the active version; return (previous, new)."""
        with _LOCK:
            self.get(name)  # raises StoreError for an unknown version
            previous = self.get(self.active_name())
            history = self._history()
            stack = self._stack(history)
            if stack[-1] != name:
                stack.append(name)
            history["activations"] = stack
            self._point_to(name)
            self._write_history(history)
        return previous, self.get(name)

    def rollback(self) -> tuple[InstalledModel, InstalledModel]:
        """Return to the version active before the current one; return (previous, new)."""
        with _LOCK:
            history = self._history()
            stack = self._stack(history)
            current = self.get(stack[-1])
            if len(stack) < 2:
                if stack[-1] == SHIPPED:
                    raise StoreError("nothing_to_roll_back")
                stack.insert(0, SHIPPED)
            stack.pop()
            target = self.get(stack[-1])
            history["activations"] = stack
            self._point_to(target.name)
            self._write_history(history)
        return current, self.get(target.name)

    # -- files -------------------------------------------------------------------------------
    def _stack(self, history: dict[str, Any]) -> list[str]:
        """The activation stack, ending with the active version (repaired if edited by hand)."""
        stack = [
            n for n in history.get("activations", []) if n == SHIPPED or (self.root / n).is_dir()
        ]
        active = self.active_name()
        if not stack or stack[-1] != active:
            stack.append(active)
        return stack

    def _point_to(self, name: str) -> None:
        if name == SHIPPED:
            self.pointer.unlink(missing_ok=True)
        else:
            _write_atomically(self.pointer, name + "\n")

    def _history(self) -> dict[str, Any]:
        try:
            data = json.loads(self.history_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        data.setdefault("versions", {})
        data.setdefault("activations", [])
        return data

    def _write_history(self, history: dict[str, Any]) -> None:
        _write_atomically(self.history_path, json.dumps(history, indent=2, sort_keys=True))


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")  # orders quick installs
