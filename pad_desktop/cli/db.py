"""`pad-desktop db upgrade|status|verify|redeliver|deliver-other|salvage`: the decision
database (schema, integrity, refused records, records waiting for another address, a damaged
outbox).

Exit codes: 0 up to date / intact, 1 behind (status) or problems found (verify), 2 the database
does not answer, 4 this account may not change the schema (an administrator runs the upgrade
with an owner's account).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pad_desktop.cli.texts import number, say

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Engine

    from pad_desktop.decisions.chain_head import StreamHead
    from pad_desktop.decisions.outbox import Manifest

ACTIONS = (
    ("upgrade", "bring the schema to this version of the app (an empty database included)"),
    ("status", "show the schema revision and refused records; exit status 1 if behind"),
    ("verify", "check the hash chains: report edited, deleted or inserted records (exit 1)"),
    ("redeliver", "retry the records the database refused, once the cause is fixed"),
    ("deliver-other", "deliver here the records waiting in outboxes made for other addresses"),
    ("salvage", "take the readable records of a damaged outbox, set it aside, deliver them"),
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "db",
        help="decision database: upgrade, status, verify, redeliver, deliver-other, salvage",
        description="The decision database (DATABASE_URL, else the embedded SQLite file).",
    )
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    for name, help_text in ACTIONS:
        action = actions.add_parser(name, help=help_text, description=help_text)
        action.add_argument(
            "--url", help="database URL (default: DATABASE_URL, else the embedded SQLite file)"
        )
        if name == "verify":
            action.add_argument(
                "--since",
                type=_since,
                metavar="DATE",
                help="only records created from this date or time on (ISO, UTC if no offset)",
            )
        if name in ("redeliver", "deliver-other", "salvage"):
            action.add_argument(
                "--timeout", type=float, default=60.0, help="seconds to wait (default 60)"
            )
        if name == "deliver-other":
            action.add_argument(
                "--force",
                action="store_true",
                help="also deliver outboxes whose records were made for another database",
            )
        action.set_defaults(handler=run)


def _since(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date or time (2026-11-01 or 2026-11-01T09:30)"
        ) from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def _target_url(url: str | None) -> str:
    from pad_desktop.decisions.local_store import store_path
    from pad_desktop.runtime.paths import user_data_dir
    from pad_desktop.runtime.settings import get_settings

    return url or get_settings().database_url or f"sqlite:///{store_path(user_data_dir())}"


def run(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from pad_desktop.cli.progress import Progress
    from pad_desktop.decisions import schema, sqlite_files
    from pad_desktop.decisions.log import StoreUnreadable

    url = _target_url(args.url)
    if args.db_action in ("redeliver", "salvage") and not _is_postgres(url):
        print(say("db_embedded" if args.db_action == "redeliver" else "db_salvage_embedded"))
        return 0
    if args.db_action == "redeliver":
        return _redeliver(url, args.timeout)
    if args.db_action == "salvage":
        return _salvage(url, args.timeout)
    engine = schema.create_engine(url)
    identity = None
    try:
        if args.db_action == "verify":
            return _verify(engine, args.since)
        if args.db_action == "deliver-other":
            return _deliver_other(url, engine, args.timeout, args.force)
        with Progress(f"db {args.db_action}") as progress:
            progress(0.0, schema.redacted(engine.url))
            upgrading = args.db_action == "upgrade"
            found = schema.upgrade(engine) if upgrading else schema.status(engine)
        if args.db_action == "status":
            identity = schema.database_identity(engine)
    except sa.exc.OperationalError as exc:
        target, error = schema.redacted(engine.url), _one_line(exc.orig, url)
        print(say("db_unreachable", target=target, error=error), file=sys.stderr)
        return 2
    except sa.exc.ProgrammingError as exc:  # permission denied: not the schema's owner
        target, error = schema.redacted(engine.url), _one_line(exc.orig, url)
        print(say("db_not_owner", target=target, error=error), file=sys.stderr)
        return schema.EXIT_SCHEMA
    except sa.exc.DatabaseError as exc:
        reason = sqlite_files.damage(exc)
        if reason is None or engine.url.get_backend_name() != "sqlite":
            raise
        raise StoreUnreadable(Path(engine.url.database or ""), reason) from exc
    finally:
        engine.dispose()
    from pad_desktop.decisions.revisions import known_revision

    known = known_revision(found.current)
    state = say("db_up_to_date" if found.up_to_date else "db_behind" if known else "db_unknown")
    revision = found.current or say("db_none")
    print(say("db_status", target=found.target, revision=revision, head=found.head, state=state))
    if args.db_action == "status":
        _print_local_counts(engine.url)
        _print_elsewhere(engine.url, identity[0] if identity else None)
    return 0 if found.up_to_date else 1


def _is_postgres(url: str) -> bool:
    from pad_desktop.decisions import schema

    return schema.sqlalchemy_url(url).get_backend_name() == "postgresql"


def _outbox_of(url: URL) -> Path | None:
    """This user's outbox for a PostgreSQL target (None for the embedded store)."""
    from pad_desktop.decisions import schema
    from pad_desktop.decisions.outbox import outbox_path
    from pad_desktop.runtime.paths import user_data_dir

    parsed = schema.sqlalchemy_url(url)
    if parsed.get_backend_name() != "postgresql":
        return None
    return outbox_path(user_data_dir(), schema.redacted(parsed))


