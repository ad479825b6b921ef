-- Least-privilege PostgreSQL role for the workstations and the API of pad_desktop.
--
-- The application only ever INSERTs and SELECTs decisions, overrides and model events; it
-- gets nothing else (no UPDATE, DELETE, TRUNCATE, DDL). The tables also refuse UPDATE, DELETE
-- and TRUNCATE by trigger for every role, owner included (migration 0001).
--
-- Run it as the owner of the decision database, after `pad-desktop db upgrade`:
--   psql "postgresql://owner@dbhost/decisions" -v app_role=pad_app \
--        -v app_password='a long random secret' -f resources/sql/app_role.sql
-- then give the workstations DATABASE_URL=postgresql://pad_app:SECRET@dbhost/decisions

\set ON_ERROR_STOP on
\if :{?app_role}
\else
    \set app_role pad_app
\endif
\if :{?app_password}
\else
    \echo 'Set the password: psql ... -v app_password=SECRET -f app_role.sql'
    \quit
\endif

CREATE ROLE :"app_role" LOGIN PASSWORD :'app_password'
    NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;

-- CONNECT, and TEMPORARY: delivery merges a redelivered batch through a temporary table.
REVOKE ALL ON DATABASE :"DBNAME" FROM :"app_role";
GRANT CONNECT, TEMPORARY ON DATABASE :"DBNAME" TO :"app_role";
GRANT USAGE ON SCHEMA public TO :"app_role";

GRANT SELECT, INSERT ON decisions, decision_overrides, model_events TO :"app_role";
-- Read-only, so that the app can tell when the schema is behind it.
GRANT SELECT ON pad_decisions_version TO :"app_role";
