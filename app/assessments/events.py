"""Events an assessment causes (CONTRACT.md §8), written to the outbox in the caller's
transaction so a crash loses none: finding.opened/resolved, assessment.tier_changed,
surveillance.overdue, and the deadline events certificate.expiring (90, 60 and 30 days, once
each) and certificate.expired (once), made idempotent by a unique dedupe key."""

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import AssessedDocument, CertificateFacts, Finding, FindingCode, diff_assessments
from app.core import Assessment as CoreAssessment
from app.platform.models import Assessment, Event, Vendor

EXPIRING_THRESHOLDS = (30, 60, 90)
ACCREDITATION_CODES = frozenset(
    {
        "CB_NOT_ACCREDITED",
        "CB_ACCREDITATION_SCOPE",
        "AB_NOT_RECOGNISED",
        "AB_MISMATCH",
        "CERT_NO_ACCREDITATION_MARK",
        "CB_ACCREDITATION_SUSPENDED",
    }
)


def emit(
    session: Session,
    *,
    type: str,
    vendor: Vendor,
    data: dict[str, Any],
    dedupe_key: str | None = None,
) -> bool:
    """Add an outbox event; with a dedupe key, only if no event with that key exists."""
    event = Event(
        type=type,
        created_at=datetime.now(UTC),
        vendor_id=vendor.id,
        dedupe_key=dedupe_key,
        data={"vendor_id": str(vendor.id), "vendor_name": vendor.name, **data},
    )
    if dedupe_key is not None:
        # no_autoflush: the check must not flush the caller's pending rows one by one (a
        # re-check writes a batch at once). A concurrent writer of the same key loses at
        # commit on the unique constraint; the re-check then retries vendor by vendor.
        with session.no_autoflush:
            if session.scalar(select(Event.id).where(Event.dedupe_key == dedupe_key)):
                return False
    session.add(event)
    return True


def deadline_events(
    session: Session, *, vendor: Vendor, inputs: Sequence[AssessedDocument], as_of: date
) -> list[str]:
    """certificate.expiring at the tightest of 90/60/30 days crossed, certificate.expired once."""
    emitted: list[str] = []
    for doc in inputs:
        facts = doc.parsed.facts if doc.parsed else None
        if not isinstance(facts, CertificateFacts) or facts.expiry_date is None:
            continue
        days = (facts.expiry_date - as_of).days
        data = {
            "document_id": doc.ref,
            "certificate_number": facts.certificate_number,
            "standard": facts.standard,
            "expiry_date": facts.expiry_date.isoformat(),
            "days_left": days,
        }
        if days < 0:
            key, kind = f"certificate.expired:{doc.ref}:{facts.expiry_date}", "certificate.expired"
            data["finding"] = "CERT_EXPIRED"
        elif days <= max(EXPIRING_THRESHOLDS):
            threshold = min(t for t in EXPIRING_THRESHOLDS if days <= t)
            key, kind = (
                f"certificate.expiring:{doc.ref}:{facts.expiry_date}:{threshold}",
                "certificate.expiring",
            )
            data.update(threshold_days=threshold, finding="CERT_EXPIRING")
        else:
            continue
        if emit(session, type=kind, vendor=vendor, data=data, dedupe_key=key):
            emitted.append(kind)
    return emitted


def snapshot_to_core(snapshot: Assessment) -> CoreAssessment:
    """A stored snapshot as the core value it was made from (for diffs)."""
    return CoreAssessment.model_validate(
        {
            "as_of": snapshot.as_of,
            "findings": snapshot.findings,
            "score": snapshot.score,
            "tier": snapshot.tier,
            "score_breakdown": snapshot.score_breakdown,
            "reference_data": {"accreditation": snapshot.reference_version},
            "risk_model": snapshot.risk_model_version,
            "documents": snapshot.document_ids,
        }
    )


def finding_changes(old: Assessment | None, new: Assessment) -> tuple[list[Finding], list[Finding]]:
    """(opened, resolved) from `old` to `new` snapshot, matched as `core.diff` matches them;
    with no previous snapshot every finding is new."""
    if old is None:
        return [Finding.model_validate(f) for f in new.findings], []
    changes = diff_assessments(snapshot_to_core(old), snapshot_to_core(new))
    return changes.opened, changes.resolved


def finding_ref(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code.value,
        "document": finding.evidence[0].document if finding.evidence else None,
        "severity": finding.severity.value,
        "title": finding.title,
    }


def transition_events(
    session: Session, *, vendor: Vendor, previous: Assessment | None, current: Assessment
) -> list[str]:
    """Events for what changed between the previous snapshot and this one."""
    emitted: list[str] = []
    opened, resolved = finding_changes(previous, current)
    for kind, findings in (("finding.opened", opened), ("finding.resolved", resolved)):
        for finding in findings:
            ref = finding_ref(finding)
            emit(
                session,
                type=kind,
                vendor=vendor,
                data={
                    "assessment_id": str(current.id),
                    "document_id": ref["document"],
                    "finding": ref["code"],
                    "severity": ref["severity"],
                    "title": ref["title"],
                    "detail": finding.detail,
                },
            )
            emitted.append(kind)
            if kind == "finding.opened" and finding.code is FindingCode.SURVEILLANCE_OVERDUE:
                emit(
                    session,
                    type="surveillance.overdue",
                    vendor=vendor,
                    data={
                        "assessment_id": str(current.id),
                        "document_id": ref["document"],
                        "finding": "SURVEILLANCE_OVERDUE",
                        "detail": finding.detail,
                    },
                )
                emitted.append("surveillance.overdue")
    if previous is not None and previous.tier != current.tier:
        emit(
            session,
            type="assessment.tier_changed",
            vendor=vendor,
            data={
                "assessment_id": str(current.id),
                "previous_assessment_id": str(previous.id),
                "tier_from": previous.tier,
                "tier_to": current.tier,
                "score_from": previous.score,
                "score_to": current.score,
            },
        )
        emitted.append("assessment.tier_changed")
    emitted += _accreditation_events(session, vendor=vendor, previous=previous, current=current)
    return emitted


def _accreditation_codes(findings: Iterable[dict[str, Any]]) -> dict[str, set[str]]:
    by_document: dict[str, set[str]] = {}
    for finding in findings:
        if finding["code"] in ACCREDITATION_CODES:
            for document in {e["document"] for e in finding.get("evidence", [])}:
                by_document.setdefault(document, set()).add(finding["code"])
    return by_document


def _accreditation_events(
    session: Session, *, vendor: Vendor, previous: Assessment | None, current: Assessment
) -> list[str]:
    """accreditation.changed: new reference data changed the verdict on a certificate's CB."""
    if previous is None or previous.reference_version == current.reference_version:
        return []
    before, after = _accreditation_codes(previous.findings), _accreditation_codes(current.findings)
    emitted: list[str] = []
    for document in sorted(set(before) | set(after)):
        if document in current.document_ids and before.get(document, set()) != after.get(
            document, set()
        ):
            emit(
                session,
                type="accreditation.changed",
                vendor=vendor,
                data={
                    "assessment_id": str(current.id),
                    "document_id": document,
                    "findings_before": sorted(before.get(document, set())),
                    "findings_after": sorted(after.get(document, set())),
                    "reference_data_before": previous.reference_version,
                    "reference_data_after": current.reference_version,
                },
            )
            emitted.append("accreditation.changed")
    return emitted
