"""Schemathesis over the OpenAPI schema, in process: every operation, with valid and invalid
data, as an admin (every route admits admins). Checks: no 5xx, every status and content type
documented, responses that match their schemas, invalid data refused.

Bounded for CI: `ASSAY_FUZZ_EXAMPLES` (default 15) examples per operation.
"""

import os
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis import Case
from schemathesis.checks import CheckFunction
from schemathesis.core.result import Err
from schemathesis.python import asgi as schemathesis_asgi
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.main import create_app
from app.platform.auth import Role, issue_token, load_or_create_secret
from app.platform.settings import Settings

EXAMPLES = int(os.environ.get("ASSAY_FUZZ_EXAMPLES", "15"))
# Operations whose valid input depends on content no JSON Schema can express: the bytes of a
# PDF, a reference-data ZIP, a webhook URL that resolves to a public address, an
# accreditation body that the reference data knows. Schema-valid data is rightly refused
# there (415, 422), so the positive-data check does not apply; every other check does.
CONTENT_CHECKED = {
    "POST /api/v1/vendors/{vendor_id}/documents",
    "POST /api/v1/accreditation/import",
    "POST /api/v1/accreditation/verifications",
    "POST /api/v1/webhooks",
}


@pytest.fixture
def running_app(settings: Settings) -> Iterator[FastAPI]:
    """The app; schemathesis runs its lifespan (once, kept alive) when it loads the schema,
    and the teardown ends it, so the engine and its connections are closed."""
    app = create_app(settings, start_background=False)
    yield app
    schemathesis_asgi.shutdown_lifespans()


@pytest.fixture
def admin_headers(settings: Settings) -> dict[str, str]:
    token = issue_token(
        settings,
        load_or_create_secret(settings),
        subject="fuzzer",
        roles=[Role.admin],
        ttl=timedelta(hours=1),
    )
    return {"Authorization": f"Bearer {token}"}


def test_api_conforms_to_its_schema(running_app: FastAPI, admin_headers: dict[str, str]) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", running_app)
    failures: dict[str, str] = {}
    operations = 0
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            failures[f"schema {operations}"] = f"invalid operation: {result.err()}"
            continue
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Case[Any]) -> None:
            excluded: list[CheckFunction] = (
                [positive_data_acceptance] if case.operation.label in CONTENT_CHECKED else []
            )
            case.call_and_validate(headers=admin_headers, excluded_checks=excluded)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # report every failing operation
            failures[operation.label] = f"{type(exc).__name__}: {str(exc)[:2000]}"
    print(f"schemathesis: {operations} operations, {len(failures)} failing")
    assert operations >= 25
    assert not failures, "\n\n".join(f"{k}\n{v}" for k, v in failures.items())
