"""Turning outbox events into signed webhook deliveries (CONTRACT.md §8; issue 7 item 4).

1. `fan_out` reads events not yet dispatched and creates one `pending` delivery per active
   subscription to the event's type, marking the event dispatched in the same transaction
   (the unique (subscription, event) pair and the conditional mark make it idempotent).
2. `deliver_due` claims due deliveries with a conditional update (status and due time in the
   WHERE clause, attempts + 1, a lease as the next due time), so two workers never send the
   same delivery at once; sends them outside any transaction; then records the outcome only
   if the claim is still theirs (attempt number as a fencing token). A worker that dies
   between claim and record leaves a `sending` row whose lease expires: it is sent again,
   with the same event id, which receivers deduplicate on.
3. A 2xx ends a delivery (`succeeded`, never sent again). Anything else is retried with
   exponential backoff and jitter (30 s doubling, at most 1 h per step) until a failure at
   least 24 h after the delivery was created, which makes it `dead`.
"""

import json
import random
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import structlog
from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import set_committed_value

from app.platform.db import write_transaction
from app.platform.models import Event, WebhookDelivery, WebhookSubscription
from app.platform.settings import Settings
from app.webhooks import urlcheck
from app.webhooks.schemas import DeliveryStatus
from app.webhooks.signing import SIGNATURE_HEADER, sign

log = structlog.get_logger(__name__)

USER_AGENT = "Assay-Webhooks/1"
FIRST_RETRY = timedelta(seconds=30)
MAX_STEP = timedelta(hours=1)
RETRY_WINDOW = timedelta(hours=24)
LEASE = timedelta(minutes=5)
BATCH = 50
MAX_PER_CALL = 500
SEND_THREADS = 8
_MAX_ERROR = 500


def backoff(attempts: int, rng: random.Random) -> timedelta:
    """Wait after the `attempts`-th failure: 30 s doubling per attempt, capped at 1 h, times a
    random factor in [0.8, 1.0] so receivers recovering from an outage are not hit in step."""
    base = MAX_STEP if attempts > 12 else min(FIRST_RETRY * 2 ** max(attempts - 1, 0), MAX_STEP)
    return base * rng.uniform(0.8, 1.0)


def fan_out(session: Session, *, now: datetime, limit: int = 500) -> int:
    """Create the deliveries of undispatched events; returns how many were created."""
    events = session.scalars(
        select(Event)
        .where(Event.dispatched_at.is_(None))
        .order_by(Event.created_at, Event.id)
        .limit(limit)
    ).all()
    if not events:
        return 0
    subscriptions = session.scalars(
        select(WebhookSubscription).where(WebhookSubscription.active.is_(True))
    ).all()
    created = 0
    for event in events:
        marked = session.execute(
            update(Event)
            .where(Event.id == event.id, Event.dispatched_at.is_(None))
            .values(dispatched_at=now)
            .execution_options(synchronize_session=False)
        )
        if marked.rowcount != 1:  # type: ignore[attr-defined]
            continue  # another worker dispatched it first
        set_committed_value(event, "dispatched_at", now)  # keep the caller's object current
        existing = set(
            session.scalars(
                select(WebhookDelivery.subscription_id).where(WebhookDelivery.event_id == event.id)
            )
        )
        for sub in subscriptions:
            if event.type in sub.events and sub.id not in existing:
                session.add(new_delivery(subscription_id=sub.id, event_id=event.id, now=now))
                created += 1
    session.flush()
    return created


def new_delivery(
    *, subscription_id: uuid.UUID, event_id: uuid.UUID, now: datetime
) -> WebhookDelivery:
    return WebhookDelivery(
        subscription_id=subscription_id,
        event_id=event_id,
        status=DeliveryStatus.pending.value,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )


@dataclass(frozen=True)
class _Job:
    delivery_id: uuid.UUID
    attempt: int
    created_at: datetime
    url: str
    secret: str
    event_id: uuid.UUID
    body: bytes


@dataclass(frozen=True)
class _Outcome:
    status_code: int | None
    error: str | None

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def _due(now: datetime) -> ColumnElement[bool]:
    # `sending` rows are due again once their lease expired: their worker died.
    return WebhookDelivery.status.in_(
        [DeliveryStatus.pending.value, DeliveryStatus.sending.value]
    ) & (WebhookDelivery.next_attempt_at <= now)


