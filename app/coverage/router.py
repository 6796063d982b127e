"""GET /vendors/{id}/coverage: the AI-estate coverage matrix (CONTRACT.md §7)."""

import uuid

from fastapi import APIRouter, Depends

from app.coverage import service as coverage_service
from app.coverage.schemas import CoverageRead
from app.platform.auth import Role, require
from app.platform.db import SessionDep
from app.platform.openapi import problem_responses

router = APIRouter(prefix="/vendors", tags=["coverage"])


@router.get(
    "/{vendor_id}/coverage",
    response_model=CoverageRead,
    responses=problem_responses(401, 403, 404, 422),
    dependencies=[Depends(require(Role.reviewer))],
)
def get_vendor_coverage(vendor_id: uuid.UUID, session: SessionDep) -> object:
    matrix = coverage_service.vendor_coverage(session, vendor_id=vendor_id)
    return coverage_service.read_coverage(vendor_id, matrix)
