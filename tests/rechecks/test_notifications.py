"""Issue 7's acceptance path: a certificate crossing its 90-day line between two re-check runs
produces exactly one signed `certificate.expiring` delivery to a real HTTP receiver on loopback."""

import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from app.platform.auth import Role
from app.platform.settings import Settings
from app.rechecks import service as recheck_service
from app.webhooks.dispatcher import deliver_due, fan_out
from app.webhooks.signing import verify_signature
from tests.appstate import app_state, app_workers
from tests.builders import make_certificate_facts, make_parsed, make_profile
from tests.seed import seed_vendor

EXPIRY = date(2027, 3, 1)
SECRET = "whsec-" + "s" * 32


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"webhook_allow_private": True})


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append({"body": body, "signature": self.headers.get("Assay-Signature", "")})
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hooks", received
    server.shutdown()
    server.server_close()


def test_crossing_the_90_day_line_delivers_one_signed_event(
    client: TestClient,
    auth: Callable[..., dict[str, str]],
    settings: Settings,
    receiver: tuple[str, list[dict[str, Any]]],
) -> None:
    url, received = receiver
    created = client.post(
        "/api/v1/webhooks",
        headers=auth(Role.admin),
        json={"url": url, "events": ["certificate.expiring"], "secret": SECRET},
    )
    assert created.status_code == 201, created.text
    state = app_state(client)
    with state.sessions.begin() as session:
        facts = make_certificate_facts(issue_date=date(2026, 3, 2), expiry_date=EXPIRY)
        vendor_id = str(seed_vendor(session, make_profile(), [make_parsed(facts)]).id)
    registry, model = state.registry_store.current(), state.risk_model

    def run_and_deliver(day: date) -> None:
        recheck_service.run_recheck(
            state.sessions, as_of=day, registry=registry, model=model, trigger="test"
        )
        with state.sessions.begin() as session:
            fan_out(session, now=datetime.now(UTC))
        with httpx.Client(timeout=5) as http:
            deliver_due(state.sessions, client=http, now=datetime.now(UTC), settings=settings)

    run_and_deliver(EXPIRY - timedelta(days=91))
    assert received == []
    run_and_deliver(EXPIRY - timedelta(days=90))
    run_and_deliver(EXPIRY - timedelta(days=89))
    assert len(received) == 1
    delivery = received[0]
    assert verify_signature(SECRET, delivery["signature"], delivery["body"])
    assert not verify_signature("wrong-secret", delivery["signature"], delivery["body"])
    event = json.loads(delivery["body"])
    assert event["type"] == "certificate.expiring"
    assert set(event) == {"id", "type", "created_at", "data"}
    assert event["data"]["vendor_id"] == vendor_id
    assert event["data"]["threshold_days"] == 90 and event["data"]["document_id"]
    assert event["data"]["finding"] == "CERT_EXPIRING"


def test_reference_data_import_notifies_accreditation_changes(
    client: TestClient, auth: Callable[..., dict[str, str]]
) -> None:
    """An admin imports data in which the vendor's certification body is suspended: the
    re-check it queues stores a new assessment and writes `accreditation.changed`."""
    import io
    import zipfile
    from pathlib import Path

    from sqlalchemy import select

    from app.platform.models import Event

    state = app_state(client)
    with state.sessions.begin() as session:
        facts = make_certificate_facts(issue_date=date(2026, 3, 2), expiry_date=EXPIRY)
        seed_vendor(session, make_profile(), [make_parsed(facts)])
    recheck_service.run_recheck(
        state.sessions,
        as_of=datetime.now(UTC).date(),
        registry=state.registry_store.current(),
        model=state.risk_model,
        trigger="test",
    )
    source = Path(__file__).resolve().parents[2] / "accreditation_data" / "accreditations.csv"
    rows = source.read_text().splitlines()
    suspended = [
        r.replace(",UKAS,003,27001,active,", ",UKAS,003,27001,suspended,")
        if r.startswith("bsi-assurance-uk,")
        else r
        for r in rows
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("VERSION", "2026.11.23-test-suspension\n")
        zf.writestr("accreditations.csv", "\n".join(suspended) + "\n")
    response = client.post(
        "/api/v1/accreditation/import",
        headers=auth(Role.admin),
        files={"file": ("data.zip", buffer.getvalue(), "application/zip")},
    )
    assert response.status_code == 200, response.text
    assert app_workers(client).drain("recheck") >= 1  # the import queued a run
    with state.sessions() as session:
        events = session.scalars(select(Event).where(Event.type == "accreditation.changed")).all()
    assert len(events) == 1
    assert "CB_ACCREDITATION_SUSPENDED" in events[0].data["findings_after"]
    assert events[0].data["reference_data_after"] == "2026.11.23-test-suspension"
