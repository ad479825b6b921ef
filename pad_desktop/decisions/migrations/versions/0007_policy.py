"""The decision policy's verdict beside each decision.

Revision ID: 0007_policy
Revises: 0006_model_loop
Create Date: 2026-12-07

`decisions.policy` (JSON) holds what the lending policy did to the decision: the policy's id,
version and sha256, the policy inputs as read (income, charges: data the model does not see),
the rules fired in order with their outcome, and the effect (refuse, refer or none); "{}" when
no policy was in use. Records written before this revision have NULL there and their chain
hash is unchanged: a NULL later column is left out of the canonical line (`encode.record_line`),
while every new record has one, so erasing it breaks the chain.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pad_desktop.decisions.columns import JSONColumn

revision = "0007_policy"
down_revision = "0006_model_loop"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("decisions", sa.Column("policy", JSONColumn, nullable=True))


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.drop_column("decisions", "policy")
    else:
        with op.batch_alter_table("decisions") as batch:
            batch.drop_column("policy")
