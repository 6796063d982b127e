"""Recording and listing audit events. Services never commit (the caller's unit of work does)."""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.platform.auth import Principal
from app.platform.db import count_and_page
from app.platform.models import AuditEvent


def record(
    session: Session,
    *,
    actor: Principal | str,
    action: str,
    object_type: str,
    object_id: object | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event to the current transaction (it lands only if the change does)."""
    subject, roles = (
        (actor.subject, sorted(r.value for r in actor.roles))
        if isinstance(actor, Principal)
        else (actor, [])
    )
    event = AuditEvent(
        at=datetime.now(UTC),
        actor=subject,
        roles=roles,
        action=action,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        detail=detail or {},
    )
    session.add(event)
    return event


def list_events(
    session: Session,
    *,
    limit: int,
    offset: int,
    actor: str | None = None,
    action: str | None = None,
    object_id: str | None = None,
) -> tuple[Sequence[AuditEvent], int]:
    """Newest first, filtered by actor, action or object."""
    query = select(AuditEvent)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    if action:
        query = query.where(AuditEvent.action == action)
    if object_id:
        query = query.where(AuditEvent.object_id == object_id)
    return count_and_page(
        session, query, AuditEvent.at.desc(), AuditEvent.id, limit=limit, offset=offset
    )
