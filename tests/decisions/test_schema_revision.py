"""The schema revision is read without Alembic at every start (Alembic's imports cost ~0.9 s);
what it reads must be what Alembic itself would say, on SQLite and on PostgreSQL."""

from __future__ import annotations

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
