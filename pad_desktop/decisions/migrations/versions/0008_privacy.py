"""Erasure that keeps the proof: a chained record per erased decision, and the one UPDATE the
append-only decisions table allows.

Revision ID: 0008_privacy
Revises: 0007_policy
Create Date: 2026-12-07

`decision_erasures` is append-only and chained from the start, like `outcomes`: one row per
decision whose personal inputs were made unreadable (an applicant's request, or the retention
period run out), with who, why, when, the decision's chain hash before the erasure and the
sha256 of its canonical line after it. `db verify` accepts an erased decision through it
(docs/decision_log.md, "Retention and erasure").

The decisions table stays append-only but for one change: its personal columns (`inputs`,
`typed_inputs`, the `inputs` member of `policy`) set to the erased mark `{"_erased": true}`,
every other column unchanged, and only once a `decision_erasures` row points at the decision.
Likewise a `decision_canonical_inputs` row (revision 0003's side table, personal too) may be
deleted once its decision is erased. On PostgreSQL a row trigger checks it (the statement
trigger keeps refusing DELETE and TRUNCATE); the privilege to do it is granted by
`resources/sql/app_role.sql` to `pad_supervisor` alone. In the embedded store, SQLite
triggers check the same.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pad_desktop.decisions.columns import UTCDateTime, UUIDColumn

revision = "0008_privacy"
down_revision = "0007_policy"
branch_labels = None
depends_on = None

TABLE = "decision_erasures"
SIDE = "decision_canonical_inputs"
SQLITE_NOW = "(strftime('%Y-%m-%dT%H:%M:%f', 'now'))"
ERASED_JSON = '{"_erased":true}'  # erasure.ERASED_JSON, frozen here as this revision wrote it
ERASED = ERASED_JSON.replace(":", "\\:")  # op.execute reads ":name" as a bind parameter
# Every column of decisions but the personal ones: an erasure leaves them as they were.
KEPT = (
    "id", "created_at", "officer", "workstation", "source", "batch_id", "row_number",
    "model_id", "model_sha256", "score", "threshold", "decision", "reasons", "latency_ms",
    "case_ref", "os_account", "previous_id", "stream_id", "stream_seq", "chain_hash",
    "received_at",
)  # fmt: skip
SAME_RIGHTS = """
DO $$
DECLARE grant_row record;
BEGIN
    FOR grant_row IN
        SELECT DISTINCT grantee, privilege_type FROM information_schema.role_table_grants
        WHERE table_name = 'decisions' AND privilege_type IN ('SELECT', 'INSERT')
          AND grantee <> current_user
    LOOP
        EXECUTE format('GRANT %s ON decision_erasures TO %I', grant_row.privilege_type,
                       grant_row.grantee);
    END LOOP;
END $$
"""
PG_ERASURE_ONLY = f"""
CREATE FUNCTION pad_erasure_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (to_jsonb(NEW) - 'inputs' - 'typed_inputs' - 'policy')
           IS DISTINCT FROM (to_jsonb(OLD) - 'inputs' - 'typed_inputs' - 'policy')
       OR NEW.inputs IS DISTINCT FROM '{ERASED}'::jsonb
       OR (OLD.typed_inputs IS NULL) <> (NEW.typed_inputs IS NULL)
       OR (NEW.typed_inputs IS NOT NULL AND NEW.typed_inputs <> '{ERASED}'::jsonb)
       OR (OLD.policy IS NULL) <> (NEW.policy IS NULL)
       OR (NEW.policy - 'inputs') IS DISTINCT FROM (OLD.policy - 'inputs')
       OR (OLD.policy ? 'inputs' AND NEW.policy -> 'inputs' <> '{ERASED}'::jsonb)
       OR NOT EXISTS (SELECT 1 FROM {TABLE} WHERE decision_id = OLD.id) THEN
        RAISE EXCEPTION 'the decisions table is append-only: UPDATE refused (only the erasure '
                        'of a decision''s personal inputs, once recorded, is allowed)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$
"""
# Statement-level, as revision 0001's: an UPDATE matching no row is refused too, unless the
# transaction declares itself an erasure (`SET LOCAL pad.erasure = 'on'`, `erasing.py`); the
# row trigger above then decides for each row. The flag grants nothing by itself.
PG_REFUSE_UNLESS_ERASURE = """
CREATE FUNCTION pad_refuse_unless_erasure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('pad.erasure', true), '') <> 'on' THEN
        RAISE EXCEPTION 'the % table is append-only: % refused', TG_TABLE_NAME, TG_OP
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'record an override or a review as a new row instead';
    END IF;
    RETURN NULL;
END $$
"""
PG_ERASED_SIDE_ONLY = f"""
CREATE FUNCTION pad_erased_side_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM {TABLE} WHERE decision_id = OLD.decision_id) THEN
        RAISE EXCEPTION 'the {SIDE} table is append-only: DELETE refused (but of an erased '
                        'decision''s)' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN OLD;
