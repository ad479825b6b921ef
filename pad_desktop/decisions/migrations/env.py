"""Alembic environment: run programmatically by `pad_desktop.decisions.schema`, no alembic.ini.

The caller passes an open connection in `config.attributes["connection"]`.
"""

from __future__ import annotations

from alembic import context

from pad_desktop.decisions.models import Base
from pad_desktop.decisions.schema import VERSION_TABLE

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
