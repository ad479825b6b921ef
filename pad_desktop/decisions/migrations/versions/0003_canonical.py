"""Canonical inputs: the texts as typed beside them, and canonical inputs for older records.

Revision ID: 0003_canonical
Revises: 0002_hash_chain
Create Date: 2026-12-07

From this revision every decision's `inputs` are what the model saw (`canonical_inputs`), and
`typed_inputs` keeps the cells as typed where they differ. Records written before it may hold
the cells as typed in `inputs` (a French batch: "propriétaire", "2241,00"). Rewriting them
would break the hash chain and the append-only rule, so their canonical inputs go to a side
table, `decision_canonical_inputs`, which the readers (drift, History, exports) prefer; the
chained rows stay byte for byte as they were and `db verify` stays intact.

Older inputs are read with the value table of the bundled model (every model of this product
shares its vocabulary), in the file dialect that reads the whole record: "," when only it
reads, or when both read it differently and the record holds a French label; the side row's
`note` says which. A record no dialect reads keeps its inputs as they are.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

from pad_desktop.decisions.columns import JSONColumn, UTCDateTime, UUIDColumn

revision = "0003_canonical"
down_revision = "0002_hash_chain"
branch_labels = None
depends_on = None

SIDE_TABLE = "decision_canonical_inputs"
PAGE = 2000
# Whoever may read the decisions (the application's and the auditors' roles) reads the side
# table too: History and drift join it.
READERS_MAY_READ = f"""
DO $$
DECLARE reader record;
BEGIN
    FOR reader IN
        SELECT DISTINCT grantee FROM information_schema.role_table_grants
        WHERE table_name = 'decisions' AND privilege_type = 'SELECT' AND grantee <> current_user
    LOOP
        EXECUTE format('GRANT SELECT ON {SIDE_TABLE} TO %I', reader.grantee);
    END LOOP;
END $$
"""


def upgrade() -> None:
    postgres = op.get_context().dialect.name == "postgresql"
    op.add_column("decisions", sa.Column("typed_inputs", JSONColumn, nullable=True))
    op.create_table(
        SIDE_TABLE,
        sa.Column("decision_id", UUIDColumn, sa.ForeignKey("decisions.id"), primary_key=True),
        sa.Column("inputs", JSONColumn, nullable=False),
        sa.Column("typed_inputs", JSONColumn, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("migrated_at", UTCDateTime, nullable=False),
    )
    if postgres:
        op.execute(READERS_MAY_READ)
        op.execute(
            f"CREATE TRIGGER {SIDE_TABLE}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
            f"ON {SIDE_TABLE} FOR EACH STATEMENT EXECUTE FUNCTION pad_refuse_change()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS {SIDE_TABLE}_no_{verb.lower()} BEFORE {verb} "
                f"ON {SIDE_TABLE} BEGIN SELECT RAISE(ABORT, 'the {SIDE_TABLE} table is "
                f"append-only: {verb} refused'); END"
            )
    _canonicalise_older_records(op.get_bind())


def _canonicalise_older_records(connection: sa.Connection) -> None:
    """A side row for every older record whose inputs are not canonical, read in pages by id
    (a log of millions of records is never held in memory)."""
    from datetime import UTC, datetime

    from pad_desktop.model.bundle import load_bundle
    from pad_desktop.model.canonical_inputs import older_inputs
    from pad_desktop.runtime.paths import default_bundle_dir

    decisions = sa.table("decisions", sa.column("id", UUIDColumn), sa.column("inputs"))
    side = sa.table(
        SIDE_TABLE,
        sa.column("decision_id", UUIDColumn),
        sa.column("inputs", JSONColumn),
        sa.column("typed_inputs", JSONColumn),
        sa.column("note", sa.Text),
        sa.column("migrated_at", UTCDateTime),
    )
    signature = None
    now = datetime.now(UTC)
    after = None
    while True:
        query = sa.select(decisions.c.id, sa.cast(decisions.c.inputs, sa.Text))
        if after is not None:
            query = query.where(decisions.c.id > after)
        rows = connection.execute(query.order_by(decisions.c.id).limit(PAGE)).fetchall()
        if not rows:
            return
        if signature is None:
            signature = load_bundle(default_bundle_dir()).signature
        found = []
        for decision_id, text in rows:
            older = older_inputs(signature, json.loads(text))
            if older is not None:
                inputs, typed, note = older
                found.append(
                    {
                        "decision_id": decision_id,
                        "inputs": inputs,
                        "typed_inputs": typed,
                        "note": note,
                        "migrated_at": now,
                    }
                )
        if found:
            connection.execute(side.insert(), found)
        after = rows[-1][0]


def downgrade() -> None:
    op.drop_table(SIDE_TABLE)
    postgres = op.get_context().dialect.name == "postgresql"
    if postgres:
        op.drop_column("decisions", "typed_inputs")
    else:
        with op.batch_alter_table("decisions", recreate="always") as batch:
            batch.drop_column("typed_inputs")
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER IF NOT EXISTS decisions_no_{verb.lower()} BEFORE {verb} ON "
                f"decisions BEGIN SELECT RAISE(ABORT, 'the decisions table is append-only: "
                f"{verb} refused'); END"
            )