END $$
"""


def _sqlite_erasure_only() -> str:
    kept = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in KEPT)
    return (
        "CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions WHEN NOT ("
        f"{kept} AND NEW.inputs = '{ERASED}' "
        f"AND (NEW.typed_inputs IS NULL) = (OLD.typed_inputs IS NULL) "
        f"AND (NEW.typed_inputs IS NULL OR NEW.typed_inputs = '{ERASED}') "
        "AND (NEW.policy IS NULL) = (OLD.policy IS NULL) "
        "AND (NEW.policy IS NULL OR json_remove(NEW.policy, '$.inputs') "
        "= json_remove(OLD.policy, '$.inputs')) "
        f"AND EXISTS (SELECT 1 FROM {TABLE} WHERE decision_id = OLD.id)) "
        "BEGIN SELECT RAISE(ABORT, 'the decisions table is append-only: UPDATE refused'); END"
    )


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
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("case_ref", sa.Text, nullable=True),
        sa.Column("former_hash", sa.String(64), nullable=True),
        sa.Column("residual_sha256", sa.String(64), nullable=False),
        sa.Column("stream_id", UUIDColumn, nullable=True),
        sa.Column("stream_seq", sa.BigInteger, nullable=True),
        sa.Column("chain_hash", sa.String(64), nullable=True),
        sa.Column("received_at", UTCDateTime, nullable=True, server_default=now),
    )
    op.create_index(f"ix_{TABLE}_decision_id", TABLE, ["decision_id"])
    op.create_index(f"ix_{TABLE}_stream", TABLE, ["stream_id", "stream_seq"])
    if postgres:  # pad_refuse_change() is revision 0001's, pad_server_time() 0005's
        op.execute(
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
            f"ON {TABLE} FOR EACH STATEMENT EXECUTE FUNCTION pad_refuse_change()"
        )
        op.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_chained CHECK (stream_id IS NOT NULL "
            "AND stream_seq IS NOT NULL AND chain_hash IS NOT NULL)"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_server_time BEFORE INSERT ON {TABLE} "
            "FOR EACH ROW EXECUTE FUNCTION pad_server_time()"
        )
        op.execute(SAME_RIGHTS)
        # decisions: DELETE and TRUNCATE refused as before; UPDATE only as an erasure
        op.execute("DROP TRIGGER decisions_append_only ON decisions")
        op.execute(
            "CREATE TRIGGER decisions_append_only BEFORE DELETE OR TRUNCATE ON decisions "
            "FOR EACH STATEMENT EXECUTE FUNCTION pad_refuse_change()"
        )
        op.execute(PG_REFUSE_UNLESS_ERASURE)
        op.execute(
            "CREATE TRIGGER decisions_update_only_erasure BEFORE UPDATE ON decisions "
            "FOR EACH STATEMENT EXECUTE FUNCTION pad_refuse_unless_erasure()"
        )
        op.execute(PG_ERASURE_ONLY)
        op.execute(
            "CREATE TRIGGER decisions_erasure_only BEFORE UPDATE ON decisions "
            "FOR EACH ROW EXECUTE FUNCTION pad_erasure_only()"
        )
        op.execute(f"DROP TRIGGER {SIDE}_append_only ON {SIDE}")
        op.execute(
            f"CREATE TRIGGER {SIDE}_append_only BEFORE UPDATE OR TRUNCATE ON {SIDE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION pad_refuse_change()"
        )
        op.execute(
            f"CREATE TRIGGER {SIDE}_delete_only_erasure BEFORE DELETE ON {SIDE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION pad_refuse_unless_erasure()"
        )
        op.execute(PG_ERASED_SIDE_ONLY)
        op.execute(
            f"CREATE TRIGGER {SIDE}_erased_only BEFORE DELETE ON {SIDE} "
            "FOR EACH ROW EXECUTE FUNCTION pad_erased_side_only()"
        )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {TABLE}_no_{verb.lower()} BEFORE {verb} ON {TABLE} BEGIN "
                f"SELECT RAISE(ABORT, 'the {TABLE} table is append-only: {verb} refused'); END"
            )
        op.execute("DROP TRIGGER IF EXISTS decisions_no_update")
        op.execute(_sqlite_erasure_only())
        op.execute(f"DROP TRIGGER IF EXISTS {SIDE}_no_delete")
        op.execute(
            f"CREATE TRIGGER {SIDE}_no_delete BEFORE DELETE ON {SIDE} WHEN NOT EXISTS "
            f"(SELECT 1 FROM {TABLE} WHERE decision_id = OLD.decision_id) BEGIN "
            f"SELECT RAISE(ABORT, 'the {SIDE} table is append-only: DELETE refused'); END"
        )


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"DROP TRIGGER {SIDE}_erased_only ON {SIDE}")
        op.execute(f"DROP TRIGGER {SIDE}_delete_only_erasure ON {SIDE}")
        op.execute(f"DROP TRIGGER {SIDE}_append_only ON {SIDE}")
        op.execute("DROP FUNCTION pad_erased_side_only()")
        op.execute(
            f"CREATE TRIGGER {SIDE}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
            f"ON {SIDE} FOR EACH STATEMENT EXECUTE FUNCTION pad_refuse_change()"
        )
        op.execute("DROP TRIGGER decisions_erasure_only ON decisions")
        op.execute("DROP TRIGGER decisions_update_only_erasure ON decisions")
        op.execute("DROP FUNCTION pad_refuse_unless_erasure()")
        op.execute("DROP TRIGGER decisions_append_only ON decisions")
        op.execute("DROP FUNCTION pad_erasure_only()")
        op.execute(
            "CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
            "ON decisions FOR EACH STATEMENT EXECUTE FUNCTION pad_refuse_change()"
        )
    else:
        op.execute("DROP TRIGGER IF EXISTS decisions_no_update")
        op.execute(
            "CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions BEGIN "
            "SELECT RAISE(ABORT, 'the decisions table is append-only: UPDATE refused'); END"
        )
        op.execute(f"DROP TRIGGER IF EXISTS {SIDE}_no_delete")
        op.execute(
            f"CREATE TRIGGER {SIDE}_no_delete BEFORE DELETE ON {SIDE} BEGIN "
            f"SELECT RAISE(ABORT, 'the {SIDE} table is append-only: DELETE refused'); END"
        )
    op.drop_table(TABLE)
