"""API schemas of the audit trail."""

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class AuditEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    at: datetime
    actor: str
    roles: list[str]
    action: str
    object_type: str
    object_id: str | None
    detail: dict[str, Any]
