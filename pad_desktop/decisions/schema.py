"""Where the decision log lives (URLs) and which schema revision it is at (Alembic).

Migrations ship inside the package (`migrations/`) and run through Alembic's API, so neither
an `alembic.ini` nor the working directory matters.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url

from pad_desktop.paths import private_file

# Not Alembic's default name: the shared database may hold other applications' migrations.
VERSION_TABLE = "pad_decisions_version"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
CONNECT_TIMEOUT_S = 3


class SchemaBehind(RuntimeError):
    """The PostgreSQL schema is older than this application: an administrator must upgrade it."""

    def __init__(self, target: str, current: str | None, head: str) -> None:
        self.current, self.head = current, head
        super().__init__(
            f"The decision database {target} is at revision {current or 'none (empty)'}, "
            f"this app needs {head}: run `pad-desktop db upgrade`."
        )


@dataclass(frozen=True, slots=True)
class SchemaStatus:
    target: str
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def sqlalchemy_url(url: str | URL) -> URL:
    """The URL with the psycopg 3 driver, whatever PostgreSQL spelling the settings used."""
    parsed = make_url(url)
    if parsed.get_backend_name() in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def libpq_url(url: str | URL) -> str:
    """The same database as a libpq URI, for psycopg's own connections."""
    return sqlalchemy_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


# Query parameters that carry a secret (libpq takes `?password=...` as well as user:pass@).
SECRET_QUERY_KEYS = frozenset({"password", "sslpassword", "passfile", "sslkey", "token"})


def redacted(url: str | URL) -> str:
    """The URL as shown anywhere (status, logs, outbox names): every secret masked."""
    parsed = sqlalchemy_url(url)
    secrets = {k: "***" for k in parsed.query if k.lower() in SECRET_QUERY_KEYS}
    if secrets:
        parsed = parsed.update_query_dict(secrets)
    return parsed.render_as_string(hide_password=True).replace("%2A%2A%2A", "***")


def create_engine(url: str | URL) -> Engine:
    parsed = sqlalchemy_url(url)
    if parsed.get_backend_name() == "postgresql":
        return sa.create_engine(
            parsed, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S}
        )
    if parsed.database and parsed.database != ":memory:":
        private_file(Path(parsed.database))  # before SQLite creates it with the umask's mode
    return sa.create_engine(parsed, connect_args={"timeout": 30})


def _alembic_config(connection: Connection):  # -> alembic.config.Config, imported lazily
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    config = _alembic_config(None)  # type: ignore[arg-type]
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None, "the package ships no migration"
    return head


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


def status(engine: Engine) -> SchemaStatus:
    with engine.connect() as connection:
        current = current_revision(connection)
    return SchemaStatus(redacted(engine.url), current, head_revision())


def upgrade(engine: Engine, revision: str = "head") -> SchemaStatus:
    """Bring the schema to `revision` (an empty database included); returns the new status."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), revision)
    return status(engine)


def require_current(engine: Engine) -> None:
    """Raise `SchemaBehind` unless the database is at this application's head revision."""
    found = status(engine)
    if not found.up_to_date:
        raise SchemaBehind(found.target, found.current, found.head)
