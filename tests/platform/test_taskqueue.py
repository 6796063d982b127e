"""The queue engine on PostgreSQL (procrastinate): uploads defer one job per document, a job
for work already done records nothing twice, work that lost its job is found by the sweep,
a dead worker's job is retried, and the daily re-check is one run per tick."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from app.main import build_state
from app.platform.auth import Role
from app.platform.models import (
    Assessment,
    Document,
    Event,
    RecheckRun,
    WebhookDelivery,
    WebhookSubscription,
)
from app.platform.settings import Settings
from app.platform.state import AppState
from app.platform.taskqueue import PARSE_TASK, Producer, TaskWorkers, uses_procrastinate
from app.platform.workers import WorkerLoop
from tests.appstate import app_state
from tests.pdfs import make_pdf

# On PostgreSQL only (the `database_url` fixture's postgres side).
ON_PG = [pytest.mark.postgres, pytest.mark.parametrize("database_url", ["postgres"], indirect=True)]


def on_pg(test: Callable[..., None]) -> Callable[..., None]:
    for mark in reversed(ON_PG):
        test = mark(test)
    return test


Auth = Callable[..., dict[str, str]]
CERT = make_pdf(
    "CERTIFICATE OF REGISTRATION\n"
    "This is to certify that the information security management system of\n"
    "Lattice Harbor Software, Inc.\n"
    "has been assessed and found to conform to ISO/IEC 27001:2022\n"
)


def _upload(client: TestClient, auth: Auth, data: bytes = CERT) -> uuid.UUID:
    vid = client.post(
        "/api/v1/vendors", json={"name": "Lattice Harbor"}, headers=auth(Role.procurement)
    ).json()["id"]
    response = client.post(
        f"/api/v1/vendors/{vid}/documents",
        files={"file": ("cert.pdf", data, "application/pdf")},
        headers=auth(Role.procurement),
    )
    assert response.status_code == 201, response.text
    return uuid.UUID(response.json()["id"])


def _jobs(state: AppState, *statuses: str, task: str = PARSE_TASK) -> list[tuple[str, str | None]]:
    """The parse jobs (or `task`'s) in these states."""
    with state.sessions() as session:
        rows = session.execute(
            text(
                "SELECT task_name, queueing_lock FROM procrastinate_jobs"
                " WHERE status::text = ANY(:s) AND task_name = :t ORDER BY id"
            ),
            {"s": list(statuses), "t": task},
        )
        return [(r[0], r[1]) for r in rows]


def _workers(state: AppState) -> TaskWorkers:
    assert isinstance(state.workers, TaskWorkers)
    return state.workers


def test_the_engine_is_procrastinate_on_postgresql_and_the_loop_when_told() -> None:
    assert uses_procrastinate("postgresql+psycopg://h/db", "auto")
    assert not uses_procrastinate("sqlite:///x.db", "auto")
    assert not uses_procrastinate("postgresql+psycopg://h/db", "builtin")


@on_pg
def test_an_upload_defers_one_job_for_its_document_and_a_worker_parses_it(
    client: TestClient, auth: Auth
) -> None:
    state = app_state(client)
    doc_id = _upload(client, auth)
    assert _jobs(state, "todo") == [(PARSE_TASK, f"parse:{doc_id}")]
    producer = state.jobs.producer
    assert producer is not None
    assert producer.parse([doc_id]) == 0  # one job per document waits, not two

    assert _workers(state).drain("parse") == 1
    with state.sessions() as session:
        doc = session.get(Document, doc_id)
        assert doc is not None and doc.status == "parsed" and doc.attempts == 1
    assert _jobs(state, "todo", "doing") == []


@on_pg
def test_a_job_for_work_already_done_records_nothing_twice(client: TestClient, auth: Auth) -> None:
    state = app_state(client)
    doc_id = _upload(client, auth)
    workers = _workers(state)
    assert workers.drain("parse") == 1
    producer = state.jobs.producer
    assert producer is not None
    # procrastinate delivers at least once: a second job for the same document finds it parsed.
    assert producer.parse([doc_id]) == 1
    assert workers.drain("parse") == 0
    with state.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Assessment)) == 1
        doc = session.get(Document, doc_id)
        assert doc is not None and doc.attempts == 1


