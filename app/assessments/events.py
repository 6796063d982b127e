"""Outbox persistence of the events an assessment implies (CONTRACT.md §8).

Which events follow from a change is decided by the pure `app.core.implied_events` (the same
findings and the same certificates in force as the checks); this module only writes the
drafts to the outbox in the caller's transaction, so a crash loses none, and drops "once"
events (deadline notices) whose dedupe key is already there.
"""

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core import Assessment as CoreAssessment
from app.core import EventDraft, Finding, diff_assessments
from app.platform.models import Assessment, Event, Vendor


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


def persist(
    session: Session,
    *,
    vendor: Vendor,
    drafts: Sequence[EventDraft],
    snapshot: Assessment | None,
    previous: Assessment | None,
) -> list[str]:
    """Write the drafts to the outbox; returns the types written. Transition events name
    the stored snapshot (and the previous one for a tier change)."""
    written: list[str] = []
    for draft in drafts:
        data = dict(draft.data)
        if draft.needs_snapshot:
            if snapshot is None:
                continue
            data["assessment_id"] = str(snapshot.id)
            if draft.type == "assessment.tier_changed" and previous is not None:
                data["previous_assessment_id"] = str(previous.id)
        if emit(session, type=draft.type, vendor=vendor, data=data, dedupe_key=draft.dedupe_key):
            written.append(draft.type)
    return written


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
