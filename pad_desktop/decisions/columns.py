"""Column types that read and write the same values on PostgreSQL and SQLite.

SQLite has no uuid or timestamptz: uuids are stored as canonical text and times as fixed-width
UTC ISO text (`2026-01-31T09:30:00.000000`), which sorts chronologically and is what the fast
write paths in `encode.py` produce without going through SQLAlchemy.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

# The time format lives in `canonical`, which needs no SQLAlchemy (a dry run never imports it).
from pad_desktop.decisions.canonical import SQLITE_TIME_FORMAT, as_utc, sqlite_time  # noqa: F401


class UUIDColumn(TypeDecorator[uuid.UUID]):
    """Native `uuid` on PostgreSQL, 36-character canonical text on SQLite."""

    impl = sa.String(36)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.UUID(as_uuid=True))
        return dialect.type_descriptor(sa.String(36))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        value = value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
        return value if dialect.name == "postgresql" else str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> uuid.UUID | None:
        if value is None or isinstance(value, uuid.UUID):
            return value
        return uuid.UUID(value)


class UTCDateTime(TypeDecorator[datetime]):
    """`timestamptz` on PostgreSQL, UTC ISO text on SQLite; an aware UTC datetime in Python."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(sa.DateTime(timezone=True))
        return dialect.type_descriptor(sa.String(26))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        return as_utc(value) if dialect.name == "postgresql" else sqlite_time(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return as_utc(value)


# JSONB on PostgreSQL (indexable, queryable with ->>), JSON text on SQLite.
JSONColumn = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
