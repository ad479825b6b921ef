"""SQLite connections for the files that acknowledge records: the outbox and the embedded store.

Durability, decided: WAL with synchronous=NORMAL, plus a background fsync of the WAL.
- A commit in WAL mode is in the operating system's hands when it returns, so an acknowledged
  record survives a crash or SIGKILL of the process at once (the issue's requirement).
- Against a power cut or an OS crash, `WalSyncer` fsyncs the WAL within `SYNC_DELAY_S` of a
  write, off the caller's thread. synchronous=FULL would fsync inside every `record()`: ~0.1 ms
  on a quiet SSD, but 1-12 ms measured while other jobs hit the disk (and worse on Windows
  laptops), on the UI thread that must never wait on storage.
- For the same reason no writing connection checkpoints (copies the WAL into the database
  file); `WalSyncer` does that too.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from pathlib import Path

from pad_desktop.runtime.paths import private_file

BUSY_TIMEOUT_MS = 30_000  # several processes of one user share these files
SYNC_DELAY_S = 0.05  # the most an acknowledged record waits to be on disk


def connect(path: Path) -> sqlite3.Connection:
    """Autocommit connection (transactions are explicit), usable from any thread under a lock.
    The file is created readable by this user only (decisions are personal data)."""
    private_file(path)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA cache_size = -65536")  # 64 MiB: random uuid keys of big batches
    return conn


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A look into an existing file that can create nothing (the path as a proper file URI:
    a folder name may hold '?', '#' or '%')."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)


class WalSyncer:
    """Checkpoints a database and fsyncs its WAL shortly after each burst of writes."""

    def __init__(self, database: Path) -> None:
        self._wal = Path(f"{database}-wal")
        self._conn = connect(database)  # its own: never waits behind a writer's lock
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pad-wal-sync", daemon=True)
        self._thread.start()

    def written(self) -> None:
        self._dirty.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._dirty.wait()
            self._stop.wait(SYNC_DELAY_S)  # one fsync for every write of the burst
            self._dirty.clear()
            self.sync()

    def sync(self) -> None:
        # PASSIVE: copies what no reader still needs, waits for nobody.
        self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        # A checkpoint that could copy nothing did not sync the WAL: fsync it ourselves
        # (opened each time, as a checkpoint may restart the file; fsync acts on the file,
        # whichever descriptor wrote to it).
        with contextlib.suppress(FileNotFoundError):
            fd = os.open(self._wal, os.O_RDWR | getattr(os, "O_BINARY", 0))
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def close(self) -> None:
        self._stop.set()
        self._dirty.set()
        self._thread.join()
        self.sync()
        self._conn.close()


def damage(exc: BaseException) -> str | None:
    """SQLite's words when `exc` says a file is damaged or not a database (through SQLAlchemy
    too); None for anything else, a busy or locked file included."""
    inner = getattr(exc, "orig", None) or exc
    if not isinstance(inner, sqlite3.DatabaseError):
        return None
    text = str(inner)
    return None if ("locked" in text or "busy" in text) else text


class StoreUnreadable(RuntimeError):
    """The embedded store's file is damaged or is not a decision store: nothing was written to
    it, and the application cannot decide until it is moved aside or restored."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """The sentence in `lang` (SQLite's own words stay as SQLite wrote them)."""
        from pad_desktop.texts import text

        return text("log.store_unreadable", lang, path=self.path, reason=self.reason)
