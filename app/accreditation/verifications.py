"""Reviewers' recorded accreditation checks (CONTRACT.md §7 `/accreditation/verifications`).

A reviewer who read a CB's entry in an AB's register records it here. The record is audited,
becomes part of the registry in force (provenance `verified`: who, when, where) for every
later assessment until it is older than the re-check period, and triggers a re-check of the
vendors. Services never commit; the request's unit of work does.
"""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.accreditation import schemas
from app.accreditation.errors import InvalidVerification
from app.accreditation.service import check_standard
from app.audit import service as audit_service
from app.core import AccreditationStatus, Registry, ReviewedRecord, lookup
from app.platform.auth import Principal
from app.platform.db import count_and_page
from app.platform.models import AccreditationVerification

EARLIEST = date(2000, 1, 1)
_STATUS = {
    schemas.VerificationStatus.accredited: AccreditationStatus.active,
    schemas.VerificationStatus.not_accredited: AccreditationStatus.not_accredited,
    schemas.VerificationStatus.suspended: AccreditationStatus.suspended,
    schemas.VerificationStatus.withdrawn: AccreditationStatus.withdrawn,
}


def _checked(registry: Registry, data: schemas.VerificationCreate, today: date) -> tuple[str, str]:
    """(standard code, AB code) after the checks a record must pass to be used."""
    standard = check_standard(data.standard)
    ab = registry.accreditation_body(data.accreditation_body)
    if ab is None:
        known = ", ".join(b.code for b in registry.accreditation_bodies)
        raise InvalidVerification(
            f"{data.accreditation_body!r} is not an accreditation body of the reference data "
            f"({registry.version}); one of: {known}"
        )
    if not EARLIEST <= data.checked_on <= today:
        raise InvalidVerification(
            f"checked_on {data.checked_on} must be between {EARLIEST} and today ({today})"
        )
    found = lookup(registry, data.certification_body, standard)
    if found.match is None and found.alternatives and found.verdict.value == "ambiguous":
        names = "; ".join(c.cb.name for c in found.alternatives)
        raise InvalidVerification(
            f"{data.certification_body!r} fits several certification bodies ({names}): record "
            "the legal entity named in the register"
        )
    return standard, ab.code


def create_verification(
    session: Session,
    *,
    data: schemas.VerificationCreate,
    actor: Principal | str,
    registry: Registry,
    today: date,
    now: datetime,
    origin: str = "reviewer",
) -> AccreditationVerification:
    """Record a check (audited); InvalidVerification when it names no known AB, an unknown
    standard, a group rather than an entity, or a date outside 2000..today."""
    standard, ab_code = _checked(registry, data, today)
    checked_by = actor.subject if isinstance(actor, Principal) else actor
    row = AccreditationVerification(
        certification_body=data.certification_body, accreditation_body=ab_code,
        standard=standard, number=data.number, status=data.status.value,
        checked_on=data.checked_on, source_url=data.source_url, note=data.note, origin=origin,
        checked_by=checked_by, created_at=now,
    )  # fmt: skip
    session.add(row)
    session.flush()
    audit_service.record(
        session,
        actor=actor,
        action="accreditation.verification.recorded",
        object_type="accreditation_verification",
        object_id=row.id,
        detail={
            "certification_body": row.certification_body, "accreditation_body": ab_code,
            "standard": standard, "status": row.status, "checked_on": row.checked_on.isoformat(),
            "source_url": row.source_url, "origin": origin,
        },
    )  # fmt: skip
    return row


def list_verifications(
    session: Session, *, limit: int, offset: int, certification_body: str | None = None
) -> tuple[Sequence[AccreditationVerification], int]:
    """Newest first; optionally those whose CB name contains `certification_body`."""
    query = select(AccreditationVerification)
    if certification_body:
        pattern = f"%{certification_body.lower()}%"
        query = query.where(func.lower(AccreditationVerification.certification_body).like(pattern))
    return count_and_page(
        session,
        query,
        AccreditationVerification.created_at.desc(),
        AccreditationVerification.id,
        limit=limit,
        offset=offset,
    )


def read_model(
    row: AccreditationVerification, *, registry: Registry, max_age_days: int
) -> schemas.VerificationRead:
    found = lookup(registry, row.certification_body, row.standard)
    return schemas.VerificationRead(
        id=row.id, certification_body=row.certification_body,
        accreditation_body=row.accreditation_body, standard=row.standard, number=row.number,
        status=schemas.VerificationStatus(row.status), checked_on=row.checked_on,
        source_url=row.source_url, note=row.note, origin=row.origin, checked_by=row.checked_by,
        created_at=row.created_at, verified_until=row.checked_on + timedelta(days=max_age_days),
        applies_to=found.match.name if found.match else None,
    )  # fmt: skip


def as_record(row: AccreditationVerification) -> ReviewedRecord:
    status = _STATUS[schemas.VerificationStatus(row.status)]
    return ReviewedRecord(
        row.certification_body, row.accreditation_body, row.standard, status, row.checked_on,
        row.checked_by, row.source_url, row.number, row.note,
    )  # fmt: skip


class DbReviewedSource:
    """The recorded checks for the registry store: a cheap stamp (count, newest) and the rows."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def stamp(self) -> object:
        try:
            with self._sessions() as session:
                count, newest = session.execute(
                    select(func.count(), func.max(AccreditationVerification.created_at))
                ).one()
        except SQLAlchemyError:
            return None  # not migrated yet: no records
        return (count, newest)

    def load(self) -> tuple[ReviewedRecord, ...]:
        try:
            with self._sessions() as session:
                rows = session.scalars(
                    select(AccreditationVerification).order_by(AccreditationVerification.created_at)
                ).all()
                return tuple(as_record(r) for r in rows)
        except SQLAlchemyError:
            return ()
