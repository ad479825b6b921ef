-- Least-privilege PostgreSQL roles of pad_desktop: the application's, and an auditor's.
--
-- Three roles, honestly (docs/decision_log.md):
--   owner   the role that ran `pad-desktop db upgrade`. It owns the tables, so it can switch
--           the append-only triggers off and edit or delete rows: it is not protected against,
--           only caught afterwards by the hash chain (`pad-desktop db verify`). Keep it for
--           migrations, away from the workstations.
--   app     what the workstations and the API log in as (this script): INSERT and SELECT only
--           on the decision tables; no UPDATE, DELETE, TRUNCATE, DDL, and it owns nothing.
--   auditor SELECT only (optional here): runs `pad-desktop db verify` and reads history.
--
-- And the four roles of human oversight (docs/decision_log.md, "Human oversight"), NOLOGIN
-- group roles that people's own LOGIN roles are members of, so that each person connects as
-- themselves and the database knows who may do what (revision 0009_oversight's triggers check
-- membership with pad_holds(); no workstation can promote itself):
--   pad_officer      decides, overrides within the delegation, records review requests
--   pad_supervisor   also approves or rejects pending overrides and reviews; stop switch
--   pad_model_owner  switches the model (approved by a second model owner); stop switch
--   pad_auditor      reads everything, writes nothing
-- The app role (a shared login) is an officer; the auditor role below is a pad_auditor.
-- A person: CREATE ROLE jane LOGIN PASSWORD '...' IN ROLE pad_officer, pad_supervisor;
-- Group roles belong to the whole server: this script creates them once and grants them
-- their rights in this database.
--
-- Run it as the owner of the decision database, after `pad-desktop db upgrade`:
--   psql "postgresql://owner@dbhost/decisions" -v app_role=pad_app \
--        -v app_password='a long random secret' \
--        [-v auditor_role=pad_audit -v auditor_password='another secret'] \
--        -f resources/sql/app_role.sql
-- then give the workstations DATABASE_URL=postgresql://pad_app@dbhost/decisions and the
-- password through the keyring (Preferences) or PGPASSFILE, never in the URL's query.
-- Creating roles needs CREATEROLE (or a superuser); a missing password stops the script.

\set ON_ERROR_STOP on
\if :{?app_role}
\else
    \set app_role pad_app
\endif
\if :{?app_password}
\else
    \echo 'Set the password: psql ... -v app_password=SECRET -f app_role.sql'
    DO $$ BEGIN RAISE EXCEPTION 'app_password is not set: nothing was created'; END $$;
\endif

CREATE ROLE :"app_role" LOGIN PASSWORD :'app_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;

-- CONNECT, and TEMPORARY: delivery merges a redelivered batch through a temporary table.
REVOKE ALL ON DATABASE :"DBNAME" FROM :"app_role";
GRANT CONNECT, TEMPORARY ON DATABASE :"DBNAME" TO :"app_role";
GRANT USAGE ON SCHEMA public TO :"app_role";

-- The group roles of human oversight, created once per server (a second run skips them).
DO $$
DECLARE name text;
BEGIN
    FOREACH name IN ARRAY ARRAY['pad_officer', 'pad_supervisor', 'pad_model_owner', 'pad_auditor']
    LOOP
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', name);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END;
    END LOOP;
END $$;
GRANT CONNECT, TEMPORARY ON DATABASE :"DBNAME" TO pad_officer, pad_supervisor, pad_model_owner;
GRANT CONNECT ON DATABASE :"DBNAME" TO pad_auditor;
GRANT USAGE ON SCHEMA public TO pad_officer, pad_supervisor, pad_model_owner, pad_auditor;
-- Everyone reads everything (an approval needs the request, a window the stop switch).
GRANT SELECT ON decisions, decision_overrides, model_events, decision_notices, outcomes,
    shadow_scores, switch_evidence, pad_decisions_version, decision_canonical_inputs,
    oversight_requests, oversight_answers, control_events, pad_delegation, decision_erasures,
    text_erasures TO pad_officer, pad_supervisor, pad_model_owner, pad_auditor;
GRANT INSERT ON decisions, decision_overrides, model_events, decision_notices, outcomes,
    shadow_scores, switch_evidence, oversight_requests TO pad_officer, pad_supervisor;
-- Answers and the stop switch: the triggers also check who answers what, and never their own.
GRANT INSERT ON oversight_answers, control_events TO pad_supervisor, pad_model_owner;
GRANT INSERT ON model_events, switch_evidence, oversight_requests TO pad_model_owner;

GRANT SELECT, INSERT ON decisions, decision_overrides, model_events, decision_notices,
    outcomes, shadow_scores, switch_evidence, oversight_requests, decision_erasures,
    text_erasures TO :"app_role";
-- Read-only, so that the app can tell when the schema is behind it and whether it is stopped.
GRANT SELECT ON pad_decisions_version, decision_canonical_inputs, oversight_answers,
    control_events, pad_delegation TO :"app_role";
-- The shared login is an officer: no approvals, no stop switch, no model switch.
GRANT pad_officer TO :"app_role";

\if :{?auditor_role}
    \if :{?auditor_password}
    \else
        DO $$ BEGIN RAISE EXCEPTION 'auditor_password is not set'; END $$;
    \endif
    CREATE ROLE :"auditor_role" LOGIN PASSWORD :'auditor_password'
        NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
    REVOKE ALL ON DATABASE :"DBNAME" FROM :"auditor_role";
    GRANT CONNECT ON DATABASE :"DBNAME" TO :"auditor_role";
    GRANT USAGE ON SCHEMA public TO :"auditor_role";
    GRANT SELECT ON decisions, decision_overrides, model_events, decision_notices, outcomes,
        shadow_scores, switch_evidence, pad_decisions_version, decision_canonical_inputs,
        oversight_requests, oversight_answers, control_events, pad_delegation,
        decision_erasures, text_erasures TO :"auditor_role";
    GRANT pad_auditor TO :"auditor_role";
\endif

-- ---------------------------------------------------------------------------------------------
-- Erasure of personal data (revision 0008_privacy, `pad-desktop privacy erase|purge`): only
-- members of the group role pad_supervisor may set a decision's personal columns to the erased
-- mark and delete revision 0003's side rows; the row triggers allow it only for a decision with
-- a chained erasure record, every other column unchanged. Grant it to a person with
--   GRANT pad_supervisor TO "that person";
-- The role is created here only if it does not exist (the oversight roles may have made it).
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pad_supervisor') THEN
        CREATE ROLE pad_supervisor NOLOGIN;
    END IF;
END $$;
GRANT SELECT, INSERT ON decision_erasures TO pad_supervisor;
GRANT SELECT ON decisions, decision_canonical_inputs TO pad_supervisor;
GRANT UPDATE (inputs, typed_inputs, policy) ON decisions TO pad_supervisor;
GRANT DELETE ON decision_canonical_inputs TO pad_supervisor;
-- The free texts about a case (revision 0010_erase_texts): an override's justification, a
-- request's text, an answer's reason, set to the erased mark once a text_erasures row points
-- at the record (row triggers), every other column unchanged.
GRANT SELECT, INSERT ON text_erasures TO pad_supervisor;
GRANT SELECT ON decision_overrides, oversight_requests, oversight_answers TO pad_supervisor;
GRANT UPDATE (justification) ON decision_overrides TO pad_supervisor;
GRANT UPDATE (text) ON oversight_requests TO pad_supervisor;
GRANT UPDATE (reason) ON oversight_answers TO pad_supervisor;
