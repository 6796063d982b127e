"""GET /rechecks (run history) and POST /rechecks (start a run now, admin)."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request, status

from app.audit import service as audit_service
from app.platform.auth import Principal, Role, require
from app.platform.db import SessionDep
from app.platform.deps import RegistryDep, RiskModelDep
from app.platform.errors import Conflict
from app.platform.models import RecheckRun
from app.platform.openapi import problem_responses
from app.platform.pagination import Limit, Offset, Page
from app.rechecks import service as recheck_service
from app.rechecks.runner import reparse_function
from app.rechecks.schemas import RecheckRequest, RecheckRunRead

router = APIRouter(prefix="/rechecks", tags=["rechecks"])


@router.get(
    "",
    response_model=Page[RecheckRunRead],
    responses=problem_responses(401, 403),
    dependencies=[Depends(require(Role.reviewer))],
)
def list_rechecks(
    session: SessionDep,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[RecheckRunRead]:
    rows, total = recheck_service.list_runs(session, limit=limit, offset=offset)
    return Page(
        items=[RecheckRunRead.model_validate(r) for r in rows],
        total=total,
        limit=limit,
        offset=offset,
    )


@router.post(
    "",
    response_model=RecheckRunRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 409, 422),
)
def start_recheck(
    request: Request,
    session: SessionDep,
    registry: RegistryDep,
    model: RiskModelDep,
    principal: Annotated[Principal, Depends(require(Role.admin))],
    body: RecheckRequest | None = None,
) -> object:
    as_of = (body.as_of if body else None) or datetime.now(UTC).date()
    try:
        summary = recheck_service.run_recheck(
            request.app.state.sessionmaker,
            as_of=as_of,
            registry=registry,
            model=model,
            trigger="api",
            reparse=reparse_function(request.app.state),
        )
    except recheck_service.RunInProgress as exc:
        raise Conflict(str(exc)) from exc
    audit_service.record(
        session,
        actor=principal,
        action="recheck.run",
        object_type="recheck_run",
        object_id=summary.run_id,
        detail={"as_of": as_of.isoformat()},
    )
    return session.get(RecheckRun, summary.run_id)
