"""Which schema revision this application ships, read without SQLAlchemy or Alembic.

Every start needs the head revision (to tell whether a database must migrate) and most starts
need nothing else: reading it off the migration files costs microseconds, where Alembic's script
loader costs ~0.9 s of imports (a test checks both agree).
"""

from __future__ import annotations

import re
import sqlite3
from functools import cache
from pathlib import Path

from pad_desktop.decisions.sqlite_files import connect_read_only

# Not Alembic's default name: the shared database may hold other applications' migrations.
VERSION_TABLE = "pad_decisions_version"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_REVISION_LINE = re.compile(r'^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:"([^"]*)"|None)', re.M)


@cache
def _parents() -> dict[str, str | None]:
    """Each shipped revision and the one before it, from the migration files' lines."""
    parents: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found = {m[1]: m[2] for m in _REVISION_LINE.finditer(path.read_text(encoding="utf-8"))}
        if found.get("revision"):
            parents[found["revision"]] = found.get("down_revision")
    return parents


def known_revision(revision: str | None) -> bool:
    """Whether this application ships `revision` (None, no schema yet, is known: it migrates).
    A database stamped with another one was written by a newer or different build."""
    return revision is None or revision in _parents()


@cache
def head_revision() -> str:
    """The newest shipped revision, from the migration files' `revision`/`down_revision` lines."""
    parents = _parents()
    heads = set(parents) - set(parents.values())
    assert len(heads) == 1, f"the shipped migrations have heads {sorted(heads)}"
    return heads.pop()


def sqlite_revision(path: Path) -> str | None:
    """The revision stamped in an SQLite file; None when there is no file, no version table or
    no stamp (all of which mean: migrate). Opened read-only: nothing is created here."""
    if not path.is_file():
        return None
    conn = connect_read_only(path)
    try:
        row = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    except sqlite3.OperationalError:  # no version table: a file from before the log had one
        return None
    finally:
        conn.close()
    return None if row is None else str(row[0])
