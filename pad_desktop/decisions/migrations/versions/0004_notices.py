"""Decision notices issued: one append-only, chained row per notice saved or printed.

Revision ID: 0004_notices
Revises: 0003_canonical
Create Date: 2026-12-08

A notice is a record of the log like an override: a new row pointing at its decision, in its
stream's hash chain from the start (so `db verify` checks it), with the server's own receive
time. Its `content_sha256` is the hash of the notice's canonical content (`notice.py`), so that
the notice can be produced again from the log and checked.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pad_desktop.decisions.columns import UTCDateTime, UUIDColumn

revision = "0004_notices"
down_revision = "0003_canonical"
branch_labels = None
depends_on = None

TABLE = "decision_notices"
SQLITE_NOW = "(strftime('%Y-%m-%dT%H:%M:%f', 'now'))"


def upgrade() -> None:
    postgres = op.get_context().dialect.name == "postgresql"
    now = sa.text("clock_timestamp()" if postgres else SQLITE_NOW)
    op.create_table(
        TABLE,
        sa.Column("id", UUIDColumn, primary_key=True),
        sa.Column("decision_id", UUIDColumn, sa.ForeignKey("decisions.id"), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("officer", sa.Text, nullable=False),
        sa.Column("workstation", sa.Text, nullable=False),
        sa.Column("os_account", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("lang", sa.String(16), nullable=False),
        sa.Column("override_id", UUIDColumn, nullable=True),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("stream_id", UUIDColumn, nullable=True),
        sa.Column("stream_seq", sa.BigInteger, nullable=True),
        sa.Column("chain_hash", sa.String(64), nullable=True),
        sa.Column("received_at", UTCDateTime, nullable=True, server_default=now),
    )
    op.create_index(f"ix_{TABLE}_decision_id", TABLE, ["decision_id"])
    op.create_index(f"ix_{TABLE}_stream", TABLE, ["stream_id", "stream_seq"])
    if postgres:  # pad_refuse_change() is revision 0001's
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
            f"ON {TABLE} FOR EACH STATEMENT EXECUTE FUNCTION pad_refuse_change()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {TABLE}_no_{verb.lower()} BEFORE {verb} ON {TABLE} BEGIN "
                f"SELECT RAISE(ABORT, 'the {TABLE} table is append-only: {verb} refused'); END"
            )


def downgrade() -> None:
    op.drop_table(TABLE)  # its indexes and triggers go with it
