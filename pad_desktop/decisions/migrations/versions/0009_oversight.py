"""Human oversight: requests awaiting a second person, their answers, and the stop switch.

Revision ID: 0009_oversight
Revises: 0008_privacy
Create Date: 2026-12-07

Three append-only tables, chained from the start like outcomes (0006):
- `oversight_requests`: what waits for a second person: an override beyond the officer's
  delegation ("override"), a model switch ("model"), the applicant's request for human review
  with their point of view ("review");
- `oversight_answers`: a supervisor's (or model owner's) approval, rejection or review of a
  request, with the reason, and the override it wrote when approved;
- `control_events`: the stop switch ("stop" / "resume") for the whole lender, who and why.
Each row carries `db_user`, the database role that wrote it (`session_user`).

On PostgreSQL the database itself keeps the rules that matter, whatever a client does
(`pad_holds(role)`: a superuser, the owner of the decision tables, or a member of the group
role `pad_officer`, `pad_supervisor`, `pad_model_owner` or `pad_auditor` that
`resources/sql/app_role.sql` creates):
- a row's `db_user` must be the role writing it;
- only a supervisor answers an override or review request, only a model owner a model request,
  and never the person who asked;
- only a supervisor or a model owner stops or resumes;
- an override approving a refused applicant whose probability exceeds the threshold by more
  than the delegation (`pad_delegation.review_band`, the owner's to set) comes from a
  supervisor: an officer's goes through a request;
- a model switch ("use", "rollback", "install" events) comes from a model owner.
The refusals are check violations (SQLSTATE 23514), not privilege errors: delivery sets such a
record aside (`db status` counts it) instead of retrying it ahead of every later record.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pad_desktop.decisions.columns import UTCDateTime, UUIDColumn

revision = "0009_oversight"
down_revision = "0008_privacy"
branch_labels = None
depends_on = None

REQUESTS, ANSWERS, CONTROL = "oversight_requests", "oversight_answers", "control_events"
DELEGATION = "pad_delegation"
SQLITE_NOW = "(strftime('%Y-%m-%dT%H:%M:%f', 'now'))"
GROUPS = ("pad_officer", "pad_supervisor", "pad_model_owner", "pad_auditor")

PG_FUNCTIONS = [
    # Whether the connected person holds a role: superuser, owner of the decision tables, or a
    # member of the group role (absent until app_role.sql creates it).
    """
