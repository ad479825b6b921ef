"""Fixtures for the drift tests: the shipped scorer and a real decision log with simulated traffic.

Every test has its own PAD_DATA_DIR and PAD_CACHE_DIR (tests/conftest.py) and QSettings folder,
so the SQLite decision log, the drift cache and the tab's saved choices start empty. Generated
weeks, logged as form decisions (what the report reads by default): `undrifted_week` ends 8
days before `now` (drift 0), `drifted_week` ends at `now` (drift 0.8); 1,000 decisions each keep
Evidently at ~1-2 s per report. `now` is a fixed moment, never the wall clock.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from pad_desktop.decisions import DecisionLog
from pad_desktop.decisions.records import Source
from pad_desktop.model.scoring import Scorer
from pad_desktop.service.simulate import simulate

ROWS = 1_000


@pytest.fixture(autouse=True)
def own_qsettings(tmp_path: Path) -> Path:
    """The drift tab's saved threshold and sources go to this test's folder."""
    folder = tmp_path / "qsettings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(scope="session")
def scorer(default_bundle_dir: Path) -> Scorer:
    return Scorer.from_path(str(default_bundle_dir), threads=1)


@pytest.fixture
def decision_log() -> Iterator[DecisionLog]:
    log = DecisionLog.open()  # no DATABASE_URL in tests: the embedded SQLite in PAD_DATA_DIR
    yield log
    log.close()


# A Sunday at 23:30 UTC: the last half hour of an ISO week, where a report of the days before
# holds one week only (the moment the chart once drew into the future). Never the wall clock.
SUNDAY_LATE = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)


@pytest.fixture
def now() -> datetime:
    """The tests' "now", given to every function that would otherwise read the clock."""
    return SUNDAY_LATE


@pytest.fixture
def undrifted_week(scorer: Scorer, decision_log: DecisionLog, now: datetime):
    until = now - timedelta(days=8)
    simulate(scorer, decision_log, ROWS, 0.0, seed=11, days=7, until=until, source=Source.FORM)
    return until - timedelta(days=7), until


@pytest.fixture
def drifted_week(scorer: Scorer, decision_log: DecisionLog, now: datetime):
    simulate(scorer, decision_log, ROWS, 0.8, seed=12, days=7, until=now, source=Source.FORM)
    return now - timedelta(days=7), now + timedelta(seconds=1)
