"""Where the decision log lives (URLs) and which schema revision it is at (Alembic).

Migrations ship inside the package (`migrations/`) and run through Alembic's API, so neither
an `alembic.ini` nor the working directory matters.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine, make_url

from pad_desktop.decisions import revisions
from pad_desktop.decisions.revisions import MIGRATIONS_DIR as MIGRATIONS_DIR
from pad_desktop.decisions.revisions import VERSION_TABLE as VERSION_TABLE
from pad_desktop.decisions.revisions import head_revision as head_revision
from pad_desktop.runtime.paths import private_file
from pad_desktop.texts import Phrase, Worded

CONNECT_TIMEOUT_S = 3


# The exit code of any command stopped by a decision database it cannot use as it is.
EXIT_SCHEMA = 4
# Tables whose presence means the database is not empty (ours, or an older app's).
OUR_TABLES = ("decisions", "decision_overrides", "model_events", VERSION_TABLE)
# Serialises schema creation between processes (serve's workers, several workstations).
_MIGRATION_LOCK_KEY = 0x7061645F646563  # "pad_dec"


class SchemaBehind(Worded, RuntimeError):
    """The PostgreSQL schema is older than this application: an administrator must upgrade it."""

    def __init__(self, target: str, current: str | None, head: str) -> None:
        self.current, self.head = current, head
        revision = current or Phrase("log.revision_none")
        super().__init__("log.schema_behind", target=target, current=revision, head=head)


class SchemaNotCreatable(SchemaBehind):
    """An empty database this role may not create tables in: an administrator must."""

    def __init__(self, target: str, head: str, reason: str) -> None:
        self.current, self.head = None, head
        Worded.__init__(self, "log.schema_not_creatable", target=target, reason=reason)


class SchemaUnknown(SchemaBehind):
    """The database is stamped with a revision this application does not ship: a newer or
    another build wrote it. Upgrading cannot help; using that build can."""

    def __init__(self, target: str, current: str, head: str) -> None:
        self.current, self.head = current, head
        Worded.__init__(self, "log.schema_unknown", target=target, current=current, head=head)


def check_known(target: str, current: str | None) -> None:
    """Raise `SchemaUnknown` when `current` is no revision this application ships."""
    if not revisions.known_revision(current):
        raise SchemaUnknown(target, str(current), revisions.head_revision())


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


def sqlite_url(path: Path) -> URL:
    """An SQLite file as a URL (built, not formatted: a path may hold '?' or '#')."""
    return URL.create("sqlite", database=str(path))


def libpq_url(url: str | URL) -> str:
    """The same database as a libpq URI, for psycopg's own connections."""
    return sqlalchemy_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def redacted(url: str | URL) -> str:
    """The URL as shown anywhere (status, logs, outbox names): every secret masked.

    The text is masked before it is parsed: a password typed with an "@" in it would otherwise
    be cut at that "@" and its end shown as the host (`app:***@Zq81xK_x@host`)."""
    from pad_desktop.runtime.secrets import SECRET_QUERY_KEYS, redact_urls

    text = url if isinstance(url, str) else url.render_as_string(hide_password=False)
    parsed = sqlalchemy_url(redact_urls(text))
    secrets = {k: "***" for k in parsed.query if k.lower() in SECRET_QUERY_KEYS}
    if secrets:
        parsed = parsed.update_query_dict(secrets)
    return parsed.render_as_string(hide_password=True).replace("%2A%2A%2A", "***")


# What a PostgreSQL database is, whatever its URL's spelling (host name or address, port,
# options): its cluster's system identifier and its own oid, then its name for people.
IDENTITY_SQL = (
    "SELECT (SELECT system_identifier FROM pg_control_system())::text || '/' || d.oid::text, "
    "d.datname FROM pg_database d WHERE d.datname = current_database()"
)


def database_identity(engine: Engine) -> tuple[str, str] | None:
    """(identity, name) of a PostgreSQL database (None for SQLite); see `IDENTITY_SQL`."""
    if engine.url.get_backend_name() != "postgresql":
        return None
    with engine.connect() as connection:
        row = connection.execute(sa.text(IDENTITY_SQL)).one()
    return str(row[0]), str(row[1])


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


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in the database (None: no version table yet), without Alembic."""
    if not sa.inspect(connection).has_table(VERSION_TABLE):
        return None
    row = connection.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}")).first()
    return None if row is None else str(row[0])


def status(engine: Engine) -> SchemaStatus:
    with engine.connect() as connection:
        current = current_revision(connection)
    return SchemaStatus(redacted(engine.url), current, head_revision())


def _lock_migrations(connection: Connection) -> None:
    """On PostgreSQL, an advisory lock held until commit: concurrent upgrades (serve's workers,
    several workstations) wait for each other, and the later ones find the schema done."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_KEY})"))


def upgrade(engine: Engine, revision: str = "head") -> SchemaStatus:
    """Bring the schema to `revision` (an empty database included); returns the new status."""
    found = status(engine)
    if revision == "head" and found.up_to_date:  # the usual start: Alembic stays unimported
        return found
    check_known(found.target, found.current)
    from alembic import command

    with engine.begin() as connection:
        _lock_migrations(connection)
        command.upgrade(_alembic_config(connection), revision)
    return status(engine)


def _is_empty(connection: Connection) -> bool:
    return not set(sa.inspect(connection).get_table_names()).intersection(OUR_TABLES)


def create_if_empty(engine: Engine) -> bool:
    """Create the schema of an empty database (True); leave any other one alone (False).

    Raises `SchemaNotCreatable` when this role may not create tables there."""
    try:
        with engine.begin() as connection:
            _lock_migrations(connection)
            if not _is_empty(connection):
                return False
            from alembic import command

            command.upgrade(_alembic_config(connection), "head")
    except sa.exc.ProgrammingError as exc:  # permission denied for schema public, ...
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise SchemaNotCreatable(redacted(engine.url), head_revision(), reason) from None
    return True


def database_status(url: str | URL) -> SchemaStatus:
    """Connect to `url` and read its schema revision (raises if it cannot be reached)."""
    engine = create_engine(url)
    try:
        return status(engine)
    finally:
        engine.dispose()


def require_current(engine: Engine) -> None:
    """Raise `SchemaBehind` unless the database is at this application's head revision."""
    found = status(engine)
    if not found.up_to_date:
        check_known(found.target, found.current)
        raise SchemaBehind(found.target, found.current, found.head)