CREATE FUNCTION pad_holds(group_role text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $$
    SELECT COALESCE((SELECT rolsuper FROM pg_roles WHERE rolname = session_user), false)
        OR pg_has_role(session_user,
                       (SELECT tableowner FROM pg_tables WHERE tablename = 'decisions'
                        AND schemaname = 'public'), 'MEMBER')
        OR (EXISTS (SELECT 1 FROM pg_roles WHERE rolname = group_role)
            AND pg_has_role(session_user, group_role, 'MEMBER'))
$$
""",
    """
CREATE FUNCTION pad_oversight_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE asked record;
BEGIN
    IF NEW.db_user IS DISTINCT FROM session_user::text THEN
        RAISE EXCEPTION 'pad oversight: % written as %, connected as %',
            TG_TABLE_NAME, NEW.db_user, session_user USING ERRCODE = 'check_violation';
    END IF;
    IF TG_TABLE_NAME = 'control_events' THEN
        IF NOT (pad_holds('pad_supervisor') OR pad_holds('pad_model_owner')) THEN
            RAISE EXCEPTION 'pad oversight: only a supervisor or a model owner stops or resumes'
                USING ERRCODE = 'check_violation';
        END IF;
    ELSIF TG_TABLE_NAME = 'oversight_answers' THEN
        SELECT kind, db_user INTO asked FROM oversight_requests WHERE id = NEW.request_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'pad oversight: no request %', NEW.request_id
                USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF asked.db_user = session_user::text THEN
            RAISE EXCEPTION 'pad oversight: % cannot answer their own request', session_user
                USING ERRCODE = 'check_violation';
        END IF;
        IF asked.kind = 'model' AND NOT pad_holds('pad_model_owner') THEN
            RAISE EXCEPTION 'pad oversight: only a model owner answers a model switch'
                USING ERRCODE = 'check_violation';
        ELSIF asked.kind <> 'model' AND NOT pad_holds('pad_supervisor') THEN
            RAISE EXCEPTION 'pad oversight: only a supervisor answers an override or a review'
                USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    RETURN NEW;
END $$
""",
    """
CREATE FUNCTION pad_override_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
DECLARE d record; band double precision;
BEGIN
    IF NEW.kind <> 'override' OR NEW.new_decision IS DISTINCT FROM 'approved'
            OR pad_holds('pad_supervisor') THEN
        RETURN NEW;
    END IF;
    SELECT decision, score, threshold INTO d FROM decisions WHERE id = NEW.decision_id;
    SELECT review_band INTO band FROM pad_delegation WHERE id = 1;
    IF FOUND AND d.decision = 'refused' AND d.score > d.threshold + band THEN
        RAISE EXCEPTION 'pad oversight: approving this refusal is beyond an officer''s '
            'delegation: a supervisor approves it' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$
""",
    """
CREATE FUNCTION pad_model_event_guard() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $$
BEGIN
    IF NEW.kind IN ('use', 'rollback', 'install') AND NOT pad_holds('pad_model_owner') THEN
        RAISE EXCEPTION 'pad oversight: only a model owner switches the model'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$
""",
]

# The roles that may write decisions (the application's, made before this revision) may ask
# for reviews; the group roles get their rights from app_role.sql, run again.
SAME_RIGHTS = """
DO $$
DECLARE grant_row record;
BEGIN
    FOR grant_row IN
        SELECT DISTINCT grantee, privilege_type FROM information_schema.role_table_grants
        WHERE table_name = 'decisions' AND privilege_type IN ('SELECT', 'INSERT')
          AND grantee <> current_user
    LOOP
        EXECUTE format('GRANT SELECT ON {TABLE} TO %I', grant_row.grantee);
        IF grant_row.privilege_type = 'INSERT' THEN
            EXECUTE format('GRANT INSERT ON {TABLE} TO %I', grant_row.grantee);
        END IF;
    END LOOP;
END $$
"""


def _chained(now: sa.TextClause) -> list[sa.Column]:
    return [
        sa.Column("stream_id", UUIDColumn, nullable=True),
        sa.Column("stream_seq", sa.BigInteger, nullable=True),
        sa.Column("chain_hash", sa.String(64), nullable=True),
        sa.Column("received_at", UTCDateTime, nullable=True, server_default=now),
    ]


def _who() -> list[sa.Column]:
    return [
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("officer", sa.Text, nullable=False),
        sa.Column("workstation", sa.Text, nullable=False),
        sa.Column("os_account", sa.Text, nullable=False),
        sa.Column("db_user", sa.Text, nullable=False),
    ]


def upgrade() -> None:
    postgres = op.get_context().dialect.name == "postgresql"
    now = sa.text("clock_timestamp()" if postgres else SQLITE_NOW)
    op.create_table(
        REQUESTS,
        sa.Column("id", UUIDColumn, primary_key=True),
        *_who(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("decision_id", UUIDColumn, sa.ForeignKey("decisions.id"), nullable=True),
        sa.Column("new_decision", sa.String(16), nullable=True),
        sa.Column("target", sa.Text, nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        *_chained(now),
        sa.CheckConstraint("kind IN ('override', 'model', 'review')", name=f"{REQUESTS}_kind"),
    )
    op.create_index(f"ix_{REQUESTS}_decision_id", REQUESTS, ["decision_id"])
    op.create_table(
        ANSWERS,
        sa.Column("id", UUIDColumn, primary_key=True),
        sa.Column("request_id", UUIDColumn, sa.ForeignKey(f"{REQUESTS}.id"), nullable=False),
        *_who(),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("override_id", UUIDColumn, nullable=True),
        *_chained(now),
        sa.CheckConstraint(
            "verdict IN ('approved', 'rejected', 'reviewed')", name=f"{ANSWERS}_verdict"
        ),
    )
    op.create_index(f"ix_{ANSWERS}_request_id", ANSWERS, ["request_id"])
    op.create_table(
        CONTROL,
        sa.Column("id", UUIDColumn, primary_key=True),
        *_who(),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        *_chained(now),
        sa.CheckConstraint("kind IN ('stop', 'resume')", name=f"{CONTROL}_kind"),
    )
    op.create_index(f"ix_{CONTROL}_received", CONTROL, ["received_at"])
    for table in (REQUESTS, ANSWERS, CONTROL):
        _guard(table, postgres)
    if not postgres:  # the embedded store is one person's: the settings hold the delegation
        return
    op.create_table(
        DELEGATION,
        sa.Column("id", sa.SmallInteger, primary_key=True),
        sa.Column("review_band", sa.Float(53), nullable=False),
        sa.CheckConstraint("id = 1", name=f"{DELEGATION}_one_row"),
        sa.CheckConstraint("review_band >= 0", name=f"{DELEGATION}_band"),
    )
    op.execute(f"INSERT INTO {DELEGATION} (id, review_band) VALUES (1, 0.05)")
    op.execute(f"GRANT SELECT ON {DELEGATION} TO PUBLIC")  # what every workstation applies
    for function in PG_FUNCTIONS:
        op.execute(function)
    op.execute("GRANT EXECUTE ON FUNCTION pad_holds(text) TO PUBLIC")
    for table in (REQUESTS, ANSWERS, CONTROL):
        op.execute(
            f"CREATE TRIGGER {table}_oversight BEFORE INSERT ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION pad_oversight_guard()"
        )
    op.execute(
        "CREATE TRIGGER decision_overrides_delegation BEFORE INSERT ON decision_overrides "
        "FOR EACH ROW EXECUTE FUNCTION pad_override_guard()"
    )
    op.execute(
        "CREATE TRIGGER model_events_owner BEFORE INSERT ON model_events "
        "FOR EACH ROW EXECUTE FUNCTION pad_model_event_guard()"
    )


def _guard(table: str, postgres: bool) -> None:
    """Append-only, chained from the start, the server's clock (as revision 0006's tables)."""
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
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER model_events_owner ON model_events")
        op.execute("DROP TRIGGER decision_overrides_delegation ON decision_overrides")
        op.drop_table(DELEGATION)
    op.drop_table(CONTROL)
    op.drop_table(ANSWERS)
    op.drop_table(REQUESTS)
    if op.get_context().dialect.name == "postgresql":
        for function in ("pad_model_event_guard()", "pad_override_guard()",
                         "pad_oversight_guard()", "pad_holds(text)"):  # fmt: skip
            op.execute(f"DROP FUNCTION {function}")
