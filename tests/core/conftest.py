"""Core test fixtures: the shipped scorer and a model shaped like the original service's."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from foreign_model import build_original_service_bundle

from pad_desktop.model.scoring import Scorer


@pytest.fixture(scope="session")
def scorer(default_bundle_dir: Path) -> Scorer:
    return Scorer.from_path(str(default_bundle_dir), threads=1)


@pytest.fixture(scope="session")
def original_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_original_service_bundle(tmp_path_factory.mktemp("exported_model"))