def _print_local_counts(url: URL) -> None:
    import sqlite3

    from pad_desktop.cli.texts import language
    from pad_desktop.decisions import schema
    from pad_desktop.decisions.outbox import OutboxDamaged, local_counts

    path = _outbox_of(url)
    if path is None:
        return
    try:
        pending, rejected = local_counts(path)
    except sqlite3.DatabaseError as exc:
        damaged = OutboxDamaged(path, str(exc), schema.redacted(url))
        print(say("error", message=damaged.text(language())))
        return
    print(say("db_local", pending=number(pending), rejected=number(rejected)))
    if rejected:
        print(say("db_kept", rejected=number(rejected), path=path))


def _relation(manifest: Manifest, identity: str | None) -> str:
    """What an outbox's target is to the configured database, in words."""
    if manifest.identity is None:
        return say("db_elsewhere_never")
    if manifest.identity == identity:
        return say("db_elsewhere_same")
    return say("db_elsewhere_other", name=manifest.name)


def _print_elsewhere(url: URL, identity: str | None) -> None:
    """The outboxes made for other addresses that still hold records."""
    from pad_desktop.decisions import schema
    from pad_desktop.decisions.outbox import other_outboxes
    from pad_desktop.runtime.paths import user_data_dir

    own = _outbox_of(url)
    if own is None:
        return
    for other in other_outboxes(user_data_dir(), own):
        if other.pending < 0:
            print(say("db_elsewhere_damaged", path=other.path))
            continue
        print(
            say(
                "db_elsewhere",
                count=number(other.pending + other.rejected),
                path=other.path,
                url=other.manifest.url or say("db_elsewhere_old"),
                target=schema.redacted(url),
                relation=_relation(other.manifest, identity),
            )
        )


def _local_head(url: URL) -> StreamHead | None:
    """This machine's stream head for the target, if it has written to it."""
    from pad_desktop.decisions import chain_head

    return chain_head.stored(_outbox_of(url) or Path(url.database or ""))


def _verify(engine: Engine, since: datetime | None) -> int:
    from pad_desktop.decisions import schema
    from pad_desktop.decisions.verify import verify

    schema.require_current(engine)
    report = verify(engine, since, _local_head(engine.url))
    for finding in report.findings:
        print(f"{finding.kind}: {finding.message}")
    scope = say("db_since", since=since.isoformat()) if since else ""
    pre_chain = say("db_pre_chain", count=number(report.unchained)) if report.unchained else ""
    if report.erased:  # accepted through their chained erasure records
        pre_chain += say("db_erased", count=number(report.erased))
    verdict = say("db_intact") if report.intact else say("db_problems", count=len(report.findings))
    print(
        say("db_verified", target=schema.redacted(engine.url), scope=scope,
            checked=number(report.checked), streams=len(report.heads), pre_chain=pre_chain,
            verdict=verdict)
    )  # fmt: skip
    for stream, (seq, head) in sorted(report.heads.items()):
        print(say("db_stream", stream=stream, count=number(seq), head=head))
    return 0 if report.intact else 1


