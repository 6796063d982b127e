"""Vendor routes (CONTRACT.md §7): POST/GET /vendors, GET/PATCH/DELETE /vendors/{id}."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response, status

from app.core import Criticality
from app.platform.auth import Principal, Role, require
from app.platform.db import SessionDep, SessionsDep, read_only_connection, read_only_session
from app.platform.hotreads import HotRead
from app.platform.openapi import problem_responses
from app.platform.pagination import DEFAULT_LIMIT, Limit, Offset, Page
from app.platform.params import QueryText
from app.vendors import reads as vendor_reads
from app.vendors import service as vendor_service
from app.vendors.schemas import VendorCreate, VendorRead, VendorUpdate

router = APIRouter(prefix="/vendors", tags=["vendors"])

Writer = Annotated[Principal, Depends(require(Role.procurement))]
Reader = Annotated[Principal, Depends(require(Role.procurement, Role.reviewer))]
Tier = Annotated[str | None, Query(pattern="^(low|medium|high|critical)$")]


@router.post(
    "",
    response_model=VendorRead,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 422),
)
def create_vendor(body: VendorCreate, session: SessionDep, principal: Writer) -> object:
    return vendor_service.create_vendor(session, data=body, actor=principal)


@router.get("", response_model=Page[VendorRead], responses=problem_responses(401, 403, 422))
def list_vendors(
    sessions: SessionsDep,
    _: Reader,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    q: Annotated[QueryText | None, Query(description="Name contains (case-insensitive)")] = None,
    tier: Tier = None,
    criticality: Criticality | None = None,
    include_archived: bool = False,
) -> Response:
    # The page is written straight from the rows (vendors/reads.py): no ORM objects, no
    # re-validation of what was validated when it was stored.
    with read_only_connection(sessions) as connection:
        body = vendor_reads.page_json(
            connection,
            limit=limit,
            offset=offset,
            q=q,
            tier=tier,
            criticality=criticality.value if criticality else None,
            include_archived=include_archived,
        )
    return Response(body, media_type="application/json")


HOT_READ = HotRead(router, list_vendors, vendor_reads.hot_page)


@router.get("/{vendor_id}", response_model=VendorRead, responses=problem_responses(401, 403, 404))
def get_vendor(vendor_id: uuid.UUID, sessions: SessionsDep, _: Reader) -> object:
    with read_only_session(sessions) as session:
        return vendor_service.get_vendor(session, vendor_id=vendor_id)


@router.patch(
    "/{vendor_id}", response_model=VendorRead, responses=problem_responses(401, 403, 404, 422)
)
def update_vendor(
    vendor_id: uuid.UUID, body: VendorUpdate, session: SessionDep, principal: Writer
) -> object:
    return vendor_service.update_vendor(session, vendor_id=vendor_id, data=body, actor=principal)


@router.delete(
    "/{vendor_id}", response_model=VendorRead, responses=problem_responses(401, 403, 404)
)
def archive_vendor(vendor_id: uuid.UUID, session: SessionDep, principal: Writer) -> object:
    return vendor_service.archive_vendor(session, vendor_id=vendor_id, actor=principal)