def claim_one(session: Session, *, delivery_id: uuid.UUID, now: datetime) -> _Job | None:
    """Claim one due delivery for this worker, or None if someone else has it."""
    claimed = session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, _due(now))
        .values(
            status=DeliveryStatus.sending.value,
            attempts=WebhookDelivery.attempts + 1,
            next_attempt_at=now + LEASE,
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    delivery, sub, event = session.execute(
        select(WebhookDelivery, WebhookSubscription, Event)
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .join(Event, Event.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.id == delivery_id)
        .execution_options(populate_existing=True)
    ).one()
    return _Job(
        delivery_id=delivery.id,
        attempt=delivery.attempts,
        created_at=_utc(delivery.created_at),
        url=sub.url,
        secret=sub.secret,
        event_id=event.id,
        body=event_body(event),
    )


def _claim_batch(sessions: sessionmaker[Session], *, now: datetime, limit: int) -> list[_Job]:
    # Candidates are read in one transaction and each claimed in its own short write
    # transaction: on SQLite a read followed by a write in one transaction fails outright
    # (no busy wait) when another worker wrote in between.
    with sessions() as session:
        candidates = session.scalars(
            select(WebhookDelivery.id)
            .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
            .where(_due(now), WebhookSubscription.active.is_(True))
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(limit)
        ).all()
    jobs = []
    for delivery_id in candidates:
        with write_transaction(sessions) as session:
            job = claim_one(session, delivery_id=delivery_id, now=now)
        if job is not None:
            jobs.append(job)
    return jobs


def send(
    client: httpx.Client,
    job: _Job,
    *,
    settings: Settings,
    resolve: urlcheck.Resolver,
    clock: Callable[[], float],
) -> _Outcome:
    """POST one delivery, signed at send time; never raises."""
    try:
        target = urlcheck.check_url(
            job.url, allow_private=settings.webhook_allow_private, resolve=resolve
        )
    except urlcheck.WebhookUrlRefused as exc:
        return _Outcome(None, f"Refused: {exc.detail}")
    url, pinned_headers, extensions = urlcheck.pin(target)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: sign(job.secret, job.body, timestamp=int(clock())),
        **pinned_headers,
    }
    try:
        # Streamed and never read: only the status matters, and a receiver must not be able
        # to make us download a huge body.
        with client.stream(
            "POST",
            url,
            content=job.body,
            headers=headers,
            extensions=extensions,
            timeout=settings.webhook_timeout_seconds,
            follow_redirects=False,
        ) as response:
            code = response.status_code
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError) as exc:
        return _Outcome(None, f"{type(exc).__name__}: {exc}"[:_MAX_ERROR])
    except Exception as exc:
        # A bug must fail this attempt only, not leave the rest of the batch unrecorded.
        log.exception("webhook_send_error", delivery_id=str(job.delivery_id))
        return _Outcome(None, f"Internal error: {type(exc).__name__}"[:_MAX_ERROR])
    return _Outcome(code, None if 200 <= code < 300 else f"HTTP {code}")


def record(
    sessions: sessionmaker[Session],
    job: _Job,
    outcome: _Outcome,
    *,
    now: datetime,
    rng: random.Random,
) -> None:
    """Store the attempt's outcome, unless the claim expired and another worker took over."""
    values: dict[str, object] = {
        "last_status_code": outcome.status_code,
        "last_error": outcome.error,
    }
    if outcome.ok:
        values |= {"status": DeliveryStatus.succeeded.value, "delivered_at": now}
    elif now - job.created_at >= RETRY_WINDOW:
        values |= {"status": DeliveryStatus.dead.value}
    else:
        values |= {
            "status": DeliveryStatus.pending.value,
            "next_attempt_at": now + backoff(job.attempt, rng),
        }
    with sessions.begin() as session:
        session.execute(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.id == job.delivery_id,
                WebhookDelivery.attempts == job.attempt,
                WebhookDelivery.status == DeliveryStatus.sending.value,
            )
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    log.info(
        "webhook_attempt",
        delivery_id=str(job.delivery_id),
        event_id=str(job.event_id),
        attempt=job.attempt,
        status_code=outcome.status_code,
        error=outcome.error,
        result=values["status"],
    )


def deliver_due(
    session_factory: sessionmaker[Session],
    *,
    client: httpx.Client,
    now: datetime,
    settings: Settings,
    resolve: urlcheck.Resolver = urlcheck.resolve_host,
    clock: Callable[[], float] = time.time,
    rng: random.Random | None = None,
) -> int:
    """Send every delivery due at `now`; returns the number of attempts made."""
    rng = rng or random.Random()
    attempts = 0
    with ThreadPoolExecutor(max_workers=SEND_THREADS, thread_name_prefix="webhook-send") as pool:
        while attempts < MAX_PER_CALL:
            jobs = _claim_batch(session_factory, now=now, limit=BATCH)
            if not jobs:
                break
            outcomes = pool.map(
                lambda job: send(client, job, settings=settings, resolve=resolve, clock=clock),
                jobs,
            )
            for job, outcome in zip(jobs, outcomes, strict=True):
                record(session_factory, job, outcome, now=now, rng=rng)
            attempts += len(jobs)
    return attempts


def event_body(event: Event) -> bytes:
    """The delivery body of CONTRACT.md §8: `{"id", "type", "created_at", "data"}`; the same
    bytes on every attempt, so a receiver sees one event however often it is sent."""
    data = dict(event.data or {})
    if event.vendor_id is not None:
        data.setdefault("vendor_id", str(event.vendor_id))
    payload = {
        "id": str(event.id),
        "type": event.type,
        "created_at": _utc(event.created_at).isoformat().replace("+00:00", "Z"),
        "data": data,
    }
    return json.dumps(payload, separators=(",", ":"), sort_keys=True, default=str).encode()


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored as UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def run_once(sessions: sessionmaker[Session], *, client: httpx.Client, settings: Settings) -> int:
    """One pass of the `webhooks` worker job: dispatch new events, then send what is due.
    Returns deliveries created plus attempts made (0: nothing to do until the next poll)."""
    with write_transaction(sessions) as session:
        created = fan_out(session, now=datetime.now(UTC))
    return created + deliver_due(sessions, client=client, now=datetime.now(UTC), settings=settings)
