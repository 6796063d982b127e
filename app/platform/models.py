"""All ORM classes (SQLAlchemy 2, typed `Mapped[]`). Alembic's only model import.

Facts, evidence and findings are stored as JSON and re-validated through the core models
when read for an assessment; the core never sees these classes. The API's hot reads send the
stored JSON as it is (`app/platform/rawjson.py`): it was validated when it was written.
"""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.platform.db import Base, UTCDateTime


def _uuid() -> uuid.UUID:
    return uuid.uuid4()


class Vendor(Base):
    __tablename__ = "vendors"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    name: Mapped[str] = mapped_column(String(300), index=True)
    legal_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    products: Mapped[list[str]] = mapped_column(JSON, default=list)
    ai_vendor: Mapped[bool] = mapped_column(Boolean, default=False)
    data_categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    required_frameworks: Mapped[list[str]] = mapped_column(JSON, default=list)
    criticality: Mapped[str] = mapped_column(String(16), default="medium", index=True)
    current_score: Mapped[int | None] = mapped_column(Integer)
    current_tier: Mapped[str | None] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Re-check bookkeeping (issue 14): when the latest assessment could next change with no
    # new input, the fingerprint of the inputs it was computed from, the newest input
    # timestamp it saw (profile update, document upload/parse/delete), the day it was
    # assessed as of, and the reference data / risk model / extractor versions it used. A
    # daily re-check reads only vendors whose date came or whose inputs moved since.
    recheck_on: Mapped[date | None] = mapped_column(Date, index=True)
    inputs_digest: Mapped[str | None] = mapped_column(String(64))
    inputs_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    assessed_on: Mapped[date | None] = mapped_column(Date)
    assessed_with: Mapped[str | None] = mapped_column(String(300))

    documents: Mapped[list["Document"]] = relationship(back_populates="vendor", lazy="raise")


