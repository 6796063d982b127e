"""Webhooks API (CONTRACT.md §7-8): admin-only subscriptions, secrets never echoed, unsafe
URLs refused as problem+json, deletion, and the delivery log."""

import json
import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.platform.auth import Role
from app.platform.models import Event
from app.platform.settings import Settings
from app.webhooks.dispatcher import deliver_due, fan_out
from tests.appstate import app_state

Auth = Callable[..., dict[str, str]]
SECRET = "whsec-router-test-0123456789"
# An IP literal: resolving it needs no network, and it is public.
URL = "https://93.184.216.34/assay-hook"
BODY = {"url": URL, "events": ["certificate.expiring", "finding.opened"], "secret": SECRET}


def create(client: TestClient, auth: Auth, **overrides: object) -> Any:
    return client.post("/api/v1/webhooks", json={**BODY, **overrides}, headers=auth(Role.admin))


def test_create_list_get_never_echo_the_secret(client: TestClient, auth: Auth) -> None:
    created = create(client, auth)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["url"] == URL
    assert body["events"] == BODY["events"]
    assert body["active"] is True
    listed = client.get("/api/v1/webhooks", headers=auth(Role.admin))
    fetched = client.get(f"/api/v1/webhooks/{body['id']}", headers=auth(Role.admin))
    assert [w["id"] for w in listed.json()["items"]] == [body["id"]]
    assert fetched.json() == body
    for response in (created, listed, fetched):
        assert SECRET not in response.text
        assert "secret" not in response.text


@pytest.mark.parametrize(
    "overrides",
    [
        {"events": []},
        {"events": ["vendor.deleted"]},
        {"events": "certificate.expiring"},
        {"secret": "short"},
        {"secret": None},
        {"url": None},
        {"unknown": 1},
    ],
    ids=[
        "no_events",
        "unknown_event",
        "events_not_a_list",
        "short_secret",
        "no_secret",
        "no_url",
        "extra_field",
    ],
)
def test_invalid_subscriptions_are_422_problem_json(
    client: TestClient, auth: Auth, overrides: dict[str, object]
) -> None:
    response = create(client, auth, **overrides)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.8/hook",
        "http://[::1]/hook",
        "http://[::ffff:192.168.0.1]/hook",
        "ftp://93.184.216.34/hook",
    ],
    ids=["loopback", "localhost", "metadata", "private", "ipv6_loopback", "ipv4_mapped", "ftp"],
)
def test_unsafe_urls_are_refused(client: TestClient, auth: Auth, url: str) -> None:
    response = create(client, auth, url=url)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"].endswith("/webhook-url-refused")
    assert client.get("/api/v1/webhooks", headers=auth(Role.admin)).json()["total"] == 0


def test_private_urls_are_accepted_when_allowed(settings: Settings, auth: Auth) -> None:
    allowed = settings.model_copy(update={"webhook_allow_private": True})
    with TestClient(create_app(allowed, start_background=False)) as client:
        assert create(client, auth, url="http://127.0.0.1:9/hook").status_code == 201


@pytest.mark.parametrize("role", [Role.procurement, Role.reviewer], ids=["procurement", "reviewer"])
def test_only_admins_manage_webhooks(client: TestClient, auth: Auth, role: Role) -> None:
    response = client.post("/api/v1/webhooks", json=BODY, headers=auth(role))
    assert response.status_code == 403
    assert client.get("/api/v1/webhooks", headers=auth(role)).status_code == 403


def test_delete_deactivates_and_keeps_the_log(client: TestClient, auth: Auth) -> None:
    webhook_id = create(client, auth).json()["id"]
    admin = auth(Role.admin)
    assert client.delete(f"/api/v1/webhooks/{webhook_id}", headers=admin).status_code == 204
    assert client.delete(f"/api/v1/webhooks/{webhook_id}", headers=admin).status_code == 204
    assert client.get("/api/v1/webhooks", headers=admin).json()["total"] == 0
    everything = client.get("/api/v1/webhooks?include_deleted=true", headers=admin).json()
    assert [w["active"] for w in everything["items"]] == [False]
    assert client.get(f"/api/v1/webhooks/{webhook_id}/deliveries", headers=admin).status_code == 200
    assert client.post(f"/api/v1/webhooks/{webhook_id}/test", headers=admin).status_code == 404


def test_unknown_webhook_is_404_problem_json(client: TestClient, auth: Auth) -> None:
    missing = "00000000-0000-0000-0000-000000000000"
    response = client.get(f"/api/v1/webhooks/{missing}/deliveries", headers=auth(Role.admin))
    assert response.status_code == 404
    assert response.json()["type"].endswith("/webhook-not-found")


@pytest.fixture
def receiver() -> Iterator[tuple[httpx.Client, list[httpx.Request]]]:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200 if len(seen) > 1 else 500)

    with httpx.Client(transport=httpx.MockTransport(handle)) as http:
        yield http, seen


def test_delivery_log_shows_each_delivery_and_its_latest_attempt(
    client: TestClient,
    auth: Auth,
    settings: Settings,
    receiver: tuple[httpx.Client, list[httpx.Request]],
) -> None:
    webhook_id = create(client, auth).json()["id"]
    sessions = app_state(client).sessions
    now = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    with sessions.begin() as session:
        session.add(Event(type="finding.opened", created_at=now, data={"vendor_id": None}))
        session.add(Event(type="accreditation.changed", created_at=now, data={}))  # unsubscribed
        fan_out(session, now=now)
    http, seen = receiver
    deliver_due(sessions, client=http, now=now, settings=settings, rng=random.Random(1))
    log = client.get(f"/api/v1/webhooks/{webhook_id}/deliveries", headers=auth(Role.admin))
    assert log.status_code == 200
    [entry] = log.json()["items"]
    assert (entry["event_type"], entry["status"], entry["attempts"]) == (
        "finding.opened",
        "pending",
        1,
    )
    assert (entry["last_status_code"], entry["last_error"]) == (500, "HTTP 500")
    assert entry["next_attempt_at"] is not None
    assert entry["event_id"] == json.loads(seen[0].content)["id"]
    failed = client.get(
        f"/api/v1/webhooks/{webhook_id}/deliveries?status=succeeded", headers=auth(Role.admin)
    )
    assert failed.json()["total"] == 0


def test_test_endpoint_queues_a_ping_for_that_subscription_only(
    client: TestClient,
    auth: Auth,
    settings: Settings,
    receiver: tuple[httpx.Client, list[httpx.Request]],
) -> None:
    webhook_id = create(client, auth).json()["id"]
    create(client, auth)  # another subscription: must not receive the ping
    queued = client.post(f"/api/v1/webhooks/{webhook_id}/test", headers=auth(Role.admin))
    assert queued.status_code == 202
    assert (queued.json()["event_type"], queued.json()["status"]) == ("webhook.test", "pending")
    http, seen = receiver
    sessions = app_state(client).sessions
    with sessions.begin() as session:
        assert fan_out(session, now=datetime.now(UTC)) == 0
    assert deliver_due(sessions, client=http, now=datetime.now(UTC), settings=settings) == 1
    assert json.loads(seen[0].content)["type"] == "webhook.test"
