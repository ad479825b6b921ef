"""Property-based requests generated from the OpenAPI schema, with every check schemathesis has
(not only "no 5xx"): the schema and the validation agree, authentication is enforced, answers
and headers are as documented. Failures are collected over all operations and reported at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, load_all_checks

from pad_desktop.api import ApiConfig, create_app

KEY = "schemathesis-key"
ADMIN = "schemathesis-admin"
EXAMPLES = 100


@pytest.fixture
def api_schema(default_bundle_dir: Path) -> Iterator[schemathesis.BaseSchema]:
    # pinned model: a generated /reload_model {"pull": true} cannot leave the shipped bundle
    config = ApiConfig(api_key=KEY, admin_key=ADMIN, model_path=str(default_bundle_dir))
    app = create_app(config)
    with TestClient(app):
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_check_on_every_operation(api_schema: schemathesis.BaseSchema) -> None:
    load_all_checks()
    checks = CHECKS.get_all()
    cases = 0
    failures: dict[str, set[str]] = {}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    for operation in operations:

        @given(
            case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE)
            | operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)
        )
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,
        )
        def check(case: schemathesis.Case) -> None:
            nonlocal cases
            cases += 1
            try:
                case.call_and_validate(
                    headers={"X-API-Key": KEY, "X-Admin-Key": ADMIN}, checks=checks
                )
            except (AssertionError, BaseExceptionGroup) as exc:  # one failure, or several
                found = failures.setdefault(case.operation.label, set())
                for failure in getattr(exc, "exceptions", [exc]):
                    title = getattr(failure, "title", None) or str(failure).split("\n")[0]
                    found.add(f"{title}: {getattr(failure, 'message', '')}".strip(": "))

        check()
    print(
        f"\nschemathesis: {len(checks)} checks, {len(operations)} operations, {cases} cases, "
        f"{sum(map(len, failures.values()))} distinct failures"
    )
    for label, found in failures.items():
        print(f"  {label}: {sorted(found)}")
    assert failures == {}
