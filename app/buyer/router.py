"""GET/PUT /buyer-profile: the buying organisation's profile (CONTRACT.md §3, §7)."""

from typing import Annotated

from fastapi import APIRouter, Depends

from app.buyer import service as buyer_service
from app.buyer.schemas import BuyerProfileRead, BuyerProfileUpdate
from app.platform.auth import Principal, Role, require
from app.platform.db import SessionDep
from app.platform.openapi import problem_responses

router = APIRouter(prefix="/buyer-profile", tags=["buyer profile"])

Admin = Annotated[Principal, Depends(require(Role.admin))]
_NONE = BuyerProfileRead(sector="other", regions=[], us_federal=False, source="none")


@router.get(
    "",
    response_model=BuyerProfileRead,
    responses=problem_responses(401, 403),
    dependencies=[Depends(require(Role.reviewer))],
)
def get_buyer_profile(session: SessionDep) -> object:
    return buyer_service.read(session) or _NONE


@router.put("", response_model=BuyerProfileRead, responses=problem_responses(401, 403, 422))
def put_buyer_profile(body: BuyerProfileUpdate, session: SessionDep, principal: Admin) -> object:
    return buyer_service.put(session, profile=body.profile(), actor=principal)
