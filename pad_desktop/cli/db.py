"""`pad-desktop db upgrade|status`: the decision database's schema (Alembic migrations).

Exit codes: 0 up to date, 1 behind (status), 2 the database does not answer, 4 this account
may not change the schema (an administrator runs the upgrade with an owner's account).
"""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "db",
        help="decision database schema: upgrade or status",
        description="Migrate the decision database (DATABASE_URL, else the embedded SQLite file).",
    )
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    for name, help_text in (
        ("upgrade", "bring the schema to this version of the app (an empty database included)"),
        ("status", "show the schema revision; exit status 1 if it is behind"),
    ):
        action = actions.add_parser(name, help=help_text, description=help_text)
        action.add_argument(
            "--url", help="database URL (default: DATABASE_URL, else the embedded SQLite file)"
        )
        action.set_defaults(handler=run)


def _target_url(url: str | None) -> str:
    from pad_desktop.decisions.local_store import store_path
    from pad_desktop.paths import user_data_dir
    from pad_desktop.settings import get_settings

    return url or get_settings().database_url or f"sqlite:///{store_path(user_data_dir())}"


def run(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from pad_desktop.cli.progress import Progress
    from pad_desktop.decisions import schema

    engine = schema.create_engine(_target_url(args.url))
    try:
        with Progress(f"db {args.db_action}") as progress:
            progress(0.0, schema.redacted(engine.url))
            upgrading = args.db_action == "upgrade"
            found = schema.upgrade(engine) if upgrading else schema.status(engine)
    except sa.exc.OperationalError as exc:
        print(f"Cannot reach {schema.redacted(engine.url)}: {_one_line(exc.orig)}", file=sys.stderr)
        return 2
    except sa.exc.ProgrammingError as exc:  # permission denied: not the schema's owner
        print(
            f"error: this account may not change the schema of {schema.redacted(engine.url)} "
            f"({_one_line(exc.orig)}): run `pad-desktop db upgrade --url URL` with the "
            "database owner's account.",
            file=sys.stderr,
        )
        return schema.EXIT_SCHEMA
    finally:
        engine.dispose()
    state = "up to date" if found.up_to_date else "behind: run `pad-desktop db upgrade`"
    revision = found.current or "none"
    print(f"{found.target}: revision {revision}, this app needs {found.head} ({state})")
    return 0 if found.up_to_date else 1


def _one_line(exc: BaseException | None) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