class Document(Base):
    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("vendor_id", "sha256"),
        # Covers the re-check's "did any input move since?" probe per vendor, so planning
        # never reads the (large) document rows themselves.
        Index("ix_documents_vendor_changes", "vendor_id", "uploaded_at", "parsed_at", "deleted_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    vendor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vendors.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    declared_kind: Mapped[str | None] = mapped_column(String(40))
    kind: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16), default="received", index=True)
    facts: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    confidence: Mapped[dict[str, str] | None] = mapped_column(JSON)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    kind_mismatch: Mapped[str | None] = mapped_column(Text)
    pages: Mapped[int | None] = mapped_column(Integer)
    ocr: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str | None] = mapped_column(Text)
    error_reason: Mapped[str | None] = mapped_column(String(40))
    extractor_version: Mapped[str | None] = mapped_column(String(40), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    uploaded_by: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    parse_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The parse claim's lease, renewed by the worker's heartbeat: a claim whose lease ran out
    # (its worker died) is taken over within seconds.
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    parsed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    vendor: Mapped[Vendor] = relationship(back_populates="documents", lazy="raise")


class Assessment(Base):
    """An immutable snapshot of a vendor's assessment."""

    __tablename__ = "assessments"
    # The latest snapshot of a vendor is one index probe (the read path's hot query).
    __table_args__ = (Index("ix_assessments_vendor_latest", "vendor_id", "created_at", "id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    vendor_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("vendors.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    trigger: Mapped[str] = mapped_column(String(20))
    score: Mapped[int] = mapped_column(Integer)
    tier: Mapped[str] = mapped_column(String(16))
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    score_breakdown: Mapped[dict[str, Any]] = mapped_column(JSON)
    document_ids: Mapped[list[str]] = mapped_column(JSON)
    extractor_version: Mapped[str] = mapped_column(String(40))
    reference_version: Mapped[str] = mapped_column(String(80))
    risk_model_version: Mapped[str] = mapped_column(String(80))
    fingerprint: Mapped[str] = mapped_column(String(64))
    # The earliest date this outcome could change with no new input (None: never), and the
    # fingerprint of the inputs it was computed from (app.core.horizon).
    changes_after: Mapped[date | None] = mapped_column(Date)
    inputs_digest: Mapped[str | None] = mapped_column(String(64))


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor: Mapped[str] = mapped_column(String(200), index=True)
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class RecheckRun(Base):
    __tablename__ = "recheck_runs"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    trigger: Mapped[str] = mapped_column(String(20))
    # The schedule tick a scheduled run belongs to: unique, so with several replicas exactly
    # one run happens per tick.
    tick: Mapped[str | None] = mapped_column(String(40), unique=True)
    as_of: Mapped[date] = mapped_column(Date)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # queued -> running -> succeeded | partial | failed
    status: Mapped[str] = mapped_column(String(16), default="running")
    # Runs are split in batches that any worker may take (see RecheckBatch).
    # The planner's lease while the run is `planning` (a dead planner's run is re-planned).
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    batches_total: Mapped[int] = mapped_column(Integer, default=0)
    batches_done: Mapped[int] = mapped_column(Integer, default=0)
    vendors_skipped: Mapped[int] = mapped_column(Integer, default=0)
    reparse_queued: Mapped[int] = mapped_column(Integer, default=0)
    vendors_checked: Mapped[int] = mapped_column(Integer, default=0)
    vendors_changed: Mapped[int] = mapped_column(Integer, default=0)
    events_emitted: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class RecheckBatch(Base):
    """One slice of a re-check run's vendors: claimed by one worker at a time under a lease."""

    __tablename__ = "recheck_batches"
    __table_args__ = (UniqueConstraint("run_id", "seq"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    run_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recheck_runs.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    vendor_ids: Mapped[list[str]] = mapped_column(JSON)
    # pending -> running -> done
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class WebhookSubscription(Base):
    __tablename__ = "webhook_subscriptions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    url: Mapped[str] = mapped_column(String(2000))
    events: Mapped[list[str]] = mapped_column(JSON)
    secret: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Event(Base):
    """The outbox: events written in the same transaction as the change that caused them."""

    __tablename__ = "events"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    type: Mapped[str] = mapped_column(String(40), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    vendor_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("vendors.id"), index=True)
    # Makes "once each" events (certificate.expiring at 90/60/30 days) idempotent.
    dedupe_key: Mapped[str | None] = mapped_column(String(300), unique=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    dispatched_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)


class WebhookDelivery(Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (UniqueConstraint("subscription_id", "event_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    subscription_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("webhook_subscriptions.id"), index=True
    )
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("events.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WebSession(Base):
    """A browser session: the cookie holds a random token, the table only its sha256."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    csrf_token: Mapped[str] = mapped_column(String(64))
    auth_method: Mapped[str] = mapped_column(String(16))
    flashes: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class AccreditationVerification(Base):
    """A reviewer's recorded check of a certification body in an accreditation body's
    register (or an IAF CertSearch hit): used by later assessments as `verified` until it is
    older than the re-check period."""

    __tablename__ = "accreditation_verifications"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    certification_body: Mapped[str] = mapped_column(String(300), index=True)
    accreditation_body: Mapped[str] = mapped_column(String(40))
    standard: Mapped[str] = mapped_column(String(8))
    number: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(20))
    checked_on: Mapped[date] = mapped_column(Date, index=True)
    source_url: Mapped[str] = mapped_column(String(2000))
    note: Mapped[str] = mapped_column(Text, default="")
    # `reviewer` (POST /accreditation/verifications) or `iaf_certsearch` (a registry hit).
    origin: Mapped[str] = mapped_column(String(20), default="reviewer")
    checked_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class CertSearchAnswer(Base):
    """A cached IAF CertSearch answer (hit or miss) with the date it was fetched, so a
    certificate is not looked up (and paid for) again within the cache period."""

    __tablename__ = "certsearch_answers"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=_uuid)
    query_key: Mapped[str] = mapped_column(String(400), unique=True)
    hit: Mapped[bool] = mapped_column(Boolean, default=False)
    answer: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class BuyerProfileRow(Base):
    """The buying organisation (CONTRACT §3): one row per deployment (id 1), set by an admin
    or from the default file in settings (`source` says which)."""

    __tablename__ = "buyer_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sector: Mapped[str] = mapped_column(String(32))
    regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    us_federal: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(16))
    updated_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
