"""The unit of work: commit before acknowledge, serialised SQLite writers, read snapshots that
never wait for a writer, aware UTC timestamps, a pool that matches the threads."""

import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

from app.main import create_app
from app.platform.auth import Role
from app.platform.db import (
    make_engine,
    make_sessionmaker,
    read_only_connection,
    read_only_session,
    write_transaction,
)
from app.platform.models import AuditEvent, Document, Vendor
from app.platform.settings import Settings
from app.platform.workers import PARSE
from tests.appstate import app_state
from tests.pdfs import make_pdf

Auth = Callable[..., dict[str, str]]


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url, pool_size=12)
    yield engine
    engine.dispose()


class CommitProbe:
    """ASGI wrapper: when a 2xx response starts, look from another connection whether the
    request's change is already committed."""

    def __init__(self, app: Any, engine: Engine, query: Callable[[Session], bool]) -> None:
        self.app, self.engine, self.query = app, engine, query
        self.seen_at_response: list[bool] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        async def probe(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and 200 <= message["status"] < 300:
                with Session(self.engine) as session:
                    self.seen_at_response.append(self.query(session))
            await send(message)

        await self.app(scope, receive, probe if scope["type"] == "http" else send)


def _count(model: Any) -> Callable[[Session], bool]:
    return lambda session: (session.scalar(select(func.count()).select_from(model)) or 0) > 0


def test_a_created_vendor_is_committed_before_the_201_is_sent(
    settings: Settings, engine: Engine, auth: Auth
) -> None:
    probe = CommitProbe(create_app(settings, start_background=False), engine, _count(Vendor))
    with TestClient(probe) as client:
        response = client.post(
            "/api/v1/vendors", json={"name": "Durable Ltd"}, headers=auth(Role.procurement)
        )
    assert response.status_code == 201
    assert probe.seen_at_response == [True]


def test_an_upload_row_and_its_bytes_are_durable_before_the_201_is_sent(
    settings: Settings, engine: Engine, auth: Auth
) -> None:
    app = create_app(settings, start_background=False)
    with TestClient(app) as client:
        vid = client.post(
            "/api/v1/vendors", json={"name": "Durable Ltd"}, headers=auth(Role.procurement)
        ).json()["id"]
    inner = create_app(settings, start_background=False)
    probe = CommitProbe(inner, engine, _count(Document))
    pdf = make_pdf("durable upload")
    with TestClient(probe) as client:
        response = client.post(
            f"/api/v1/vendors/{vid}/documents",
            files={"file": ("a.pdf", pdf, "application/pdf")},
            headers=auth(Role.procurement),
        )
        assert response.status_code == 201
        blob = inner.state.assay.blobs.open(response.json()["sha256"])
    assert probe.seen_at_response == [True]
    assert blob.read_bytes() == pdf


def test_a_commit_that_fails_is_an_error_never_a_2xx(
    client: TestClient, auth: Auth, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_commit(self: Session) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Session, "commit", broken_commit)
    response = client.post(
        "/api/v1/vendors", json={"name": "Never Acknowledged"}, headers=auth(Role.procurement)
    )
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/problem+json")
    monkeypatch.undo()
    listed = client.get("/api/v1/vendors", headers=auth(Role.reviewer)).json()
    assert listed["total"] == 0


def test_the_parse_wake_up_runs_after_the_upload_is_committed(
    settings: Settings, engine: Engine, auth: Auth
) -> None:
    app = create_app(settings, start_background=False)
    with TestClient(app) as client:
        committed_at_wakeup: list[bool] = []
        app_state(client).jobs.add(
            lambda name: (
                committed_at_wakeup.append(_count(Document)(Session(engine)))
                if name == PARSE
                else None
            )
        )
        vid = client.post(
            "/api/v1/vendors", json={"name": "Woken Ltd"}, headers=auth(Role.procurement)
        ).json()["id"]
        response = client.post(
            f"/api/v1/vendors/{vid}/documents",
            files={"file": ("a.pdf", make_pdf("wake"), "application/pdf")},
            headers=auth(Role.procurement),
        )
    assert response.status_code == 201
    assert committed_at_wakeup == [True]


def _audit_row(actor: str) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "at": datetime.now(UTC),
        "actor": actor,
        "roles": [],
        "action": "test",
        "object_type": "test",
        "detail": {},
    }


def test_concurrent_read_then_write_transactions_never_fail_with_database_locked(
    engine: Engine,
) -> None:
    """The classic SQLite failure: two transactions read, then both try to write. With a
    deferred BEGIN one of them fails at once ("database is locked"); write transactions
    take the lock first and wait their turn instead."""
    sessions = make_sessionmaker(engine)
    errors: list[BaseException] = []
    barrier = threading.Barrier(6, timeout=10)

    def worker(n: int) -> None:
        try:
            barrier.wait()
            for i in range(15):
                with write_transaction(sessions) as session:
                    session.scalar(select(func.count()).select_from(AuditEvent))
                    session.execute(insert(AuditEvent), [_audit_row(f"w{n}-{i}")])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 90


@pytest.mark.parametrize("reader_kind", ["session", "connection"])
def test_a_read_snapshot_does_not_wait_for_an_open_write_transaction(
    engine: Engine, reader_kind: str
) -> None:
    sessions = make_sessionmaker(engine)
    read_only = read_only_session if reader_kind == "session" else read_only_connection
    writing, release = threading.Event(), threading.Event()

    def writer() -> None:
        with write_transaction(sessions) as session:
            session.execute(insert(AuditEvent), [_audit_row("slow-writer")])
            session.flush()
            writing.set()
            release.wait(10)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert writing.wait(10)
        done = threading.Event()
        seen: list[int] = []

        def reader() -> None:
            with read_only(sessions) as reading:
                seen.append(reading.scalar(select(func.count()).select_from(AuditEvent)) or 0)
            done.set()

        threading.Thread(target=reader).start()
        assert done.wait(5), "the read waited for the writer"
        assert seen == [0]  # the uncommitted row is not visible
    finally:
        release.set()
        thread.join(10)


def test_timestamps_come_back_aware_utc_and_naive_ones_are_refused(engine: Engine) -> None:
    sessions = make_sessionmaker(engine)
    plus_two = timezone(timedelta(hours=2))
    with sessions.begin() as session:
        row = _audit_row("tz")
        row["at"] = datetime(2026, 11, 23, 12, 0, tzinfo=plus_two)
        session.execute(insert(AuditEvent), [row])
    with sessions() as session:
        at = session.scalar(select(AuditEvent.at))
    assert at == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert at is not None and at.utcoffset() == timedelta(0)
    with sessions() as session, pytest.raises(StatementError, match="naive"):
        session.execute(insert(AuditEvent), [{**_audit_row("naive"), "at": datetime(2026, 1, 1)}])


def test_the_pool_is_sized_to_the_admitted_requests_and_workers(settings: Settings) -> None:
    app = create_app(settings, start_background=False)
    with TestClient(app) as client:
        pool = app_state(client).engine.pool
        assert isinstance(pool, QueuePool)
        assert pool.size() == settings.max_concurrent_requests + settings.parse_workers + 4
        assert pool._max_overflow == 0
