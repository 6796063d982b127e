"""API schemas for webhook subscriptions and the delivery log (CONTRACT.md §8)."""

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator


def _as_utc(value: datetime) -> datetime:
    # SQLite returns naive datetimes for timezone-aware columns; they were stored as UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


UtcDatetime = Annotated[datetime, AfterValidator(_as_utc)]


class EventType(StrEnum):
    """The event types of CONTRACT.md §8; a subscription names a non-empty subset."""

    assessment_tier_changed = "assessment.tier_changed"
    finding_opened = "finding.opened"
    finding_resolved = "finding.resolved"
    certificate_expiring = "certificate.expiring"
    certificate_expired = "certificate.expired"
    surveillance_overdue = "surveillance.overdue"
    accreditation_changed = "accreditation.changed"


# Sent only by `POST /webhooks/{id}/test`, to that one subscription; not subscribable.
TEST_EVENT_TYPE = "webhook.test"


class DeliveryStatus(StrEnum):
    pending = "pending"  # waiting for its first or next attempt
    sending = "sending"  # claimed by a worker; reclaimed if the worker dies (lease expiry)
    succeeded = "succeeded"  # a 2xx was received: never sent again
    dead = "dead"  # retries exhausted after the retry window
    cancelled = "cancelled"  # the subscription was deleted before it was delivered


class WebhookCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(min_length=1, max_length=2000, examples=["https://hooks.example.com/assay"])
    events: list[EventType] = Field(min_length=1, max_length=50)
    # The HMAC key; stored to sign deliveries and never returned by the API.
    secret: str = Field(min_length=16, max_length=200, repr=False)

    @field_validator("events")
    @classmethod
    def _unique_events(cls, value: list[EventType]) -> list[EventType]:
        return list(dict.fromkeys(value))


class WebhookRead(BaseModel):
    """A subscription as the API shows it: the secret is deliberately absent."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    url: str
    events: list[str]
    active: bool
    created_by: str
    created_at: UtcDatetime


class DeliveryRead(BaseModel):
    """One (subscription, event) delivery and the outcome of its latest attempt."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    subscription_id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: UtcDatetime | None
    last_status_code: int | None
    last_error: str | None
    delivered_at: UtcDatetime | None
    created_at: UtcDatetime
