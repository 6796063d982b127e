"""Outbox -> deliveries: fan-out, signed sends, at-most-one success, retries, dead letters,
crash recovery and concurrent workers (CONTRACT.md §8; issue 7 item 4)."""

import itertools
import json
import random
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.platform.db import make_engine, make_sessionmaker
from app.platform.models import Event, Vendor, WebhookDelivery, WebhookSubscription
from app.platform.settings import Settings
from app.webhooks import dispatcher
from app.webhooks.dispatcher import LEASE, backoff, deliver_due, fan_out
from app.webhooks.signing import verify_signature

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
SECRET = "s3cret-for-tests-0123456789"
PUBLIC = "93.184.216.34"
Handler = Callable[[httpx.Request], httpx.Response]


def public_dns(host: str, port: int) -> list[str]:
    return [PUBLIC]


def utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


class Receiver:
    """A MockTransport recording every request and answering with `reply`."""

    def __init__(self, reply: Handler | int = 200) -> None:
        self.requests: list[httpx.Request] = []
        self._lock = threading.Lock()
        self._reply = reply

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        with self._lock:
            self.requests.append(request)
        if callable(self._reply):
            return self._reply(request)
        return httpx.Response(self._reply)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self))

    def event_ids(self) -> list[str]:
        return [json.loads(r.content)["id"] for r in self.requests]


def add_subscription(
    session: Session,
    *,
    events: list[str],
    active: bool = True,
    url: str = "https://hooks.example.com/in",
) -> WebhookSubscription:
    sub = WebhookSubscription(
        url=url, events=events, secret=SECRET, active=active, created_by="t", created_at=NOW
    )
    session.add(sub)
    session.flush()
    return sub


def add_event(session: Session, *, type_: str = "certificate.expiring", n: int = 0) -> Event:
    vendor = Vendor(name=f"Vendor {n}", created_at=NOW, updated_at=NOW)
    session.add(vendor)
    session.flush()
    event = Event(
        type=type_,
        created_at=NOW,
        vendor_id=vendor.id,
        dedupe_key=f"k-{uuid.uuid4()}",
        data={"document_id": "d1", "days": 90},
    )
    session.add(event)
    session.flush()
    return event


def setup_one(sessions: sessionmaker[Session], **sub: object) -> uuid.UUID:
    """One subscription, one matching event, fanned out; returns the delivery id."""
    with sessions.begin() as session:
        add_subscription(session, events=["certificate.expiring"], **sub)  # type: ignore[arg-type]
        add_event(session)
        assert fan_out(session, now=NOW) == 1
        return session.scalars(select(WebhookDelivery.id)).one()


def delivery(sessions: sessionmaker[Session], delivery_id: uuid.UUID) -> WebhookDelivery:
    with sessions() as session:
        row = session.get(WebhookDelivery, delivery_id)
        assert row is not None
        return row


def run(
    sessions: sessionmaker[Session], receiver: Receiver, settings: Settings, at: datetime
) -> int:
    return deliver_due(
        sessions,
        client=receiver.client(),
        now=at,
        settings=settings,
        resolve=public_dns,
        clock=at.timestamp,
        rng=random.Random(7),
    )


def test_fan_out_creates_one_delivery_per_subscribed_active_subscription(
    sessions: sessionmaker[Session],
) -> None:
    with sessions.begin() as session:
        wanted = add_subscription(session, events=["certificate.expiring", "finding.opened"])
        add_subscription(session, events=["finding.resolved"])
        add_subscription(session, events=["certificate.expiring"], active=False)
        event = add_event(session)
        assert fan_out(session, now=NOW) == 1
        assert fan_out(session, now=NOW) == 0
        rows = session.scalars(select(WebhookDelivery)).all()
        assert [(r.subscription_id, r.event_id, r.status) for r in rows] == [
            (wanted.id, event.id, "pending")
        ]
        assert session.get(Event, event.id).dispatched_at is not None  # type: ignore[union-attr]


