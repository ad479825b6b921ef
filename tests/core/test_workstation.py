"""The workstation without a window: it loads the model, opens the log, builds the one decision
service on them, follows the officer's settings (name, database) and reads the log's health."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pad_desktop.decisions import HistoryFilter, LogHealth
from pad_desktop.decisions.records import Source
from pad_desktop.runtime.settings import get_settings
from pad_desktop.service.decision_service import LogClosed
from pad_desktop.service.workstation import LogState, Workstation, log_state
from tests.decisions.helpers import PG_ADMIN_URL, create_database, drop_database, pg_count


@pytest.fixture
def pg_url() -> Iterator[str]:
    url = create_database(PG_ADMIN_URL)
    yield url
    drop_database(PG_ADMIN_URL, url)


@pytest.fixture
def ws(default_bundle_dir: Path) -> Iterator[Workstation]:
    station = Workstation(get_settings().with_preferences(officer_name="alice"))
    active, info = station.load_model(str(default_bundle_dir))
    station.attach_model(active, info)
    yield station
    station.close()


def test_it_decides_once_model_and_log_are_there_and_names_the_officer(ws: Workstation):
    example = dict(ws.scorer.signature.example)
    assert ws.service is not None and not ws.can_decide  # the model is there, the log not yet
    with pytest.raises(LogClosed):
        ws.service.decide(example, case_ref="WS-1", source=Source.FORM)
    assert ws.set_log(ws.open_log()) is None
    assert ws.can_decide and ws.log.embedded
    decision = ws.service.decide(example, case_ref="WS-1", source=Source.FORM)
    assert decision.record.officer == "alice"
    assert ws.model_names[ws.model_info.sha256] == ws.model_info.title
    health = ws.read_health()
    assert health is ws.health and log_state(health) is LogState.CONNECTED
    assert ws.log.count(HistoryFilter(case_ref="WS-1")) == 1


def test_settings_change_the_officer_at_once_and_a_new_database_reopens_the_log(
    ws: Workstation, pg_url: str
):
    ws.set_log(ws.open_log())
    assert ws.use_settings(ws.settings.with_preferences(officer_name="bob")) is False
    assert ws.service.identity.display_name == "bob"
    moved = ws.settings.with_preferences(database_url=pg_url)
    assert ws.use_settings(moved) is True  # the face reopens the log on a worker
    previous = ws.set_log(ws.open_log())
    previous.close(timeout=2.0)
    assert not ws.log.embedded
    ws.service.decide(dict(ws.scorer.signature.example), case_ref="WS-PG", source=Source.FORM)
    assert ws.log.flush(timeout=10)
    assert pg_count(pg_url, "SELECT count(*) FROM decisions WHERE officer = %s", "bob") == 1


def test_close_closes_the_log_and_nothing_more_is_decided(ws: Workstation):
    ws.set_log(ws.open_log())
    log = ws.log
    ws.close()
    assert ws.log is None and ws.read_health() is None and not ws.can_decide
    with pytest.raises(LogClosed):
        ws.service.decide(dict(ws.scorer.signature.example), case_ref="X", source=Source.FORM)
    assert log is not None


@pytest.mark.parametrize(
    ("health", "state"),
    [
        (LogHealth("db", True, 0, None), LogState.CONNECTED),
        (LogHealth("db", False, 0, None), LogState.CONNECTING),
        (LogHealth("db", False, 0, "refused"), LogState.DISCONNECTED),
        (LogHealth("db", True, 3, None), LogState.WAITING),
        (LogHealth("db", False, 3, "down"), LogState.OFFLINE),
        (LogHealth("db", True, 0, None, rejected=1), LogState.REFUSED),
        (LogHealth("db", True, 0, None, elsewhere=2), LogState.REFUSED),
    ],
)
def test_the_logs_state_in_one_word(health: LogHealth, state: LogState):
    assert log_state(health) is state
