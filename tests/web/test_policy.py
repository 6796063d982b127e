"""Roles on the UI are the API's roles: every page and action names the API route it mirrors,
and admits exactly the roles that route admits."""

import re
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from app.platform.auth import Role
from app.web.policy import api_policy
from tests.web.conftest import SignIn

PUBLIC = {"/login", "/logout", "/login/oidc", "/login/oidc/callback"}
ZERO = "00000000-0000-0000-0000-000000000000"


def _mirrors(dependant: Any) -> list[tuple[str, str]]:
    found = []
    for dep in dependant.dependencies:
        if hasattr(dep.call, "mirrors"):
            found.append(dep.call.mirrors)
        found += _mirrors(dep)
    return found


def _web_routes(client: TestClient) -> list[tuple[str, str, list[tuple[str, str]]]]:
    routes = []
    for route in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        path = route.path or ""
        dependant = getattr(route, "dependant", None)
        if dependant is None or path.startswith(("/api/", "/docs", "/redoc", "/openapi")):
            continue
        if path in {"/healthz", "/readyz", "/metrics"}:
            continue
        for method in route.methods or ():
            routes.append((method, path, _mirrors(dependant)))
    return routes


def test_every_ui_route_mirrors_an_api_route(client: TestClient) -> None:
    policy = api_policy(client.app)  # type: ignore[arg-type]
    routes = _web_routes(client)
    assert len(routes) >= 20
    for method, path, mirrors in routes:
        if path in PUBLIC:
            assert not mirrors
            continue
        assert mirrors, f"{method} {path} states no API route whose roles it uses"
        for mirror in mirrors:
            assert mirror in policy, f"{method} {path} mirrors unknown {mirror}"


def test_the_policy_read_from_the_api_matches_the_written_policy(client: TestClient) -> None:
    from tests.platform.test_auth import POLICY

    policy = api_policy(client.app)  # type: ignore[arg-type]
    assert {k: set(v) for k, v in policy.items()} == POLICY


PAGES = [
    ("/", "GET", "/api/v1/vendors"),
    ("/admin/rechecks", "GET", "/api/v1/rechecks"),
    ("/admin/webhooks", "GET", "/api/v1/webhooks"),
    (f"/admin/webhooks/{ZERO}", "GET", "/api/v1/webhooks/{webhook_id}/deliveries"),
    ("/admin/accreditation", "GET", "/api/v1/accreditation/lookup"),
    ("/admin/audit", "GET", "/api/v1/audit"),
]


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_each_role_sees_exactly_the_pages_the_api_allows(
    client: TestClient, sign_in: SignIn, role: Role
) -> None:
    from tests.platform.test_auth import POLICY

    sign_in(role)
    for url, method, api in PAGES:
        response = client.get(url)
        allowed = role in POLICY[(method, api)]
        assert response.status_code != 403 if allowed else response.status_code == 403, (url, role)
        if not allowed:
            assert "Not allowed for your role" in response.text
            assert "This needs one of the roles" in response.text


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_each_role_may_do_exactly_what_the_api_allows(
    client: TestClient, sign_in: SignIn, role: Role, token_for: Callable[..., str]
) -> None:
    from tests.platform.test_auth import POLICY

    admin_csrf = sign_in(Role.admin)
    vendor = client.post(
        "/vendors", data={"csrf_token": admin_csrf, "name": "Policy Co"}, follow_redirects=False
    ).headers["location"]
    csrf = sign_in(role)
    actions = [
        ("/vendors", {"name": "New"}, "POST", "/api/v1/vendors"),
        (f"{vendor}/profile", {"name": "Renamed"}, "PATCH", "/api/v1/vendors/{vendor_id}"),
        (f"{vendor}/assess", {}, "POST", "/api/v1/vendors/{vendor_id}/assessments"),
        ("/admin/webhooks", {"url": "https://x.example", "secret": "s" * 20}, "POST", "/api/v1/webhooks"),
        (f"{vendor}/archive", {}, "DELETE", "/api/v1/vendors/{vendor_id}"),
    ]  # fmt: skip
    for url, data, method, api in actions:
        response = client.post(url, data={"csrf_token": csrf, **data}, follow_redirects=False)
        allowed = role in POLICY[(method, api)]
        assert (response.status_code == 303) if allowed else response.status_code == 403, (
            url,
            role,
            response.status_code,
        )


def test_the_page_shows_only_the_controls_the_role_may_use(
    client: TestClient, sign_in: SignIn
) -> None:
    csrf = sign_in(Role.procurement)
    vendor = client.post(
        "/vendors", data={"csrf_token": csrf, "name": "Controls Co"}, follow_redirects=False
    ).headers["location"]
    as_procurement = client.get(vendor).text
    assert "data-upload" in as_procurement and "Edit profile" in as_procurement
    assert "Assess now" not in as_procurement and 'href="/admin/audit"' not in as_procurement
    sign_in(Role.reviewer)
    as_reviewer = client.get(vendor).text
    assert "data-upload" not in as_reviewer and "Edit profile" not in as_reviewer
    assert "Assess now" in as_reviewer
    assert re.search(r'data-questions="csv"', as_reviewer)


def test_an_unknown_id_is_still_checked_for_roles_first(
    client: TestClient, sign_in: SignIn
) -> None:
    sign_in(Role.procurement)
    assert client.get(f"/admin/webhooks/{uuid.uuid4()}").status_code == 403
