"""The status bar names decisions waiting in an outbox made for another address (issue 26: a
`DATABASE_URL` corrected after decisions were made for a wrong port)."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from pad_desktop.decisions import DecisionLog
from tests.decisions.helpers import (
    free_port,
    make_record,
)

TIMEOUT = 20_000


def test_the_status_bar_shows_records_waiting_for_another_address(
    qtbot, make_window, monkeypatch, pg_url: str
):
    wrong = make_url(pg_url).set(port=free_port()).render_as_string(hide_password=False)
    log = DecisionLog.open(wrong)
    for _ in range(2):
        log.record(make_record())
    assert log.close(timeout=1.0) == 2
    monkeypatch.setenv("DATABASE_URL", pg_url)
    from pad_desktop.runtime.settings import get_settings

    get_settings.cache_clear()
    window = make_window()
    with qtbot.waitSignal(
        window.sig_health, timeout=TIMEOUT, check_params_cb=lambda h: h.elsewhere == 2
    ):
        window.poll_health()
    assert "2 record(s) waiting for another address (db deliver-other)" in window.log_label.text()
