"""GET /rechecks (run history), GET /rechecks/{id} (progress) and POST /rechecks (queue a run
now, admin: 202 with its id; the workers do the work)."""

import uuid
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Response, status

from app.audit import service as audit_service
from app.platform.auth import Principal, Role, require
from app.platform.db import SessionDep
from app.platform.deps import JobsDep
from app.platform.errors import Conflict, NotFound
from app.platform.openapi import problem_responses
from app.platform.pagination import Limit, Offset, Page
from app.rechecks import service as recheck_service
from app.rechecks.schemas import RecheckRequest, RecheckRunRead

router = APIRouter(prefix="/rechecks", tags=["rechecks"])


class RecheckRunNotFound(NotFound):
    status, slug, title = 404, "recheck-run-not-found", "Re-check run not found"


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


@router.get(
    "/{run_id}",
    response_model=RecheckRunRead,
    responses=problem_responses(401, 403, 404),
    dependencies=[Depends(require(Role.reviewer))],
)
def get_recheck(run_id: uuid.UUID, session: SessionDep) -> object:
    run = recheck_service.get_run(session, run_id=run_id)
    if run is None:
        raise RecheckRunNotFound(f"No re-check run with id {run_id}")
    return run


@router.post(
    "",
    response_model=RecheckRunRead,
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(401, 403, 409, 422),
)
def start_recheck(
    session: SessionDep,
    jobs: JobsDep,
    background: BackgroundTasks,
    response: Response,
    principal: Annotated[Principal, Depends(require(Role.admin))],
    body: RecheckRequest | None = None,
) -> object:
    as_of = (body.as_of if body else None) or datetime.now(UTC).date()
    try:
        run = recheck_service.start_run(session, as_of=as_of, trigger="api")
    except recheck_service.RunInProgress as exc:
        raise Conflict(str(exc)) from exc
    audit_service.record(
        session,
        actor=principal,
        action="recheck.run",
        object_type="recheck_run",
        object_id=run.id,
        detail={"as_of": as_of.isoformat()},
    )
    response.headers["Location"] = f"/api/v1/rechecks/{run.id}"
    background.add_task(jobs.recheck_queued)  # after the response, i.e. after the commit
    return run
