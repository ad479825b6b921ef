"""The model loop: outcomes observed and challengers' shadow scores, append-only, chained rows.

Revision ID: 0006_model_loop
Revises: 0005_chain_guards
Create Date: 2026-12-07

An outcome is a record of the log like a notice: a new row pointing at the decision it judges,
in its stream's hash chain from the start (so `db verify` checks it). Each store keeps one
outcome per decision (a re-imported file adds nothing); two workstations importing the same
file at the same moment may each deliver theirs (the index on `decision_id` is not unique, so
neither row leaves a gap in its stream), and the readers count such a decision once, or leave
it out when its outcomes disagree.
`observed_on` is an ISO date (text: no time zone to shift it); `defaulted` is 0 or 1.

A shadow score is what a challenger model gave a live decision: never shown, never a decision,
a row pointing at the decision, one per decision and model (its id derived from both).

A switch's evidence is the hash of the comparison report a model switch was made on: a row
pointing at the switch's model event.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pad_desktop.decisions.columns import UTCDateTime, UUIDColumn

revision = "0006_model_loop"
down_revision = "0005_chain_guards"
branch_labels = None
depends_on = None

TABLE = "outcomes"
SHADOW = "shadow_scores"
EVIDENCE = "switch_evidence"
SQLITE_NOW = "(strftime('%Y-%m-%dT%H:%M:%f', 'now'))"
# The roles that may read or write decisions (the application's, the auditors') may do the same
# with outcomes: they were granted before this table existed.
SAME_RIGHTS = """
DO $$
DECLARE grant_row record;
BEGIN
    FOR grant_row IN
        SELECT DISTINCT grantee, privilege_type FROM information_schema.role_table_grants
        WHERE table_name = 'decisions' AND privilege_type IN ('SELECT', 'INSERT')
          AND grantee <> current_user
    LOOP
        EXECUTE format('GRANT %s ON {TABLE} TO %I', grant_row.privilege_type, grant_row.grantee);
    END LOOP;
END $$
"""


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
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("case_ref", sa.Text, nullable=True),
        sa.Column("defaulted", sa.SmallInteger, nullable=False),
        sa.Column("observed_on", sa.String(10), nullable=False),
        sa.Column("stream_id", UUIDColumn, nullable=True),
        sa.Column("stream_seq", sa.BigInteger, nullable=True),
        sa.Column("chain_hash", sa.String(64), nullable=True),
        sa.Column("received_at", UTCDateTime, nullable=True, server_default=now),
        sa.CheckConstraint("defaulted IN (0, 1)", name=f"{TABLE}_defaulted_01"),
    )
    op.create_index(f"ix_{TABLE}_decision_id", TABLE, ["decision_id"])
    _guard(TABLE, postgres)
    op.create_table(
        SHADOW,
        sa.Column("id", UUIDColumn, primary_key=True),
        sa.Column("decision_id", UUIDColumn, sa.ForeignKey("decisions.id"), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("model_id", sa.Text, nullable=False),
        sa.Column("model_sha256", sa.String(64), nullable=False),
        sa.Column("threshold", sa.Float(53), nullable=False),
        sa.Column("score", sa.Float(53), nullable=False),
        sa.Column("stream_id", UUIDColumn, nullable=True),
        sa.Column("stream_seq", sa.BigInteger, nullable=True),
        sa.Column("chain_hash", sa.String(64), nullable=True),
        sa.Column("received_at", UTCDateTime, nullable=True, server_default=now),
    )
    op.create_index(f"ix_{SHADOW}_decision_id", SHADOW, ["decision_id"])
    op.create_index(f"ix_{SHADOW}_model_id", SHADOW, ["model_id"])
    _guard(SHADOW, postgres)
    op.create_table(
        EVIDENCE,
        sa.Column("id", UUIDColumn, primary_key=True),
        sa.Column("event_id", UUIDColumn, sa.ForeignKey("model_events.id"), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("officer", sa.Text, nullable=False),
        sa.Column("workstation", sa.Text, nullable=False),
        sa.Column("os_account", sa.Text, nullable=False),
        sa.Column("report_sha256", sa.String(64), nullable=False),
        sa.Column("candidate_sha256", sa.String(64), nullable=False),
        sa.Column("stream_id", UUIDColumn, nullable=True),
        sa.Column("stream_seq", sa.BigInteger, nullable=True),
        sa.Column("chain_hash", sa.String(64), nullable=True),
        sa.Column("received_at", UTCDateTime, nullable=True, server_default=now),
    )
    op.create_index(f"ix_{EVIDENCE}_event_id", EVIDENCE, ["event_id"])
    _guard(EVIDENCE, postgres)


def _guard(table: str, postgres: bool) -> None:
    """Append-only, chained from the start, the server's clock, the decisions' readers' rights."""
    op.create_index(f"ix_{table}_stream", table, ["stream_id", "stream_seq"])
    if postgres:  # pad_refuse_change() is revision 0001's, pad_server_time() 0005's
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION pad_refuse_change()"
        )
        op.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {table}_chained CHECK (stream_id IS NOT NULL "
            "AND stream_seq IS NOT NULL AND chain_hash IS NOT NULL)"
        )
        op.execute(
            f"CREATE TRIGGER {table}_server_time BEFORE INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION pad_server_time()"
        )
        op.execute(SAME_RIGHTS.replace("{TABLE}", table))
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} BEGIN "
                f"SELECT RAISE(ABORT, 'the {table} table is append-only: {verb} refused'); END"
            )


def downgrade() -> None:
    op.drop_table(EVIDENCE)
    op.drop_table(SHADOW)  # its indexes, constraints and triggers go with it
    op.drop_table(TABLE)
