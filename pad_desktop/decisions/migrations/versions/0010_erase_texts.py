"""Erasure of the free texts written about a case: the applicant's point of view, a
supervisor's answer, an override's justification, made unreadable with the same proof.

Revision ID: 0010_erase_texts
Revises: 0009_oversight
Create Date: 2026-12-07

`text_erasures` is revision 0008's `decision_erasures` for a text: append-only, chained from
the start, one row per erased record (`record_table`, `record_id`), pointing at the decision
the text is about, with the record's chain hash before the erasure (`former_hash`) and the
sha256 of its canonical line after it (`residual_sha256`): `db verify` accepts the record
through it, as it does an erased decision (docs/decision_log.md, "Retention and erasure").

`decision_overrides`, `oversight_requests` and `oversight_answers` stay append-only but for
one change each: their text column (`justification`, `text`, `reason`) set to the erased
mark, every other column unchanged, and only once a `text_erasures` row points at the
record. On PostgreSQL a row trigger checks it (the statement triggers keep refusing DELETE
and TRUNCATE, and an UPDATE outside an erasure transaction); the privilege is granted by
`resources/sql/app_role.sql` to `pad_supervisor` alone. In the embedded store, SQLite triggers
check the same.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pad_desktop.decisions.columns import UTCDateTime, UUIDColumn

revision = "0010_erase_texts"
down_revision = "0009_oversight"
branch_labels = None
depends_on = None

TABLE = "text_erasures"
SQLITE_NOW = "(strftime('%Y-%m-%dT%H:%M:%f', 'now'))"
ERASED_JSON = '{"_erased":true}'  # erasure.ERASED_JSON, frozen here as this revision wrote it
ERASED = ERASED_JSON.replace(":", "\\:")  # op.execute reads ":name" as a bind parameter
# The tables whose text column may be erased, and that column.
TEXTS = {
    "decision_overrides": "justification",
    "oversight_requests": "text",
    "oversight_answers": "reason",
}
SAME_RIGHTS = f"""
DO $$
DECLARE grant_row record;
BEGIN
    FOR grant_row IN
        SELECT DISTINCT grantee, privilege_type FROM information_schema.role_table_grants
        WHERE table_name = 'decision_erasures' AND privilege_type IN ('SELECT', 'INSERT')
          AND grantee <> current_user
    LOOP
        EXECUTE format('GRANT %s ON {TABLE} TO %I', grant_row.privilege_type,
                       grant_row.grantee);
    END LOOP;
END $$
"""
# TG_ARGV[0]: the text column. Everything else must stay, the text become the mark, and an
# erasure record of this very record exist (delivered before the update: `erasing.py`).
PG_TEXT_ERASURE_ONLY = f"""
CREATE FUNCTION pad_text_erasure_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    col text := TG_ARGV[0];
BEGIN
    IF (to_jsonb(NEW) - col) IS DISTINCT FROM (to_jsonb(OLD) - col)
       OR (to_jsonb(NEW) ->> col) IS DISTINCT FROM '{ERASED}'
       OR NOT EXISTS (SELECT 1 FROM {TABLE}
                      WHERE record_id = OLD.id AND record_table = TG_TABLE_NAME) THEN
        RAISE EXCEPTION 'the % table is append-only: UPDATE refused (only the erasure of '
                        'its text, once recorded, is allowed)', TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$
"""


def _sqlite_text_erasure_only(table: str, column: str) -> str:
    names = [r[1] for r in op.get_bind().exec_driver_sql(f"PRAGMA table_info({table})")]
    kept = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in names if c != column)
    return (
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} WHEN NOT ("
        f"{kept} AND NEW.{column} = '{ERASED}' "
        f"AND EXISTS (SELECT 1 FROM {TABLE} WHERE record_id = OLD.id "
        f"AND record_table = '{table}')) "
        f"BEGIN SELECT RAISE(ABORT, 'the {table} table is append-only: UPDATE refused'); END"
    )


def upgrade() -> None:
    postgres = op.get_context().dialect.name == "postgresql"
    now = sa.text("clock_timestamp()" if postgres else SQLITE_NOW)
    op.create_table(
        TABLE,
        sa.Column("id", UUIDColumn, primary_key=True),
        sa.Column("decision_id", UUIDColumn, sa.ForeignKey("decisions.id"), nullable=False),
        sa.Column("record_table", sa.String(32), nullable=False),
        sa.Column("record_id", UUIDColumn, nullable=False),
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
    op.create_index(f"ix_{TABLE}_record_id", TABLE, ["record_id"])
    op.create_index(f"ix_{TABLE}_stream", TABLE, ["stream_id", "stream_seq"])
    if postgres:  # pad_refuse_change() is 0001's, pad_server_time() 0005's, the rest 0008's
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
        op.execute(PG_TEXT_ERASURE_ONLY)
        for table, column in TEXTS.items():
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION pad_refuse_change()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_update_only_erasure BEFORE UPDATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION pad_refuse_unless_erasure()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_text_erasure_only BEFORE UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION pad_text_erasure_only('{column}')"
            )
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {TABLE}_no_{verb.lower()} BEFORE {verb} ON {TABLE} BEGIN "
                f"SELECT RAISE(ABORT, 'the {TABLE} table is append-only: {verb} refused'); END"
            )
        for table, column in TEXTS.items():
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(_sqlite_text_erasure_only(table, column))


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for table in TEXTS:
            op.execute(f"DROP TRIGGER {table}_text_erasure_only ON {table}")
            op.execute(f"DROP TRIGGER {table}_update_only_erasure ON {table}")
            op.execute(f"DROP TRIGGER {table}_append_only ON {table}")
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION pad_refuse_change()"
            )
        op.execute("DROP FUNCTION pad_text_erasure_only()")
    else:
        for table in TEXTS:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            op.execute(
                f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN "
                f"SELECT RAISE(ABORT, 'the {table} table is append-only: UPDATE refused'); END"
            )
    op.drop_table(TABLE)
