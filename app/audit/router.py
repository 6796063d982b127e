"""GET /audit: the audit trail (admin)."""

from fastapi import APIRouter, Depends

from app.audit import service as audit_service
from app.audit.schemas import AuditEventRead
from app.platform.auth import Role, require
from app.platform.db import SessionsDep, read_only_session
from app.platform.openapi import problem_responses
from app.platform.pagination import Limit, Offset, Page
from app.platform.params import QueryText

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get(
    "",
    response_model=Page[AuditEventRead],
    responses=problem_responses(401, 403),
    dependencies=[Depends(require(Role.admin))],
)
def list_audit_events(
    sessions: SessionsDep,
    limit: Limit = 100,
    offset: Offset = 0,
    actor: QueryText | None = None,
    action: QueryText | None = None,
    object_id: QueryText | None = None,
) -> Page[AuditEventRead]:
    with read_only_session(sessions) as session:
        rows, total = audit_service.list_events(
            session, limit=limit, offset=offset, actor=actor, action=action, object_id=object_id
        )
    return Page(
        items=[AuditEventRead.model_validate(r) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
    )
