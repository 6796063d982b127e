"""Assessment routes (CONTRACT.md §7): latest (or a preview as of another date), history,
a snapshot, the diff between snapshots, on-demand runs, and questions for the vendor."""

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response, status

from app.assessments import reads as assessment_reads
from app.assessments import service as assessment_service
from app.assessments.schemas import AssessmentDiffRead, AssessmentRead, AssessmentSummary
from app.platform.auth import Principal, Role, require
from app.platform.db import SessionDep, SessionsDep, read_only_connection, read_only_session
from app.platform.deps import RegistryDep, RiskModelDep, get_registry, get_risk_model
from app.platform.hotreads import HotRead
from app.platform.openapi import problem_responses
from app.platform.pagination import Limit, Offset, Page
from app.platform.params import AsOf
from app.platform.state import get_state
from app.vendors import service as vendor_service

router = APIRouter(prefix="/vendors/{vendor_id}", tags=["assessments"])

Reviewer = Annotated[Principal, Depends(require(Role.reviewer))]
Reader = Annotated[Principal, Depends(require(Role.reviewer, Role.procurement))]


def _today() -> date:
    return datetime.now(UTC).date()


@router.get(
    "/assessment", response_model=AssessmentRead, responses=problem_responses(401, 403, 404, 422)
)
def get_assessment(
    vendor_id: uuid.UUID,
    request: Request,
    sessions: SessionsDep,
    _: Reader,
    as_of: Annotated[
        AsOf | None, Query(description="Preview as of this date, YYYY-MM-DD (not stored)")
    ] = None,
) -> object:
    if as_of is None:
        with read_only_connection(sessions) as connection:
            body = assessment_reads.latest_json(connection, vendor_id=vendor_id)
        if body is not None:
            return Response(body, media_type="application/json")
    with read_only_session(sessions) as session:
        # No snapshot yet, or a preview: compute without storing.
        vendor = vendor_service.get_vendor(session, vendor_id=vendor_id)
        result, inputs = assessment_service.compute(
            session,
            vendor=vendor,
            as_of=as_of or _today(),
            registry=get_registry(get_state(request)),
            model=get_risk_model(get_state(request)),
        )
    return assessment_service.read_preview(vendor, result, inputs)


HOT_READ = HotRead(router, get_assessment, assessment_reads.hot_latest)


@router.post(
    "/assessments",
    response_model=AssessmentRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 404),
)
def run_assessment(
    vendor_id: uuid.UUID,
    session: SessionDep,
    registry: RegistryDep,
    model: RiskModelDep,
    principal: Reviewer,
) -> object:
    snapshot = assessment_service.run_on_demand(
        session,
        vendor_id=vendor_id,
        as_of=_today(),
        registry=registry,
        model=model,
        actor=principal,
    )
    return assessment_service.read_snapshot(snapshot)


@router.get(
    "/assessments",
    response_model=Page[AssessmentSummary],
    responses=problem_responses(401, 403, 404),
)
def list_assessments(
    vendor_id: uuid.UUID,
    sessions: SessionsDep,
    _: Reader,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[AssessmentSummary]:
    with read_only_session(sessions) as session:
        rows, total = assessment_service.history(
            session, vendor_id=vendor_id, limit=limit, offset=offset
        )
    items = [
        AssessmentSummary(
            id=r.id,
            created_at=r.created_at,
            as_of=r.as_of,
            trigger=r.trigger,
            score=r.score,
            tier=r.tier,
            findings_count=len(r.findings),
        )
        for r in rows
    ]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.get(
    "/assessments/diff",
    response_model=AssessmentDiffRead,
    responses=problem_responses(401, 403, 404),
)
def diff_assessments(
    vendor_id: uuid.UUID,
    sessions: SessionsDep,
    _: Reader,
    from_id: Annotated[uuid.UUID | None, Query(alias="from")] = None,
    to_id: Annotated[uuid.UUID | None, Query(alias="to")] = None,
) -> object:
    with read_only_session(sessions) as session:
        return assessment_service.diff(session, vendor_id=vendor_id, from_id=from_id, to_id=to_id)


@router.get(
    "/assessments/{assessment_id}",
    response_model=AssessmentRead,
    responses=problem_responses(401, 403, 404),
)
def get_assessment_snapshot(
    vendor_id: uuid.UUID, assessment_id: uuid.UUID, sessions: SessionsDep, _: Reader
) -> object:
    with read_only_session(sessions) as session:
        snapshot = assessment_service.get_snapshot(
            session, vendor_id=vendor_id, assessment_id=assessment_id
        )
    return assessment_service.read_snapshot(snapshot)


@router.get(
    "/questions",
    responses={
        200: {"content": {"application/json": {}, "text/csv": {}, "text/markdown": {}}},
        **problem_responses(401, 403, 404),
    },
)
def get_questions(
    vendor_id: uuid.UUID,
    sessions: SessionsDep,
    registry: RegistryDep,
    model: RiskModelDep,
    _: Reader,
    format: Literal["json", "csv", "markdown"] = "json",
) -> Response:
    with read_only_session(sessions) as session:
        body, media_type = assessment_service.questions(
            session,
            vendor_id=vendor_id,
            registry=registry,
            model=model,
            as_of=_today(),
            format=format,
        )
    return Response(body, media_type=media_type)