def test_success_is_signed_per_contract_and_never_sent_again(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    delivery_id = setup_one(sessions)
    receiver = Receiver(204)
    assert run(sessions, receiver, settings, NOW) == 1
    assert run(sessions, receiver, settings, NOW + timedelta(days=3)) == 0
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert request.method == "POST"
    assert request.url.host == PUBLIC  # pinned to the checked address
    assert request.headers["host"] == "hooks.example.com"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["user-agent"] == "Assay-Webhooks/1"
    assert verify_signature(
        SECRET, request.headers["assay-signature"], request.content, now=NOW.timestamp()
    )
    body = json.loads(request.content)
    assert set(body) == {"id", "type", "created_at", "data"}
    assert body["type"] == "certificate.expiring"
    assert body["created_at"] == "2026-11-23T02:00:00Z"
    assert body["data"]["document_id"] == "d1"
    assert uuid.UUID(body["data"]["vendor_id"])
    row = delivery(sessions, delivery_id)
    assert (row.status, row.attempts, row.last_status_code) == ("succeeded", 1, 204)
    assert utc(row.delivered_at) == NOW  # type: ignore[arg-type]


def test_failure_is_retried_with_growing_backoff_and_each_attempt_recorded(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    delivery_id = setup_one(sessions)
    receiver = Receiver(500)
    assert run(sessions, receiver, settings, NOW) == 1
    first = delivery(sessions, delivery_id)
    assert (first.status, first.attempts, first.last_status_code) == ("pending", 1, 500)
    assert first.last_error == "HTTP 500"
    first_wait = utc(first.next_attempt_at) - NOW
    assert timedelta(seconds=24) <= first_wait <= timedelta(seconds=30)
    assert run(sessions, receiver, settings, NOW + first_wait / 2) == 0  # not due yet
    second_at = utc(first.next_attempt_at)
    assert run(sessions, receiver, settings, second_at) == 1
    second = delivery(sessions, delivery_id)
    assert second.attempts == 2
    assert utc(second.next_attempt_at) - second_at > first_wait
    assert len(set(receiver.event_ids())) == 1


def test_network_errors_and_redirects_count_as_failures(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    delivery_id = setup_one(sessions)
    run(sessions, Receiver(refuse), settings, NOW)
    row = delivery(sessions, delivery_id)
    assert row.last_status_code is None
    assert row.last_error is not None
    assert row.last_error.startswith("ConnectError")
    redirect = Receiver(lambda r: httpx.Response(302, headers={"Location": "http://10.0.0.1/"}))
    run(sessions, redirect, settings, utc(row.next_attempt_at))
    assert len(redirect.requests) == 1  # the redirect was not followed
    assert delivery(sessions, delivery_id).status == "pending"


def test_dead_only_after_retrying_for_at_least_24_hours(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    delivery_id = setup_one(sessions)
    receiver = Receiver(503)
    at, attempts_at = NOW, []
    while (row := delivery(sessions, delivery_id)).status == "pending":
        at = utc(row.next_attempt_at)
        attempts_at.append(at)
        assert run(sessions, receiver, settings, at) == 1
    assert row.status == "dead"
    assert attempts_at[-1] - NOW >= timedelta(hours=24)
    assert attempts_at[-2] - NOW < timedelta(hours=24)
    steps = [b - a for a, b in itertools.pairwise(attempts_at)]
    assert max(steps) <= timedelta(hours=1)
    assert row.attempts == len(receiver.requests) == len(attempts_at)
    assert run(sessions, receiver, settings, at + timedelta(days=7)) == 0


def test_crash_between_claim_and_record_is_resent_with_the_same_event_id(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    delivery_id = setup_one(sessions)
    crashed = dispatcher._claim_batch(sessions, now=NOW, limit=10)  # then the worker dies
    assert len(crashed) == 1
    receiver = Receiver(200)
    assert run(sessions, receiver, settings, NOW + LEASE / 2) == 0  # still leased
    retry_at = NOW + LEASE + timedelta(seconds=1)
    assert run(sessions, receiver, settings, retry_at) == 1
    assert receiver.event_ids() == [json.loads(crashed[0].body)["id"]]
    row = delivery(sessions, delivery_id)
    assert (row.status, row.attempts) == ("succeeded", 2)
    # The crashed worker coming back late must not overwrite the newer outcome.
    failed = dispatcher._Outcome(500, "HTTP 500")
    dispatcher.record(sessions, crashed[0], failed, now=retry_at, rng=random.Random(1))
    assert delivery(sessions, delivery_id).status == "succeeded"


def test_refused_address_at_delivery_time_is_not_contacted(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    delivery_id = setup_one(sessions)
    receiver = Receiver(200)
    rebinding = deliver_due(
        sessions,
        client=receiver.client(),
        now=NOW,
        settings=settings,
        resolve=lambda host, port: ["127.0.0.1"],
    )
    assert rebinding == 1
    assert receiver.requests == []
    row = delivery(sessions, delivery_id)
    assert row.status == "pending"
    assert row.last_error is not None
    assert row.last_error.startswith("Refused")


def test_deliveries_of_deleted_subscriptions_are_not_sent(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    setup_one(sessions)
    with sessions.begin() as session:
        for sub in session.scalars(select(WebhookSubscription)):
            sub.active = False
    receiver = Receiver(200)
    assert run(sessions, receiver, settings, NOW) == 0
    assert receiver.requests == []


def test_two_concurrent_workers_never_send_the_same_delivery(
    sessions: sessionmaker[Session], settings: Settings
) -> None:
    with sessions.begin() as session:
        add_subscription(session, events=["finding.opened"])
        for n in range(30):
            add_event(session, type_="finding.opened", n=n)
        assert fan_out(session, now=NOW) == 30
    receiver = Receiver(200)
    barrier = threading.Barrier(2)
    counts: list[int] = []

    def worker() -> None:
        barrier.wait()
        counts.append(run(sessions, receiver, settings, NOW))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ids = receiver.event_ids()
    assert sorted(ids) == sorted(set(ids))
    assert len(ids) == sum(counts) == 30


@pytest.mark.parametrize(
    ("attempts", "base_seconds"),
    [(1, 30), (2, 60), (3, 120), (7, 1920), (8, 3600), (40, 3600)],
    ids=["first", "second", "third", "seventh", "capped", "far"],
)
def test_backoff_doubles_with_jitter_and_caps_at_an_hour(attempts: int, base_seconds: int) -> None:
    rng = random.Random(attempts)
    waits = [backoff(attempts, rng).total_seconds() for _ in range(50)]
    assert all(0.8 * base_seconds <= w <= base_seconds for w in waits)
    assert len(set(waits)) > 1  # jittered
