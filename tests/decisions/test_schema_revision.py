"""The schema revision is read without Alembic at every start (Alembic's imports cost ~0.9 s);
what it reads must be what Alembic itself would say, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from pad_desktop.decisions import schema
from tests.decisions.helpers import ROOT


def _alembic_current(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": schema.VERSION_TABLE}
        )
        return context.get_current_revision()


def test_head_read_off_the_files_is_alembics_head() -> None:
    script = ScriptDirectory.from_config(schema._alembic_config(None))  # type: ignore[arg-type]
    assert schema.head_revision() == script.get_current_head()


def test_current_revision_agrees_with_alembic_at_every_step(tmp_path: Path, pg_url: str) -> None:
    script = ScriptDirectory.from_config(schema._alembic_config(None))  # type: ignore[arg-type]
    steps = [r.revision for r in reversed(list(script.walk_revisions()))]
    engine = schema.create_engine(f"sqlite:///{tmp_path / 'log.db'}")
    with engine.connect() as connection:
        assert schema.current_revision(connection) is None
    for revision in steps:
        schema.upgrade(engine, revision)
        with engine.connect() as connection:
            assert schema.current_revision(connection) == _alembic_current(engine) == revision
    engine.dispose()
    pg = schema.create_engine(pg_url)
    with pg.connect() as connection:
        assert schema.current_revision(connection) == _alembic_current(pg) == steps[-1]
    pg.dispose()


def test_opening_a_current_embedded_store_imports_no_alembic(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pad_desktop.decisions import DecisionLog\n"
        # the first open creates and migrates the store; the second finds it current
        f"DecisionLog.open(None, data_dir=Path({str(tmp_path)!r})).close()\n"
        "sys.modules.pop('alembic', None)\n"
        "[sys.modules.pop(m) for m in list(sys.modules) if m.startswith('alembic')]\n"
        f"DecisionLog.open(None, data_dir=Path({str(tmp_path)!r})).close()\n"
        "print(any(m.startswith('alembic') for m in sys.modules))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=True
    )
    assert out.stdout.strip() == "False", out.stderr


OPEN_AND_READ = """
import json, sys
from pathlib import Path
from pad_desktop.decisions import DecisionLog
from tests.decisions.records import make_record
log = DecisionLog.open(None, data_dir=Path(sys.argv[1]))
log.record(make_record(case_ref="after-open"))
opened = sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "alembic"))
from pad_desktop.decisions import HistoryFilter
refs = [d.case_ref for d in log.history(HistoryFilter())]
log.close()
print(json.dumps({"opened": opened, "refs": refs}))
"""


def _open_in_child(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    out = subprocess.run(
        [sys.executable, "-c", OPEN_AND_READ, str(data_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_a_current_embedded_store_opens_and_records_through_sqlite3_alone(tmp_path: Path) -> None:
    """SQLAlchemy (~0.5 s of imports here) loads when the log is first read, not to open it or
    to record: the window's form is usable before."""
    first = _open_in_child(tmp_path)  # creates the store: Alembic migrates it
    assert "alembic" in first["opened"] and first["refs"] == ["after-open"]
    again = _open_in_child(tmp_path)
    assert again["opened"] == [], again["opened"]
    assert again["refs"] == ["after-open", "after-open"]


def test_an_embedded_store_behind_this_application_migrates_when_opened(tmp_path: Path) -> None:
    from alembic import command

    from pad_desktop.decisions.local_store import store_path

    engine = schema.create_engine(schema.sqlite_url(store_path(tmp_path)))
    with engine.begin() as connection:
        command.upgrade(schema._alembic_config(connection), "0002")  # before the hash chain
    engine.dispose()
    assert schema.head_revision() != "0002"
    opened = _open_in_child(tmp_path)
    assert "alembic" in opened["opened"] and opened["refs"] == ["after-open"]
    engine = schema.create_engine(schema.sqlite_url(store_path(tmp_path)))
    assert schema.status(engine).current == schema.head_revision()
    engine.dispose()
