"""Property-based requests generated from the OpenAPI schema: no 5xx, answers as documented."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from pad_desktop.api import ApiConfig, create_app

KEY = "schemathesis-key"


@pytest.fixture
def api_schema(default_bundle_dir: Path) -> Iterator[schemathesis.BaseSchema]:
    # The model stays pinned: generated /reload_model calls must not wander to another bundle.
    app = create_app(ApiConfig(api_key=KEY, model_path=str(default_bundle_dir)))
    with TestClient(app):  # runs the lifespan: the model, the log, the scoring paths in /docs
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_no_server_errors_and_documented_answers(api_schema: schemathesis.BaseSchema) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/individual_score", "/multiple_score"}
    for operation in operations:
        # Valid and invalid data (wrong types, out of range, missing fields) for each operation.
        @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
               | operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))  # fmt: skip
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)  # fmt: skip
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(headers={"X-API-Key": KEY}, checks=CHECKS)

        check()
