"""Hash chain: each record's stream, place in it and chain hash; the server's insert time.

Revision ID: 0002_hash_chain
Revises: 0002
Create Date: 2026-12-01

Records written before this revision have no chain (`db verify` counts them apart). The
server's own time (`received_at`) is filled by the database at insert, beside the client's
`created_at`: a record inserted later by hand carries the time it really arrived.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pad_desktop.decisions.columns import UTCDateTime, UUIDColumn

revision = "0002_hash_chain"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = ("decisions", "decision_overrides", "model_events")
SQLITE_NOW = "(strftime('%Y-%m-%dT%H:%M:%f', 'now'))"


def _chain_columns() -> list[sa.Column]:
    return [
        sa.Column("stream_id", UUIDColumn, nullable=True),
        sa.Column("stream_seq", sa.BigInteger, nullable=True),
        sa.Column("chain_hash", sa.String(64), nullable=True),
    ]


def _sqlite_append_only(table: str) -> None:
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'the {table} table is append-only: {verb} refused'); END"
        )


def upgrade() -> None:
    postgres = op.get_context().dialect.name == "postgresql"
    for table in TABLES:
        if postgres:
            for column in _chain_columns():
                op.add_column(table, column)
            # Added without a default first, so that existing rows stay NULL (not "now").
            op.add_column(table, sa.Column("received_at", UTCDateTime, nullable=True))
            op.execute(
                f"ALTER TABLE {table} ALTER COLUMN received_at SET DEFAULT clock_timestamp()"
            )
        else:  # SQLite adds no column with a computed default: the table is rebuilt
            with op.batch_alter_table(table, recreate="always") as batch:
                for column in _chain_columns():
                    batch.add_column(column)
                now = sa.text(SQLITE_NOW)
                batch.add_column(sa.Column("received_at", UTCDateTime, server_default=now))
            _sqlite_append_only(table)  # the rebuild dropped the triggers
        op.create_index(f"ix_{table}_stream", table, ["stream_id", "stream_seq"])


def downgrade() -> None:
    postgres = op.get_context().dialect.name == "postgresql"
    for table in TABLES:
        op.drop_index(f"ix_{table}_stream", table)
        if postgres:
            for name in ("received_at", "chain_hash", "stream_seq", "stream_id"):
                op.drop_column(table, name)
        else:
            with op.batch_alter_table(table, recreate="always") as batch:
                for name in ("received_at", "chain_hash", "stream_seq", "stream_id"):
                    batch.drop_column(name)
            _sqlite_append_only(table)
