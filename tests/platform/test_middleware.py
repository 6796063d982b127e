"""Middleware: the body cap (413 chunked or not), backpressure (503 + Retry-After, never a
timeout), and request ids on the response and the log line of an unexpected error."""

import asyncio
import json
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.main import create_app
from app.platform.auth import Role
from app.platform.errors import install_error_handlers
from app.platform.middleware import ConcurrencyGate, Metrics, install_middleware
from app.platform.settings import Settings
from tests.pdfs import make_pdf

Auth = Callable[..., dict[str, str]]


def _vendor(client: TestClient, auth: Auth) -> str:
    response = client.post("/api/v1/vendors", json={"name": "Cap Ltd"}, headers=auth(Role.admin))
    return str(response.json()["id"])


def test_a_chunked_upload_over_the_cap_is_413_not_400(
    client: TestClient, auth: Auth, settings: Settings
) -> None:
    vid = _vendor(client, auth)
    boundary = "b0undary"
    head = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=file; filename=big.pdf\r\n"
        "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n"
    ).encode()

    def body() -> Iterator[bytes]:  # no Content-Length: sent chunked
        yield head
        for _ in range(settings.max_upload_bytes // (256 * 1024) + 2):
            yield b"0" * (256 * 1024)

    response = client.post(
        f"/api/v1/vendors/{vid}/documents",
        content=body(),
        headers={**auth(Role.admin), "content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 413, response.text
    assert response.json()["type"].endswith("/payload-too-large")
    assert response.headers["content-type"].startswith("application/problem+json")


def test_a_chunked_json_body_over_the_cap_is_413(
    client: TestClient, auth: Auth, settings: Settings
) -> None:
    def body() -> Iterator[bytes]:
        yield b'{"name": "'
        for _ in range(settings.max_upload_bytes // (256 * 1024) + 2):
            yield b"x" * (256 * 1024)
        yield b'"}'

    response = client.post(
        "/api/v1/vendors",
        content=body(),
        headers={**auth(Role.admin), "content-type": "application/json"},
    )
    assert response.status_code == 413


def test_a_chunked_upload_under_the_cap_still_works(client: TestClient, auth: Auth) -> None:
    vid = _vendor(client, auth)
    boundary = "b0undary"
    payload = (
        (
            f"--{boundary}\r\nContent-Disposition: form-data; name=file; filename=ok.pdf\r\n"
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + make_pdf("small")
        + f"\r\n--{boundary}--\r\n".encode()
    )
    response = client.post(
        f"/api/v1/vendors/{vid}/documents",
        content=iter([payload[:100], payload[100:]]),
        headers={**auth(Role.admin), "content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 201, response.text


class _Blocking:
    """An ASGI app whose requests wait until released."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.started = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.started += 1
        await self.release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def _scope() -> dict[str, Any]:
    return {"type": "http", "method": "GET", "path": "/api/v1/vendors", "headers": [], "app": None}


async def _call(gate: ConcurrencyGate) -> tuple[int, dict[str, str]]:
    messages: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        messages.append(dict(message))

    scope = _scope()
    app = FastAPI()
    scope["app"] = app
    await gate(scope, receive, send)
    start = messages[0]
    headers = {k.decode(): v.decode() for k, v in start["headers"]}
    return start["status"], headers


def test_the_gate_queues_then_sheds_with_503_and_retry_after() -> None:
    async def scenario() -> list[tuple[int, dict[str, str]]]:
        inner = _Blocking()
        gate = ConcurrencyGate(inner, limit=2, queue=1, wait_seconds=5, metrics=Metrics())
        admitted = [asyncio.create_task(_call(gate)) for _ in range(2)]
        await asyncio.sleep(0.05)
        queued = asyncio.create_task(_call(gate))
        await asyncio.sleep(0.05)
        assert inner.started == 2  # the third waits its turn
        shed = await _call(gate)  # queue full: refused at once
        inner.release.set()
        return [shed, *await asyncio.gather(*admitted, queued)]

    shed, *served = asyncio.run(scenario())
    assert shed[0] == 503
    assert shed[1]["retry-after"].isdigit()
    assert shed[1]["content-type"] == "application/problem+json"
    assert [status for status, _ in served] == [200, 200, 200]


def test_the_gate_refuses_a_request_that_waited_too_long() -> None:
    async def scenario() -> int:
        inner = _Blocking()
        gate = ConcurrencyGate(inner, limit=1, queue=5, wait_seconds=0.1, metrics=Metrics())
        first = asyncio.create_task(_call(gate))
        await asyncio.sleep(0.02)
        status, _ = await _call(gate)
        inner.release.set()
        await first
        assert gate.active == 0 and not gate.waiters
        return status

    assert asyncio.run(scenario()) == 503


def test_a_request_cancelled_while_queued_leaves_no_slot_or_waiter_behind() -> None:
    async def scenario() -> None:
        inner = _Blocking()
        gate = ConcurrencyGate(inner, limit=1, queue=5, wait_seconds=5, metrics=Metrics())
        first = asyncio.create_task(_call(gate))
        await asyncio.sleep(0.02)
        gone = asyncio.create_task(_call(gate))  # queued, then its client goes away
        await asyncio.sleep(0.02)
        assert len(gate.waiters) == 1
        gone.cancel()
        await asyncio.sleep(0.02)
        assert not gate.waiters
        inner.release.set()
        await first
        assert gate.active == 0
        assert (await _call(gate))[0] == 200  # the slot was handed back

    asyncio.run(scenario())


def test_generated_request_ids_are_unique_and_a_valid_incoming_one_is_kept(
    client: TestClient,
) -> None:
    ids = {client.get("/healthz").headers["x-request-id"] for _ in range(20)}
    assert len(ids) == 20 and all(len(i) == 32 and i.isalnum() for i in ids)
    kept = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert kept.headers["x-request-id"] == "abc-123"
    refused = client.get("/healthz", headers={"X-Request-ID": "bad id!"})
    assert refused.headers["x-request-id"] not in {"bad id!", *ids}


def test_probes_bypass_the_gate() -> None:
    async def scenario() -> int:
        inner = _Blocking()
        inner.release.set()
        gate = ConcurrencyGate(inner, limit=1, queue=0, wait_seconds=0.1, metrics=Metrics())
        gate.active = 1  # saturated
        messages: list[dict[str, Any]] = []

        async def send(message: MutableMapping[str, Any]) -> None:
            messages.append(dict(message))

        async def receive() -> MutableMapping[str, Any]:
            return {"type": "http.request", "body": b""}

        await gate({**_scope(), "path": "/healthz"}, receive, send)
        return int(messages[0]["status"])

    assert asyncio.run(scenario()) == 200


@pytest.fixture
def failing_app(settings: Settings) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    install_middleware(app, settings, Metrics())

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln")

    return app


def test_an_unexpected_error_is_a_500_problem_with_the_request_id_in_its_log_line(
    failing_app: FastAPI, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.platform.logging import configure_logging

    configure_logging("INFO", json=True)
    with TestClient(failing_app, raise_server_exceptions=False) as client:
        response = client.get("/boom", headers={"X-Request-ID": "req-12345"})
    assert response.status_code == 500
    assert response.headers["x-request-id"] == "req-12345"
    assert "internals" not in response.text
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line]
    errors = [line for line in lines if line.get("event") == "unhandled_error"]
    assert len(errors) == 1
    assert errors[0]["request_id"] == "req-12345"
    assert "RuntimeError" in errors[0]["exception"]
    assert "eyJ" not in json.dumps(lines)  # the token-shaped text was redacted


def test_the_real_app_answers_503_when_saturated(settings: Settings, auth: Auth) -> None:
    saturated = settings.model_copy(update={"max_concurrent_requests": 1, "max_queued_requests": 0})
    app = create_app(saturated, start_background=False)
    with TestClient(app) as client:
        gate = app.middleware_stack
        while not isinstance(gate, ConcurrencyGate):
            gate = gate.app  # type: ignore[union-attr]
        gate.active = 1  # as if one request were in progress
        response = client.get("/api/v1/vendors", headers=auth(Role.admin))
        assert client.get("/healthz").status_code == 200
    assert response.status_code == 503
    assert response.json()["type"].endswith("/overloaded")
    assert int(response.headers["retry-after"]) >= 1
