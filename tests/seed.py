"""Seeding vendors with parsed documents straight into the database (as the parse queue
would leave them), for re-check, assessment API and benchmark runs."""

import hashlib
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from app.core.facts import ParsedDocument
from app.core.profile import VendorProfile
from app.core.version import EXTRACTOR_VERSION
from app.platform.models import Document, Vendor


def seed_vendor(
    session: Session, profile: VendorProfile, documents: Sequence[ParsedDocument]
) -> Vendor:
    """Insert a vendor and its parsed documents; returns the vendor (flushed, with ids)."""
    now = datetime.now(UTC)
    vendor = Vendor(**profile.model_dump(mode="json"), created_at=now, updated_at=now)
    session.add(vendor)
    session.flush()
    for parsed in documents:
        sha = hashlib.sha256(uuid.uuid4().bytes).hexdigest()
        session.add(
            Document(
                vendor_id=vendor.id,
                filename=f"{parsed.kind.value}.pdf",
                size=1000,
                sha256=sha,
                kind=parsed.kind.value,
                status="parsed",
                facts=parsed.facts_json(),
                evidence=parsed.evidence_json(),
                warnings=[],
                pages=parsed.pages,
                ocr=False,
                extractor_version=EXTRACTOR_VERSION,
                attempts=1,
                uploaded_by="seed",
                uploaded_at=now,
                parsed_at=now,
            )
        )
    session.flush()
    return vendor
