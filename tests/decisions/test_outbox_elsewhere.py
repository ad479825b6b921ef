"""Decisions stranded by a URL change (issue 26): made while `DATABASE_URL` pointed at a wrong
port, they wait in an outbox made for that address. Once the URL is corrected they are
reported (`db status`, the log's health) and `db deliver-other` delivers them; an outbox known
to be another database's is left alone unless forced. `db redeliver` counts what it delivered.
"""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from pad_desktop.cli import main
from pad_desktop.cli.common import close_log
from pad_desktop.decisions import DecisionLog, schema
from pad_desktop.decisions.encode import DecisionRows
from pad_desktop.decisions.outbox import Outbox, outbox_path
from pad_desktop.runtime.paths import user_data_dir
from tests.decisions.helpers import PG_ADMIN_URL, free_port, make_record, pg_count


def _wrong_port(url: str) -> str:
    return make_url(url).set(port=free_port()).render_as_string(hide_password=False)


def _decide_offline(url: str, count: int) -> None:
    """Decisions acknowledged while `url` does not answer: they wait in its outbox."""
    log = DecisionLog.open(url)
    for _ in range(count):
        log.record(make_record())
    assert log.close(timeout=1.0) == count


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(list(args))
    return code, capsys.readouterr().out


def test_decisions_made_for_a_wrong_port_are_reported_and_delivered(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = _wrong_port(pg_url)
    _decide_offline(wrong, 25)

    code, out = _cli(capsys, "db", "status", "--url", pg_url)
    assert code == 0, out
    assert "0 record(s) waiting for delivery" in out  # this address's own outbox
    assert f"25 record(s) wait in {outbox_path(user_data_dir(), schema.redacted(wrong))}" in out
    assert f"made for {schema.redacted(wrong)} (never reached)" in out
    assert "`pad-desktop db deliver-other`" in out

    log = DecisionLog.open(pg_url)
    assert log.health().elsewhere == 25  # what the status bar shows
    close_log(log)  # as every command that decides closes it
    assert "warning: 25 decision(s) wait in outboxes made for another address" in (
        capsys.readouterr().err
    )

    code, out = _cli(capsys, "db", "deliver-other", "--url", pg_url)
    assert code == 0, out
    assert "25 record(s) delivered to" in out
    assert pg_count(pg_url, "SELECT count(*) FROM decisions") == 25
    code, out = _cli(capsys, "db", "status", "--url", pg_url)
    assert "wait in" not in out
    code, out = _cli(capsys, "db", "verify", "--url", pg_url)
    assert code == 0 and "intact" in out, out


def test_another_spelling_of_the_same_database_is_recognised(
    pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An outbox whose address once reached this very database (by another host name)."""
    other_spelling = pg_url.replace("127.0.0.1", "localhost", 1)
    assert other_spelling != pg_url
    log = DecisionLog.open(other_spelling)
    log.record(make_record())
    assert log.flush(timeout=20)  # reached: its outbox knows which database it is
    log.close()
    path = outbox_path(user_data_dir(), schema.redacted(other_spelling))
    outbox = Outbox(path)  # records acknowledged and not delivered (the app closed at once)
    for _ in range(3):
        outbox.write(DecisionRows.from_record(make_record()))
    outbox.close()
    code, out = _cli(capsys, "db", "status", "--url", pg_url)
    assert f"3 record(s) wait in {path}" in out and "(the same database)" in out, out
    code, out = _cli(capsys, "db", "deliver-other", "--url", pg_url)
    assert code == 0, out
    assert pg_count(pg_url, "SELECT count(*) FROM decisions") == 4


def test_an_outbox_of_another_database_is_left_unless_forced(
    pg_url: str, migrated_template: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.decisions.helpers import create_database, drop_database

    elsewhere = create_database(PG_ADMIN_URL, template=migrated_template)
    try:
        log = DecisionLog.open(elsewhere)
        log.record(make_record())
        assert log.flush(timeout=20)
        log.close()
        path = outbox_path(user_data_dir(), schema.redacted(elsewhere))
        outbox = Outbox(path)
        outbox.write(DecisionRows.from_record(make_record()))
        outbox.close()
        code, out = _cli(capsys, "db", "deliver-other", "--url", pg_url)
        assert code == 1, out
        assert f"{path} ({schema.redacted(elsewhere)}): left as it is" in out
        assert pg_count(pg_url, "SELECT count(*) FROM decisions") == 0
        code, out = _cli(capsys, "db", "deliver-other", "--url", pg_url, "--force")
        assert code == 0, out
        assert pg_count(pg_url, "SELECT count(*) FROM decisions") == 1
    finally:
        drop_database(PG_ADMIN_URL, elsewhere)


def test_redeliver_says_what_it_delivered(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = outbox_path(user_data_dir(), schema.redacted(pg_url))
    outbox = Outbox(path)  # acknowledged by a process that closed before delivering
    for _ in range(100):
        outbox.write(DecisionRows.from_record(make_record()))
    outbox.close()
    code, out = _cli(capsys, "db", "redeliver", "--url", pg_url, "--timeout", "30")
    assert code == 0, out
    assert out.startswith("100 record(s) delivered (0 of them refused before, retried)"), out
    assert pg_count(pg_url, "SELECT count(*) FROM decisions") == 100
