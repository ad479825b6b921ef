"""A real Dask `LocalCluster` of 2 worker processes, one per test module, and fresh PostgreSQL
databases (the decision log tests' fixtures)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.decisions.conftest import migrated_template, pg_url  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cluster_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A client of 2 worker processes (1 thread each), shared by a module's tests."""
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()
