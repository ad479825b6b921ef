"""Decisions, overrides and model events, append-only.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pad_desktop.decisions.columns import JSONColumn, UTCDateTime, UUIDColumn

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

APPEND_ONLY = ("decisions", "decision_overrides", "model_events")

# One function for every append-only table; statement-level so that even an UPDATE or DELETE
# matching no row is refused, and TRUNCATE too. Triggers bind the table owner as well as
# any other role (only a superuser can switch them off).
PG_REFUSE_CHANGE = """
CREATE FUNCTION pad_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the % table is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'record an override or a review as a new row instead';
END $$
"""


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", UUIDColumn, primary_key=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("officer", sa.Text, nullable=False),
        sa.Column("workstation", sa.Text, nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("batch_id", UUIDColumn, nullable=True),
        sa.Column("row_number", sa.BigInteger, nullable=True),
        sa.Column("model_id", sa.Text, nullable=False),
        sa.Column("model_sha256", sa.String(64), nullable=False),
        sa.Column("inputs", JSONColumn, nullable=False),
        sa.Column("score", sa.Float(53), nullable=False),
        sa.Column("threshold", sa.Float(53), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("reasons", JSONColumn, nullable=False),
        sa.Column("latency_ms", sa.Float(53), nullable=False),
    )
    # History lists newest first, filtered by officer or model; other filters ride on these.
    op.create_index("ix_decisions_created_at", "decisions", ["created_at"])
    op.create_index("ix_decisions_officer_created_at", "decisions", ["officer", "created_at"])
    op.create_index("ix_decisions_model_created_at", "decisions", ["model_id", "created_at"])
    op.create_table(
        "decision_overrides",
        sa.Column("id", UUIDColumn, primary_key=True),
        sa.Column("decision_id", UUIDColumn, sa.ForeignKey("decisions.id"), nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("officer", sa.Text, nullable=False),
        sa.Column("workstation", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("new_decision", sa.String(16), nullable=True),
        sa.Column("justification", sa.Text, nullable=False),
    )
    op.create_index("ix_decision_overrides_decision_id", "decision_overrides", ["decision_id"])
    op.create_table(
        "model_events",
        sa.Column("id", UUIDColumn, primary_key=True),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("officer", sa.Text, nullable=False),
        sa.Column("workstation", sa.Text, nullable=False),
        sa.Column("from_model", sa.Text, nullable=True),
        sa.Column("to_model", sa.Text, nullable=False),
        sa.Column("repo", sa.Text, nullable=True),
        sa.Column("repo_commit", sa.Text, nullable=True),
    )
    op.create_index("ix_model_events_created_at", "model_events", ["created_at"])

    if op.get_context().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_decisions_applicant_id ON decisions ((inputs ->> 'id'))")
        op.execute(PG_REFUSE_CHANGE)
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION pad_refuse_change()"
            )
    else:
        for table in APPEND_ONLY:
            for verb in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} BEGIN "
                    f"SELECT RAISE(ABORT, 'the {table} table is append-only: {verb} refused'); END"
                )


def downgrade() -> None:
    for table in ("model_events", "decision_overrides", "decisions"):
        op.drop_table(table)
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP FUNCTION pad_refuse_change()")
