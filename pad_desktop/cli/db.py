"""`pad-desktop db upgrade|status`: the decision database's schema (Alembic migrations)."""

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

    from pad_desktop.decisions import schema

    engine = schema.create_engine(_target_url(args.url))
    try:
        found = schema.upgrade(engine) if args.db_action == "upgrade" else schema.status(engine)
    except sa.exc.OperationalError as exc:
        print(f"Cannot reach {schema.redacted(engine.url)}: {exc.orig}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    state = "up to date" if found.up_to_date else "behind: run `pad-desktop db upgrade`"
    revision = found.current or "none"
    print(f"{found.target}: revision {revision}, this app needs {found.head} ({state})")
    return 0 if found.up_to_date else 1
