"""API schema of the AI-estate coverage matrix (CONTRACT.md §7)."""

import uuid

from pydantic import BaseModel

from app.core import CoverageSource, CoverageState, EstatePart


class CoverageCellRead(BaseModel):
    source: CoverageSource
    state: CoverageState
    document: str | None
    page: int | None
    quote: str | None
    note: str | None


class CoverageRowRead(BaseModel):
    part: EstatePart
    label: str
    cells: list[CoverageCellRead]


class ModelProviderRead(BaseModel):
    name: str
    status: str
    named_in: list[str]
    ask_vendor: str | None


class ScopeGapsRead(BaseModel):
    """What SCOPE_AI_GAP reports: parts no scope covers, and those a scope excludes."""

    not_covered: list[str]
    excluded: list[str]


class CoverageRead(BaseModel):
    vendor_id: uuid.UUID
    ai_vendor: bool
    rows: list[CoverageRowRead]
    model_providers: list[ModelProviderRead]
    scope_gaps: ScopeGapsRead
