"""Fixtures of the decision log tests: fresh databases on the machine's PostgreSQL, and a
throwaway server of our own that the outage tests may stop and start."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.decisions.helpers import PG_ADMIN_URL, ThrowawayServer, create_database, drop_database


@pytest.fixture(scope="session")
def migrated_template() -> Iterator[str]:
    """A database migrated once, that each test's database is copied from."""
    url = create_database(PG_ADMIN_URL)
    yield url
    drop_database(PG_ADMIN_URL, url)


@pytest.fixture
def pg_url(migrated_template: str) -> Iterator[str]:
    """A fresh database on the machine's PostgreSQL, migrated to head, dropped afterwards."""
    url = create_database(PG_ADMIN_URL, template=migrated_template)
    yield url
    drop_database(PG_ADMIN_URL, url)


@pytest.fixture
def empty_pg_url() -> Iterator[str]:
    """A fresh database with no schema at all."""
    url = create_database(PG_ADMIN_URL, migrate=False)
    yield url
    drop_database(PG_ADMIN_URL, url)


@pytest.fixture(scope="module")
def throwaway_pg() -> Iterator[ThrowawayServer]:
    server = ThrowawayServer()
    yield server
    server.destroy()
