"""Chain guards: no record without a place in a chain, the server's clock set by the server.

Revision ID: 0005_chain_guards
Revises: 0004_notices
Create Date: 2026-12-10

The application role may INSERT, and every workstation holds it; before this revision it
could insert a record with no chain at all (`db verify` took it for a record from before the
chain) and choose its own `received_at`. Now, on PostgreSQL:
- a CHECK refuses a record without stream, place and chain hash. It is `NOT VALID`, so that
  it binds every row inserted from now on while the rows from before the chain (older
  databases hold some) stay as they are;
- a row trigger sets `received_at` to the server's clock, whatever the client sent (COPY
  fires it too);
- `pad_chain_guard` keeps, per table, how many records without a chain the database held when
  this revision was applied, and when: `db verify` reports any beyond those. A database whose
  schema pad-desktop created with the chain (its chained "decision schema" model event says
  so) can have held none, whatever it holds.
The owner can drop all of this; the hash chain and `db verify` are what catch the owner.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pad_desktop.decisions.columns import UTCDateTime

revision = "0005_chain_guards"
down_revision = "0004_notices"
branch_labels = None
depends_on = None

TABLES = ("decisions", "decision_overrides", "model_events")
GUARD_TABLE = "pad_chain_guard"
SQLITE_NOW = "(strftime('%Y-%m-%dT%H:%M:%f', 'now'))"

PG_SERVER_TIME = """
CREATE FUNCTION pad_server_time() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.received_at := clock_timestamp();
    RETURN NEW;
END $$
"""

# Chainless rows present now: none if pad-desktop created this schema with the chain.
PRE_CHAIN_ROWS = """
SELECT CASE WHEN EXISTS (
    SELECT 1 FROM model_events
    WHERE kind = 'schema' AND to_model LIKE 'decision schema %' AND stream_id IS NOT NULL
) THEN 0 ELSE (
    SELECT count(*) FROM {table} WHERE stream_id IS NULL AND received_at IS NULL
) END
"""


def _scalar(query: str) -> int:
    return int(op.get_bind().execute(sa.text(query)).scalar_one())


def upgrade() -> None:
    postgres = op.get_context().dialect.name == "postgresql"
    now = sa.text("clock_timestamp()" if postgres else SQLITE_NOW)
    guard = op.create_table(
        GUARD_TABLE,
        sa.Column("table_name", sa.Text, primary_key=True),
        sa.Column("pre_chain_rows", sa.BigInteger, nullable=False),
        sa.Column("guarded_at", UTCDateTime, nullable=False, server_default=now),
    )
    counts = [
        {"table_name": table, "pre_chain_rows": _scalar(PRE_CHAIN_ROWS.format(table=table))}
        for table in TABLES
    ]
    op.bulk_insert(guard, counts)
    if not postgres:  # the embedded store is this user's own file: no other role writes it
        return
    # Counts, not secrets: readable by every role that runs `db verify` (app, auditor) without
    # a grant an administrator would have to add to the roles made before this revision.
    op.execute(f"GRANT SELECT ON {GUARD_TABLE} TO PUBLIC")
    op.execute(PG_SERVER_TIME)
    for table in TABLES:
        op.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {table}_chained CHECK (stream_id IS NOT NULL "
            "AND stream_seq IS NOT NULL AND chain_hash IS NOT NULL) NOT VALID"
        )
        op.execute(
            f"CREATE TRIGGER {table}_server_time BEFORE INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION pad_server_time()"
        )


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER {table}_server_time ON {table}")
            op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {table}_chained")
        op.execute("DROP FUNCTION pad_server_time()")
    op.drop_table(GUARD_TABLE)
