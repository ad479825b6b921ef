"""Helpers of the decision log tests: PostgreSQL databases, a throwaway server, records.

PostgreSQL must be there: a test that cannot reach it fails, it never skips.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import psycopg
from sqlalchemy.engine import make_url

from pad_desktop.decisions import schema
from pad_desktop.decisions.records import DecisionBatch, Source
from tests.decisions.records import make_record as make_record

# The same server as tests/conftest.py (which pytest loads as a plugin, not as a module).
PG_ADMIN_URL = os.environ.get(
    "PAD_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
ROOT = Path(__file__).resolve().parents[2]


def _newest_pg_bin() -> Path:
    """The installed PostgreSQL server binaries (Debian keeps one folder per major version)."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
    )
    return versions[-1].parent if versions else Path("/usr/lib/postgresql/15/bin")


PG_BIN = Path(os.environ.get("PAD_TEST_PG_BIN") or _newest_pg_bin())


def _admin_conninfo(admin_url: str) -> str:
    return schema.libpq_url(admin_url)


def _database_url(admin_url: str, name: str) -> str:
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def create_database(admin_url: str, migrate: bool = True, template: str | None = None) -> str:
    """A new, uniquely named database: migrated to head, or a copy of `template` (faster)."""
    name = f"pad_test_{uuid.uuid4().hex[:12]}"
    copy_of = f' TEMPLATE "{make_url(template).database}"' if template else ""
    with psycopg.connect(_admin_conninfo(admin_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{copy_of}')
    url = _database_url(admin_url, name)
    if migrate and not template:
        engine = schema.create_engine(url)
        schema.upgrade(engine)
        engine.dispose()
    return url


def drop_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    with psycopg.connect(_admin_conninfo(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def pg_count(url: str, sql: str, *params: object) -> int:
    with psycopg.connect(schema.libpq_url(url)) as conn:
        return int(conn.execute(sql, params).fetchone()[0])


def pg_ids(url: str) -> list[str]:
    with psycopg.connect(schema.libpq_url(url)) as conn:
        return [str(r[0]) for r in conn.execute("SELECT id FROM decisions")]


def free_port() -> int:
    """A local TCP port nothing listens on (released for the caller to use)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ThrowawayServer:
    """A PostgreSQL server of our own, from the installed binaries, that tests may stop."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="pad-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.admin_url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-N")
        self.start()

    def _run(self, tool: str, *args: str) -> None:
        command = [str(PG_BIN / tool), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        log_file = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log_file, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def make_inputs(n: int, start: int = 0) -> pd.DataFrame:
    """Applicant inputs of the German Credit kind: an id, categories and amounts."""
    rng = np.random.default_rng(start)
    return pd.DataFrame(
        {
            "id": [f"APP-{i:07d}" for i in range(start, start + n)],
            "purpose": rng.choice(["car (new)", "furniture/equipment", "radio/television"], n),
            "credit_amount": rng.integers(250, 18_000, n),
            "duration_in_month": rng.integers(4, 72, n),
            "age_in_years": rng.integers(19, 75, n).astype(float),
        }
    )


def make_batch(n: int, start: int = 0, officer: str = "alice", **common: object) -> DecisionBatch:
    scores = np.random.default_rng(start + 1).random(n)
    fields: dict[str, object] = {
        "officer": officer,
        "workstation": "ws-1",
        "source": Source.BATCH,
        "model_id": "german-credit@1",
        "model_sha256": "0" * 64,
        "threshold": 0.5,
    }
    fields.update(common)
    return DecisionBatch(
        inputs=make_inputs(n, start),
        scores=scores,
        decisions=np.where(scores >= 0.5, "refused", "approved"),
        reasons=[["credit_amount", "duration_in_month"]] * n,
        latency_ms=0.05,
        row_numbers=np.arange(start, start + n),
        **fields,  # type: ignore[arg-type]
    )


def mentions(text: str, value: object) -> bool:
    """Whether `text` mentions `value` as a value ("2241,00", 2241.75, "987613"), not as digits
    inside a time's fraction, a score or an id ("01:05:37.722414", 0.22415, "2241ab0c-..." do not
    mention 2241): what an erasure test looks for in a whole database's text."""
    return re.search(rf"(?<![\w.-]){re.escape(str(value))}(?![\w-])", text) is not None
