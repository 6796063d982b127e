"""Webhook subscription use cases and the delivery log (CONTRACT.md §8). Services never
commit; the request's unit of work does."""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.audit import service as audit_service
from app.platform.auth import Principal
from app.platform.db import count_and_page
from app.platform.errors import NotFound
from app.platform.models import Event, WebhookDelivery, WebhookSubscription
from app.webhooks import urlcheck
from app.webhooks.dispatcher import new_delivery
from app.webhooks.schemas import TEST_EVENT_TYPE, DeliveryRead, DeliveryStatus, WebhookCreate


class WebhookNotFound(NotFound):
    status, slug, title = 404, "webhook-not-found", "Webhook subscription not found"


def create_subscription(
    session: Session,
    *,
    data: WebhookCreate,
    actor: Principal,
    allow_private: bool,
    resolve: urlcheck.Resolver = urlcheck.resolve_host,
) -> WebhookSubscription:
    """Register a subscription after checking its URL (422 `webhook-url-refused`)."""
    target = urlcheck.check_url(data.url, allow_private=allow_private, resolve=resolve)
    subscription = WebhookSubscription(
        url=str(target.url),
        events=[e.value for e in data.events],
        secret=data.secret,
        active=True,
        created_by=actor.subject,
        created_at=datetime.now(UTC),
    )
    session.add(subscription)
    session.flush()
    audit_service.record(
        session,
        actor=actor,
        action="webhook.created",
        object_type="webhook",
        object_id=subscription.id,
        detail={"url": subscription.url, "events": subscription.events},
    )
    return subscription


def get_subscription(session: Session, *, subscription_id: uuid.UUID) -> WebhookSubscription:
    """The subscription, deleted or not (deleted ones keep their delivery log)."""
    subscription = session.get(WebhookSubscription, subscription_id)
    if subscription is None:
        raise WebhookNotFound(f"No webhook subscription with id {subscription_id}")
    return subscription


def list_subscriptions(
    session: Session, *, limit: int, offset: int, include_deleted: bool = False
) -> tuple[Sequence[WebhookSubscription], int]:
    query = select(WebhookSubscription)
    if not include_deleted:
        query = query.where(WebhookSubscription.active.is_(True))
    return count_and_page(
        session,
        query,
        WebhookSubscription.created_at,
        WebhookSubscription.id,
        limit=limit,
        offset=offset,
    )


def delete_subscription(session: Session, *, subscription_id: uuid.UUID, actor: Principal) -> None:
    """Deactivate: no new deliveries, undelivered ones are cancelled, the log is kept."""
    subscription = get_subscription(session, subscription_id=subscription_id)
    if not subscription.active:
        return
    subscription.active = False
    session.execute(
        update(WebhookDelivery)
        .where(
            WebhookDelivery.subscription_id == subscription_id,
            WebhookDelivery.status.in_(
                [DeliveryStatus.pending.value, DeliveryStatus.sending.value]
            ),
        )
        .values(status=DeliveryStatus.cancelled.value)
        .execution_options(synchronize_session=False)
    )
    audit_service.record(
        session,
        actor=actor,
        action="webhook.deleted",
        object_type="webhook",
        object_id=subscription.id,
    )


def send_test_event(
    session: Session, *, subscription_id: uuid.UUID, actor: Principal
) -> DeliveryRead:
    """Queue a `webhook.test` event for this subscription only (not fanned out to others)."""
    subscription = get_subscription(session, subscription_id=subscription_id)
    if not subscription.active:
        raise WebhookNotFound(f"Webhook subscription {subscription_id} was deleted")
    now = datetime.now(UTC)
    event = Event(
        type=TEST_EVENT_TYPE,
        created_at=now,
        vendor_id=None,
        dedupe_key=None,
        data={"vendor_id": None, "subscription_id": str(subscription.id), "by": actor.subject},
        dispatched_at=now,
    )
    session.add(event)
    session.flush()
    delivery = new_delivery(subscription_id=subscription.id, event_id=event.id, now=now)
    session.add(delivery)
    session.flush()
    return _delivery_read(delivery, event.type)


def list_deliveries(
    session: Session,
    *,
    subscription_id: uuid.UUID,
    limit: int,
    offset: int,
    status: DeliveryStatus | None = None,
) -> tuple[list[DeliveryRead], int]:
    """The subscription's delivery log, newest first."""
    get_subscription(session, subscription_id=subscription_id)
    query = (
        select(WebhookDelivery, Event.type)
        .join(Event, Event.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.subscription_id == subscription_id)
    )
    if status is not None:
        query = query.where(WebhookDelivery.status == status.value)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id)
        .limit(limit)
        .offset(offset)
    ).all()
    return [_delivery_read(delivery, event_type) for delivery, event_type in rows], total


def _delivery_read(delivery: WebhookDelivery, event_type: str) -> DeliveryRead:
    waiting = delivery.status in {DeliveryStatus.pending.value, DeliveryStatus.sending.value}
    return DeliveryRead(
        id=delivery.id,
        subscription_id=delivery.subscription_id,
        event_id=delivery.event_id,
        event_type=event_type,
        status=DeliveryStatus(delivery.status),
        attempts=delivery.attempts,
        next_attempt_at=delivery.next_attempt_at if waiting else None,
        last_status_code=delivery.last_status_code,
        last_error=delivery.last_error,
        delivered_at=delivery.delivered_at,
        created_at=delivery.created_at,
    )
