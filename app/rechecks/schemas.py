"""API schemas for re-check runs."""

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class RecheckRunRead(BaseModel):
    """A run and its progress: `queued` -> `planning` -> `running` -> `succeeded` |
    `partial` (some vendors failed, listed in `errors`) | `failed`."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    trigger: str
    tick: str | None
    as_of: date
    started_at: datetime
    finished_at: datetime | None
    status: str
    batches_total: int
    batches_done: int
    vendors_checked: int
    vendors_changed: int
    vendors_skipped: int
    reparse_queued: int
    events_emitted: int
    errors: list[dict[str, Any]]


class RecheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    as_of: date | None = None
