"""API schemas for documents (CONTRACT.md §2, §7)."""

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

DocumentStatus = Literal["received", "parsing", "parsed", "failed"]


class DocumentRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    vendor_id: uuid.UUID
    filename: str
    size: int
    sha256: str
    status: DocumentStatus
    declared_kind: str | None
    kind: str | None
    kind_mismatch: str | None
    pages: int | None
    ocr: bool
    facts: dict[str, Any] | None
    evidence: dict[str, Any] | None
    confidence: dict[str, str] | None
    warnings: list[str]
    error: str | None
    error_reason: str | None
    extractor_version: str | None
    uploaded_by: str
    uploaded_at: datetime
    parsed_at: datetime | None
    deleted_at: datetime | None
