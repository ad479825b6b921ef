"""Case references, the OS account beside the officer's name, and re-score links.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pad_desktop.decisions.columns import UUIDColumn

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added columns are nullable (or have a default): rows written before keep their meaning,
    # and outbox entries of the previous layout still deliver.
    with op.batch_alter_table("decisions") as table:
        table.add_column(sa.Column("case_ref", sa.Text, nullable=True))
        table.add_column(sa.Column("os_account", sa.Text, nullable=True))
        table.add_column(sa.Column("previous_id", UUIDColumn, nullable=True))
    for name in ("decision_overrides", "model_events"):
        with op.batch_alter_table(name) as table:
            table.add_column(sa.Column("os_account", sa.Text, nullable=True))
    op.create_index("ix_decisions_case_ref_created_at", "decisions", ["case_ref", "created_at"])
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_decisions_applicant_id")


def downgrade() -> None:
    op.drop_index("ix_decisions_case_ref_created_at", "decisions")
    for name in ("decision_overrides", "model_events"):
        with op.batch_alter_table(name) as table:
            table.drop_column("os_account")
    with op.batch_alter_table("decisions") as table:
        for column in ("previous_id", "os_account", "case_ref"):
            table.drop_column(column)