def _redeliver(url: str, timeout: float) -> int:
    """Retry the refused records and deliver what waits; say what was delivered, counted."""
    from pad_desktop.decisions import DecisionLog

    log = DecisionLog.open(url)
    try:
        before = log.pending()
        retried, refused = log.redeliver(timeout)
        waiting = log.pending()
        error = log.health().last_error
    finally:
        log.close(timeout=5.0)
    delivered = before + retried - waiting - refused
    print(
        say(
            "db_redelivered",
            delivered=number(delivered),
            retried=number(retried),
            refused=number(refused),
            waiting=number(waiting),
        )
    )
    if refused and error:
        print(say("db_says", error=error))
    return 0 if refused == 0 and waiting == 0 else 1


def _deliver_other(url: str, engine: Engine, timeout: float, force: bool) -> int:
    """Deliver here the outboxes made for other addresses: those never reached or reached as
    this same database; those known to be another database only with `force`."""
    from pad_desktop.decisions import DecisionLog, schema

    identity = schema.database_identity(engine)  # unreachable: OperationalError, exit 2
    if identity is None:  # the embedded store: outboxes are for PostgreSQL targets
        print(say("db_other_none"))
        return 0
    target = schema.redacted(engine.url)
    log = DecisionLog.open(url)
    left = 0
    try:
        if not log.elsewhere:
            print(say("db_other_none"))
        for other in log.elsewhere:
            made_for = other.manifest.url or say("db_elsewhere_old")
            known = other.manifest.identity
            if other.pending < 0:
                print(say("db_elsewhere_damaged", path=other.path))
                left += 1
            elif known is not None and known != identity[0] and not force:
                print(
                    say(
                        "db_other_left",
                        path=other.path,
                        url=made_for,
                        target=target,
                        count=number(other.pending + other.rejected),
                        name=other.manifest.name,
                    )
                )
                left += 1
            else:
                delivered, waiting, refused = log.deliver_other(other.path, timeout)
                print(
                    say(
                        "db_other_delivered",
                        path=other.path,
                        url=made_for,
                        target=target,
                        delivered=number(delivered),
                        waiting=number(waiting),
                        refused=number(refused),
                    )
                )
                left += waiting + refused
    finally:
        log.close(timeout=5.0)
    return 0 if left == 0 else 1


def _salvage(url: str, timeout: float) -> int:
    """Move a damaged outbox of this address aside, take its readable records into a sound
    one, deliver them (`decisions/salvage.py` says why this way)."""
    from pad_desktop.decisions import DecisionLog, schema
    from pad_desktop.decisions.outbox import Outbox
    from pad_desktop.decisions.salvage import (
        aside_files,
        damaged_outbox,
        move_aside,
        salvage_into,
    )

    path = _outbox_of(schema.sqlalchemy_url(url))
    assert path is not None
    target = schema.redacted(url)
    if damaged_outbox(path) is not None:
        aside = move_aside(path, datetime.now(UTC))
        print(say("db_salvage_moved", aside=aside))
    if not aside_files(path):
        print(say("db_salvage_none", path=path))
        return 0
    outbox = Outbox(path, target=target)
    try:
        found = [salvage_into(outbox, f) for f in aside_files(path) if not outbox.salvaged(f)]
    finally:
        outbox.close()
    for result in found:
        print(
            say(
                "db_salvaged",
                source=result.source,
                records=number(result.records),
                refused=number(result.refused),
                unreadable=number(result.unreadable),
                path=path,
            )
        )
    log = DecisionLog.open(url)
    try:
        before = log.pending()
        log.flush(timeout)
        waiting = log.pending()
    finally:
        log.close(timeout=5.0)
    print(
        say(
            "db_salvage_delivered",
            delivered=number(before - waiting),
            waiting=number(waiting),
            target=target,
        )
    )
    lost = sum(result.unreadable for result in found)
    return 0 if lost == 0 and waiting == 0 else 1


def _one_line(exc: BaseException | None, url: str | None = None) -> str:
    """The error's first line; with the `url` it is about, no part of that URL's password."""
    from pad_desktop.runtime.secrets import without_password

    text = (str(exc).strip() or type(exc).__name__).splitlines()[0]
    return without_password(text, url) if url else text
