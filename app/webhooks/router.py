"""Webhook routes (CONTRACT.md §7-8), admin only: POST/GET /webhooks, GET/DELETE
/webhooks/{id}, GET /webhooks/{id}/deliveries, POST /webhooks/{id}/test."""

import uuid
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Query, Request, Response, status

from app.platform.auth import Principal, Role, require
from app.platform.db import SessionDep
from app.platform.openapi import problem_responses
from app.platform.pagination import Limit, Offset, Page
from app.platform.state import get_state
from app.webhooks import service as webhook_service
from app.webhooks.schemas import DeliveryRead, DeliveryStatus, WebhookCreate, WebhookRead

router = APIRouter(prefix="/webhooks", tags=["webhooks"])

Admin = Annotated[Principal, Depends(require(Role.admin))]


def _wake_worker(request: Request) -> None:
    # Runs after the response, i.e. after the request's transaction committed.
    get_state(request).jobs.events_written()


@router.post(
    "",
    response_model=WebhookRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 422),
)
def create_webhook(
    body: WebhookCreate, request: Request, session: SessionDep, principal: Admin
) -> object:
    return webhook_service.create_subscription(
        session,
        data=body,
        actor=principal,
        allow_private=get_state(request).settings.webhook_allow_private,
    )


@router.get("", response_model=Page[WebhookRead], responses=problem_responses(401, 403, 422))
def list_webhooks(
    session: SessionDep,
    _: Admin,
    limit: Limit = 50,
    offset: Offset = 0,
    include_deleted: bool = False,
) -> Page[WebhookRead]:
    rows, total = webhook_service.list_subscriptions(
        session, limit=limit, offset=offset, include_deleted=include_deleted
    )
    items = [WebhookRead.model_validate(r) for r in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get("/{webhook_id}", response_model=WebhookRead, responses=problem_responses(401, 403, 404))
def get_webhook(webhook_id: uuid.UUID, session: SessionDep, _: Admin) -> object:
    return webhook_service.get_subscription(session, subscription_id=webhook_id)


@router.delete(
    "/{webhook_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=problem_responses(401, 403, 404),
)
def delete_webhook(webhook_id: uuid.UUID, session: SessionDep, principal: Admin) -> None:
    webhook_service.delete_subscription(session, subscription_id=webhook_id, actor=principal)


@router.get(
    "/{webhook_id}/deliveries",
    response_model=Page[DeliveryRead],
    responses=problem_responses(401, 403, 404, 422),
)
def list_webhook_deliveries(
    webhook_id: uuid.UUID,
    session: SessionDep,
    _: Admin,
    limit: Limit = 50,
    offset: Offset = 0,
    delivery_status: Annotated[DeliveryStatus | None, Query(alias="status")] = None,
) -> Page[DeliveryRead]:
    items, total = webhook_service.list_deliveries(
        session, subscription_id=webhook_id, limit=limit, offset=offset, status=delivery_status
    )
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post(
    "/{webhook_id}/test",
    response_model=DeliveryRead,
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(401, 403, 404),
)
def send_test_delivery(
    webhook_id: uuid.UUID,
    request: Request,
    background: BackgroundTasks,
    session: SessionDep,
    principal: Admin,
) -> DeliveryRead:
    delivery = webhook_service.send_test_event(session, subscription_id=webhook_id, actor=principal)
    background.add_task(_wake_worker, request)
    return delivery
