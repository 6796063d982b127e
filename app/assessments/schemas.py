"""API schemas for assessments (CONTRACT.md §4, §5, §7)."""

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel


class AssessmentRead(BaseModel):
    """A stored snapshot, or a preview (`stored: false`, no id) for another as_of."""

    id: uuid.UUID | None
    vendor_id: uuid.UUID
    stored: bool
    created_at: datetime | None
    as_of: date
    trigger: str | None
    score: int
    tier: str
    findings: list[dict[str, Any]]
    score_breakdown: dict[str, Any]
    document_ids: list[str]
    pending_documents: list[str] = []
    extractor_version: str
    reference_data: dict[str, str]
    risk_model: str


class AssessmentSummary(BaseModel):
    id: uuid.UUID
    created_at: datetime
    as_of: date
    trigger: str
    score: int
    tier: str
    findings_count: int


class FindingRef(BaseModel):
    code: str
    document: str | None
    severity: str
    title: str


class AssessmentDiffRead(BaseModel):
    from_id: uuid.UUID | None
    to_id: uuid.UUID
    score_from: int | None
    score_to: int
    tier_from: str | None
    tier_to: str
    opened: list[FindingRef]
    resolved: list[FindingRef]
