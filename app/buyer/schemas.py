"""API schemas of the buyer profile (CONTRACT.md §3)."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.core import BuyerProfile, BuyerSector

# An ISO country or region code: "US", "EU", "IN", "DE" (upper-cased when stored).
Region = Annotated[str, StringConstraints(pattern=r"^\s*[A-Za-z]{2,3}\s*$")]


class BuyerProfileUpdate(BaseModel):
    """The whole profile: what is not sent takes its neutral value."""

    model_config = ConfigDict(extra="forbid")

    sector: BuyerSector = BuyerSector.other
    regions: list[Region] = Field(default_factory=list, max_length=50)
    us_federal: bool = False

    def profile(self) -> BuyerProfile:
        return BuyerProfile.model_validate(self.model_dump())


class BuyerProfileRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    sector: BuyerSector
    regions: list[str]
    us_federal: bool
    source: Literal["api", "settings", "none"] = Field(
        description="api: set by an admin; settings: the default file "
        "(ASSAY_BUYER_PROFILE_PATH); none: nothing set, no framework is derived"
    )
    updated_by: str | None = None
    updated_at: datetime | None = None
