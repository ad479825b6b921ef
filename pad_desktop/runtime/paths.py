"""Where things live: shipped resources and the user's data and cache directories."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "pad_desktop"
APP_AUTHOR = "PretADepenser"


def resources_dir() -> Path:
    """The `resources/` folder: next to the package in a checkout, inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def default_bundle_dir() -> Path:
    """The model bundle shipped with the application."""
    return resources_dir() / "model"


def example_csv() -> Path:
    """A small French-Excel CSV of applicants shipped for demonstrations and the README."""
    return resources_dir() / "examples" / "applicants_fr.csv"


PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600  # decisions, logs and models: their user's only


def private_dir(path: Path) -> Path:
    """`path` created if need be, readable by this user only (tightened if it is ours)."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if os.name == "posix" and path.stat().st_uid == os.getuid():
        path.chmod(PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """`path` created empty if need be (its folder private too), readable by this user only;
    SQLite gives a database's -wal and -shm files the database file's permissions.

    An existing file is never opened: closing any descriptor of a file drops every POSIX lock
    this process holds on it, SQLite's included. A database this process has open would lose
    its locks, and another process closing it could then take itself for its last user and
    checkpoint and delete the WAL still in use here: a malformed store."""
    private_dir(path.parent)
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_BINARY", 0)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, flags, PRIVATE_FILE))
    if os.name == "posix" and path.stat().st_uid == os.getuid():
        path.chmod(PRIVATE_FILE)
    return path


def user_data_dir() -> Path:
    """Per-user data (decision outbox, model store, MLflow runs, logs), private to the user.
    `PAD_DATA_DIR` overrides it."""
    from pad_desktop.runtime.settings import get_settings

    override = get_settings().data_dir
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    return private_dir(path)


def user_cache_dir() -> Path:
    """Per-user cache (drift reports). `PAD_CACHE_DIR` overrides it."""
    from pad_desktop.runtime.settings import get_settings

    override = get_settings().cache_dir
    path = Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path
