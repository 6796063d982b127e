"""API schemas for vendors; the profile fields follow CONTRACT.md §3."""

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from app.core import Criticality, Framework, VendorProfile
from app.platform.params import Name

_Names = list[Name]
# The size limits live inside the list type, so a field that is optional in an update still
# says `maxItems` in the schema (on the union, `max_length` came out as a string's maxLength).
_Names50 = Annotated[list[Name], Field(max_length=50)]
_Names100 = Annotated[list[Name], Field(max_length=100)]


class VendorCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    legal_names: _Names = Field(default_factory=list, max_length=50)
    products: _Names = Field(default_factory=list, max_length=100)
    ai_vendor: bool = False
    data_categories: _Names = Field(default_factory=list, max_length=50)
    required_frameworks: list[Framework] = Field(default_factory=list)
    criticality: Criticality = Criticality.medium


class VendorUpdate(BaseModel):
    """Fields to change; absent fields stay as they are. A field that is sent may not be
    null (send `[]` to clear a list): the schema says so (`SkipJsonSchema[None]` keeps null
    out of it) and the validator below enforces it."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _no_nulls(self) -> "VendorUpdate":
        nulls = sorted(f for f in self.model_fields_set if getattr(self, f) is None)
        if nulls:
            raise ValueError(f"may not be null: {', '.join(nulls)}")
        return self

    name: Name | SkipJsonSchema[None] = None
    legal_names: _Names50 | SkipJsonSchema[None] = None
    products: _Names100 | SkipJsonSchema[None] = None
    ai_vendor: bool | SkipJsonSchema[None] = None
    data_categories: _Names50 | SkipJsonSchema[None] = None
    required_frameworks: list[Framework] | SkipJsonSchema[None] = None
    criticality: Criticality | SkipJsonSchema[None] = None


class VendorRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    legal_names: list[str]
    products: list[str]
    ai_vendor: bool
    data_categories: list[str]
    required_frameworks: list[str]
    criticality: str
    current_score: int | None
    current_tier: str | None
    created_at: datetime
    updated_at: datetime
    archived_at: datetime | None

    def profile(self) -> VendorProfile:
        return VendorProfile.model_validate(
            self.model_dump(include=set(VendorProfile.model_fields))
        )
