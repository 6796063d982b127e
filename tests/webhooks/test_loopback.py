"""A real delivery over HTTP to a receiver on 127.0.0.1 (issue 7 "Done means"): signed,
verifiable with the documented helper, sent once. Private addresses are allowed here, as
ASSAY_WEBHOOK_ALLOW_PRIVATE=1 would in development."""

import json
import ssl
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from app.main import create_app
from app.platform.auth import Role
from app.platform.models import Event, Vendor, WebhookDelivery
from app.platform.settings import Settings
from app.webhooks.dispatcher import run_once
from app.webhooks.signing import verify_signature
from app.webhooks.urlcheck import Target, pin
from tests.appstate import app_state, app_workers

Auth = Callable[..., dict[str, str]]
SECRET = "whsec-loopback-0123456789abcdef"


class Received:
    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str], bytes]] = []
        self.arrived = threading.Event()


@pytest.fixture
def receiver() -> Iterator[tuple[str, Received]]:
    received = Received()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.requests.append((self.path, dict(self.headers.items()), body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()
            received.arrived.set()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/assay/hooks", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_a_real_receiver_gets_one_signed_verifiable_delivery(
    settings: Settings, auth: Auth, receiver: tuple[str, Received]
) -> None:
    url, received = receiver
    allowed = settings.model_copy(update={"webhook_allow_private": True})
    with TestClient(create_app(allowed, start_background=False)) as api:
        created = api.post(
            "/api/v1/webhooks",
            json={"url": url, "events": ["certificate.expiring"], "secret": SECRET},
            headers=auth(Role.admin),
        )
        assert created.status_code == 201, created.text
        sessions = app_state(api).sessions
        event_id = _write_expiring_event(sessions)
        workers = app_workers(api)
        workers.start()  # the app's one worker loop, webhooks included
        try:
            app_state(api).jobs.events_written()
            assert received.arrived.wait(30), "the receiver got nothing"
        finally:
            workers.stop()
        with httpx.Client(follow_redirects=False) as http:
            # delivered already: nothing is sent twice
            assert run_once(sessions, client=http, settings=allowed) == 0
        log = api.get(
            f"/api/v1/webhooks/{created.json()['id']}/deliveries", headers=auth(Role.admin)
        ).json()
    assert len(received.requests) == 1
    path, headers, body = received.requests[0]
    assert path == "/assay/hooks"
    assert verify_signature(SECRET, headers["Assay-Signature"], body)
    assert not verify_signature("not-the-secret-at-all", headers["Assay-Signature"], body)
    payload = json.loads(body)
    assert payload["id"] == str(event_id)
    assert payload["type"] == "certificate.expiring"
    assert payload["data"]["days_before_expiry"] == 90
    assert [(d["status"], d["attempts"], d["last_status_code"]) for d in log["items"]] == [
        ("succeeded", 1, 200)
    ]


def _write_expiring_event(sessions: sessionmaker[Session]) -> uuid.UUID:
    now = datetime.now(UTC)
    with sessions.begin() as session:
        vendor = Vendor(name="Northwind Analytics", created_at=now, updated_at=now)
        session.add(vendor)
        session.flush()
        event = Event(
            type="certificate.expiring",
            created_at=now,
            vendor_id=vendor.id,
            dedupe_key=f"certificate.expiring:{vendor.id}:IS 712345:90",
            data={
                "vendor_id": str(vendor.id),
                "certificate_number": "IS 712345",
                "days_before_expiry": 90,
            },
        )
        session.add(event)
        session.flush()
        event_id: uuid.UUID = event.id
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0
    return event_id


def _self_signed(name: str) -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start = datetime(2020, 1, 1, tzinfo=UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start.replace(year=2100))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


@pytest.fixture
def tls_receiver(tmp_path: Path) -> Iterator[tuple[int, str, Received]]:
    """An https receiver on 127.0.0.1 whose certificate names `hooks.test` only."""
    cert_pem, key_pem = _self_signed("hooks.test")
    (tmp_path / "cert.pem").write_bytes(cert_pem)
    (tmp_path / "key.pem").write_bytes(key_pem)
    received = Received()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.requests.append((self.path, dict(self.headers.items()), body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], cert_pem.decode(), received
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_pinned_https_connects_to_the_checked_ip_and_verifies_the_host_name(
    tls_receiver: tuple[int, str, Received],
) -> None:
    port, ca_pem, received = tls_receiver
    trust = ssl.create_default_context(cadata=ca_pem)
    target = Target(url=httpx.URL(f"https://hooks.test:{port}/in"), address="127.0.0.1")
    url, headers, extensions = pin(target)
    with httpx.Client(verify=trust) as http:
        response = http.post(url, content=b"{}", headers=headers, extensions=extensions)
        assert response.status_code == 204
        assert received.requests[0][1]["Host"] == f"hooks.test:{port}"
        # The same address under a name the certificate does not cover is refused by TLS.
        other = Target(url=httpx.URL(f"https://evil.test:{port}/in"), address="127.0.0.1")
        url, headers, extensions = pin(other)
        with pytest.raises(httpx.ConnectError, match=r"(?i)certificate|hostname"):
            http.post(url, content=b"{}", headers=headers, extensions=extensions)
    assert len(received.requests) == 1