@on_pg
def test_work_whose_job_was_lost_is_found_by_the_sweep(client: TestClient, auth: Auth) -> None:
    state = app_state(client)
    doc_id = _upload(client, auth)
    # A crash between the upload's commit and its defer: the document waits with no job.
    with state.sessions.begin() as session:
        session.execute(text("DELETE FROM procrastinate_jobs"))
    workers = _workers(state)
    workers.enqueue_waiting(["parse"])
    assert _jobs(state, "todo") == [(PARSE_TASK, f"parse:{doc_id}")]
    assert workers.drain("parse") == 1


@on_pg
def test_a_dead_workers_job_is_retried_by_the_sweep(client: TestClient, auth: Auth) -> None:
    state = app_state(client)
    doc_id = _upload(client, auth)
    with state.sessions.begin() as session:
        # A worker took the job, then stopped beating (SIGKILL): its heartbeat is old.
        worker = session.execute(
            text(
                "INSERT INTO procrastinate_workers (last_heartbeat)"
                " VALUES (now() - interval '1 hour') RETURNING id"
            )
        ).scalar_one()
        session.execute(
            text("UPDATE procrastinate_jobs SET status = 'doing', worker_id = :w"),
            {"w": worker},
        )
    assert _jobs(state, "todo") == []
    import asyncio

    workers = _workers(state)

    async def sweep() -> None:
        async with workers._app.open_async():
            await workers._sweep_async()

    asyncio.run(sweep())
    assert _jobs(state, "todo") == [(PARSE_TASK, f"parse:{doc_id}")]
    assert workers.drain("parse") == 1


@on_pg
def test_the_daily_recheck_is_one_run_per_tick_and_worked_by_its_jobs(
    settings: Settings,
) -> None:
    state = build_state(settings.model_copy(update={"recheck_enabled": True}))
    try:
        workers = _workers(state)
        assert "assay.recheck_daily" in workers._app.tasks
        tick = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
        daily = workers._app.tasks["assay.recheck_daily"]
        daily.func(timestamp=int(tick.timestamp()))
        daily.func(timestamp=int(tick.timestamp()))  # a second worker for the same tick
        with state.sessions() as session:
            runs = session.scalars(select(RecheckRun)).all()
            assert [r.tick for r in runs] == [tick.isoformat()]
        assert workers.drain("recheck") >= 1  # planned (no vendors: done at once)
        with state.sessions() as session:
            run = session.scalars(select(RecheckRun)).one()
            assert run.status == "succeeded"
    finally:
        state.close()


@on_pg
def test_the_builtin_engine_stays_available_on_postgresql(settings: Settings) -> None:
    state = build_state(settings.model_copy(update={"queue_engine": "builtin"}))
    try:
        assert isinstance(state.workers, WorkerLoop) and state.jobs.producer is None
    finally:
        state.close()


@on_pg
def test_a_producer_that_cannot_reach_the_database_does_not_fail_the_request(
    settings: Settings,
) -> None:
    state = build_state(settings, jobs=())
    try:
        bad = Producer(
            "postgresql+psycopg://nobody:wrong@127.0.0.1:1/none?connect_timeout=1",
            state.sessions,
            recheck_slots=2,
        )
        assert bad.webhooks() is False  # logged; the sweep defers what is missing
        bad.close()
    finally:
        state.close()


@on_pg
def test_a_webhook_retry_is_a_job_scheduled_for_when_its_backoff_ends(
    settings: Settings,
) -> None:
    state = build_state(settings)
    try:
        due = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=7)
        with state.sessions.begin() as session:
            sub = WebhookSubscription(
                url="https://hooks.example.com/assay",
                events=["vendor.risk_changed"],
                secret="s" * 32,
                created_by="tester",
                created_at=datetime.now(UTC),
            )
            event = Event(
                type="vendor.risk_changed",
                created_at=datetime.now(UTC),
                data={},
                dispatched_at=datetime.now(UTC),
            )
            session.add_all([sub, event])
            session.flush()
            session.add(
                WebhookDelivery(
                    subscription_id=sub.id,
                    event_id=event.id,
                    status="pending",
                    attempts=1,
                    next_attempt_at=due,
                    created_at=datetime.now(UTC),
                )
            )
        assert _workers(state).drain("webhooks") == 0  # nothing due now
        with state.sessions() as session:
            scheduled = session.execute(
                text(
                    "SELECT scheduled_at FROM procrastinate_jobs WHERE status = 'todo'"
                    " AND queueing_lock = 'webhooks:retry'"
                )
            ).scalar_one()
        assert scheduled == due
    finally:
        state.close()
