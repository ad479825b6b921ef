"""`pad-desktop privacy erase|purge|export`: an applicant's data, erased or handed over.

  erase CASE_REF --reason TEXT   the personal inputs of every decision of the case made
                                 unreadable (database, this machine's outbox, the embedded
                                 store, the app's exports folder); the records stay and
                                 `db verify` stays intact. Erasing twice says so (exit 0).
  purge [--as-of DATE]           the same for every decision older than the retention period
                                 (PAD_RETENTION_DAYS) at DATE (default: now).
  export CASE_REF -o DIR         everything held about the case, as JSON and PDF.

Exit codes: 0 done, 1 not done (unknown case, not allowed, the database's part pending).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("privacy", help="erase or export an applicant's personal data")
    actions = p.add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    e = actions.add_parser("erase", help="erase the personal inputs of a case", description=__doc__,
                           formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    e.add_argument("case_ref", help="the case reference")
    e.add_argument("--reason", required=True, help="why (the request's reference)")
    e.set_defaults(handler=run_erase)
    u = actions.add_parser("purge", help="erase what is older than the retention period")
    u.add_argument("--as-of", type=_moment, help="the day the period is counted back from "
                   "(default: now)")  # fmt: skip
    u.set_defaults(handler=run_purge)
    x = actions.add_parser("export", help="everything held about a case, JSON and PDF")
    x.add_argument("case_ref", help="the case reference")
    x.add_argument("-o", "--out", type=Path, required=True, help="the folder to write to")
    x.set_defaults(handler=run_export)


def _moment(text: str) -> datetime:
    from pad_desktop.cli.common import moment

    return moment(text)


def _who():
    from pad_desktop.decisions.erasing import Who
    from pad_desktop.runtime.identity import Identity
    from pad_desktop.runtime.settings import get_settings

    me = Identity.from_settings(get_settings())
    return Who(me.officer, me.workstation, me.os_account)


def run_erase(args: argparse.Namespace) -> int:
    from pad_desktop.cli.common import close_log
    from pad_desktop.cli.texts import language, number
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.service import privacy
    from pad_desktop.texts import text

    lang = language()
    privacy.check_case_ref(args.case_ref)
    log = DecisionLog.open()
    try:
        done = privacy.erase_case(log, args.case_ref, args.reason, _who(), datetime.now(UTC))
    finally:
        close_log(log)
    r = done.report
    if r.erased:
        print(text("privacy.erased", lang, case_ref=args.case_ref, count=number(r.erased)))
    elif r.already:
        print(text("privacy.already", lang, case_ref=args.case_ref, count=number(r.already)))
    if r.texts:
        print(text("privacy.texts_erased", lang, count=number(r.texts)))
    if r.waiting:
        print(text("privacy.waiting", lang, count=number(r.waiting)))
    if done.files:
        print(text("privacy.files", lang, count=number(done.files)))
    if r.database_pending:
        print(text("privacy.database_pending", lang), file=sys.stderr)
        return 1
    return 0


def run_purge(args: argparse.Namespace) -> int:
    from pad_desktop.cli.common import close_log
    from pad_desktop.cli.texts import language, number
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.runtime.settings import get_settings
    from pad_desktop.service import privacy
    from pad_desktop.texts import text

    lang = language()
    as_of = args.as_of or datetime.now(UTC)
    days = get_settings().retention_days
    log = DecisionLog.open()
    try:
        done = privacy.purge(log, days, as_of, _who(), lang)
    finally:
        close_log(log)
    from datetime import timedelta

    before = (as_of - timedelta(days=days)).date().isoformat()
    print(text("privacy.purged", lang, days=days, count=number(done.report.erased),
               before=before, files=number(done.files)))  # fmt: skip
    if done.report.database_pending:
        print(text("privacy.database_pending", lang), file=sys.stderr)
        return 1
    return 0


def run_export(args: argparse.Namespace) -> int:
    from pad_desktop.cli.common import close_log, fail
    from pad_desktop.cli.texts import language
    from pad_desktop.decisions import DecisionLog
    from pad_desktop.service import privacy
    from pad_desktop.texts import text

    lang = language()
    privacy.check_case_ref(args.case_ref)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return fail(text("privacy.out_unwritable", lang, path=args.out, reason=exc.strerror), 1)
    log = DecisionLog.open()
    try:
        report = privacy.case_report(log, args.case_ref, datetime.now(UTC))
    finally:
        close_log(log)
    stem = "case-" + "".join(c if c.isalnum() or c in "-_" else "_" for c in args.case_ref)
    json_path, pdf_path = args.out / f"{stem}.json", args.out / f"{stem}.pdf"
    try:
        json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
        _write_pdf(privacy.report_html(report, lang), text("privacy.title", lang,
                   case_ref=args.case_ref), pdf_path)  # fmt: skip
    except OSError as exc:
        return fail(text("privacy.out_unwritable", lang, path=args.out, reason=exc), 1)
    print(text("privacy.exported", lang, case_ref=args.case_ref, json=json_path, pdf=pdf_path))
    return 0


def _write_pdf(html_text: str, title: str, path: Path) -> None:
    from pad_desktop.gui.report_pdf import write_report_pdf

    write_report_pdf(html_text, title, path)
