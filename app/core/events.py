"""Which outbox events an assessment implies (CONTRACT.md §8), as one pure function.

The events follow from the same findings the checks raise, so they can never disagree with
them: `certificate.expiring` and `certificate.expired` come from CERT_EXPIRING and
CERT_EXPIRED (which only look at the certificates in force: a certificate whose renewal is
in force raises neither the finding nor the event), `surveillance.overdue` from an opened
SURVEILLANCE_OVERDUE, `finding.opened`/`finding.resolved` and `assessment.tier_changed` from
the difference with the previous assessment, and `accreditation.changed` from a change of
the accreditation findings on a certificate under new reference data.

The notice thresholds of `certificate.expiring` derive from the risk model's expiring window
(90 days gives 90, 60 and 30). "Once each" events carry a dedupe key; the shell persists the
drafts and drops those whose key already exists.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.core.assessment import AssessedDocument, Assessment
from app.core.diff import diff_assessments
from app.core.facts import CertificateFacts
from app.core.findings import Finding, FindingCode
from app.core.risk_model import RiskModel

__all__ = [
    "ACCREDITATION_CODES",
    "EventDraft",
    "deadline_events",
    "expiring_thresholds",
    "implied_events",
    "transition_events",
]

ACCREDITATION_CODES = frozenset(
    {
        FindingCode.CB_NOT_ACCREDITED,
        FindingCode.CB_ACCREDITATION_SCOPE,
        FindingCode.CB_ACCREDITATION_UNVERIFIED,
        FindingCode.AB_NOT_RECOGNISED,
        FindingCode.AB_MISMATCH,
        FindingCode.CERT_NO_ACCREDITATION_MARK,
        FindingCode.CB_ACCREDITATION_SUSPENDED,
    }
)


@dataclass(frozen=True)
class EventDraft:
    """An event to write to the outbox: its type, its data (the shell adds the vendor and the
    stored assessment ids) and, for "once" events, the key that makes it idempotent."""

    type: str
    data: Mapping[str, Any] = field(default_factory=dict)
    dedupe_key: str | None = None
    # True for events that belong to a stored snapshot (transitions); False for deadline
    # events, which are due whether or not the assessment changed.
    needs_snapshot: bool = False


def expiring_thresholds(model: RiskModel) -> tuple[int, ...]:
    """Days before expiry at which `certificate.expiring` is sent: the model's window and its
    thirds (90 -> 90, 60, 30), largest first."""
    window = model.expiring_window_days
    return tuple(sorted({t for t in (window, window * 2 // 3, window // 3) if t > 0}, reverse=True))


def _first_document(finding: Finding) -> str | None:
    return finding.evidence[0].document if finding.evidence else None


def _certificate(documents: Sequence[AssessedDocument], ref: str | None) -> CertificateFacts | None:
    for doc in documents:
        if doc.ref == ref and doc.parsed is not None:
            facts = doc.parsed.facts
            return facts if isinstance(facts, CertificateFacts) else None
    return None


def deadline_events(
    assessment: Assessment, documents: Sequence[AssessedDocument], model: RiskModel
) -> list[EventDraft]:
    """`certificate.expiring` at the tightest notice threshold crossed and `certificate.expired`
    once, for each certificate the findings name (so only certificates in force)."""
    drafts: list[EventDraft] = []
    thresholds = expiring_thresholds(model)
    for finding in assessment.findings:
        if finding.code not in (FindingCode.CERT_EXPIRING, FindingCode.CERT_EXPIRED):
            continue
        ref = _first_document(finding)
        facts = _certificate(documents, ref)
        if facts is None or facts.expiry_date is None:
            continue
        days = (facts.expiry_date - assessment.as_of).days
        data: dict[str, Any] = {
            "document_id": ref,
            "certificate_number": facts.certificate_number,
            "standard": facts.standard,
            "expiry_date": facts.expiry_date.isoformat(),
            "days_left": days,
            "finding": finding.code.value,
        }
        if finding.code is FindingCode.CERT_EXPIRED:
            key = f"certificate.expired:{ref}:{facts.expiry_date}"
            drafts.append(EventDraft("certificate.expired", data, key))
            continue
        crossed = [t for t in thresholds if days <= t]
        if not crossed:
            continue
        threshold = min(crossed)
        key = f"certificate.expiring:{ref}:{facts.expiry_date}:{threshold}"
        drafts.append(
            EventDraft("certificate.expiring", {**data, "threshold_days": threshold}, key)
        )
    return drafts


def _finding_data(finding: Finding) -> dict[str, Any]:
    return {
        "document_id": _first_document(finding),
        "finding": finding.code.value,
        "severity": finding.severity.value,
        "title": finding.title,
        "detail": finding.detail,
    }


def _accreditation_codes(findings: Iterable[Finding]) -> dict[str, set[str]]:
    by_document: dict[str, set[str]] = {}
    for finding in findings:
        if finding.code in ACCREDITATION_CODES:
            for ev in finding.evidence:
                by_document.setdefault(ev.document, set()).add(finding.code.value)
    return by_document


def _accreditation_events(previous: Assessment, current: Assessment) -> list[EventDraft]:
    before_version = previous.reference_data.get("accreditation", "")
    after_version = current.reference_data.get("accreditation", "")
    if before_version == after_version:
        return []
    before, after = _accreditation_codes(previous.findings), _accreditation_codes(current.findings)
    drafts = []
    for document in sorted(set(before) | set(after)):
        old, new = before.get(document, set()), after.get(document, set())
        if document in current.documents and old != new:
            data = {
                "document_id": document,
                "findings_before": sorted(old),
                "findings_after": sorted(new),
                "reference_data_before": before_version,
                "reference_data_after": after_version,
            }
            drafts.append(EventDraft("accreditation.changed", data, needs_snapshot=True))
    return drafts


def transition_events(previous: Assessment | None, current: Assessment) -> list[EventDraft]:
    """Events for what changed from the previous assessment (None: everything is new):
    findings opened and resolved, an opened SURVEILLANCE_OVERDUE, a tier move, and
    accreditation verdicts changed by new reference data."""
    if previous is None:
        opened, resolved = list(current.findings), []
    else:
        changes = diff_assessments(previous, current)
        opened, resolved = changes.opened, changes.resolved
    drafts: list[EventDraft] = []
    for kind, findings in (("finding.opened", opened), ("finding.resolved", resolved)):
        for finding in findings:
            drafts.append(EventDraft(kind, _finding_data(finding), needs_snapshot=True))
            if kind == "finding.opened" and finding.code is FindingCode.SURVEILLANCE_OVERDUE:
                data = {k: v for k, v in _finding_data(finding).items() if k != "severity"}
                data.pop("title")
                drafts.append(EventDraft("surveillance.overdue", data, needs_snapshot=True))
    if previous is not None and previous.tier != current.tier:
        data = {
            "tier_from": previous.tier.value,
            "tier_to": current.tier.value,
            "score_from": previous.score,
            "score_to": current.score,
        }
        drafts.append(EventDraft("assessment.tier_changed", data, needs_snapshot=True))
    if previous is not None:
        drafts += _accreditation_events(previous, current)
    return drafts


def implied_events(
    previous: Assessment | None,
    current: Assessment,
    documents: Sequence[AssessedDocument],
    model: RiskModel,
    *,
    changed: bool,
) -> list[EventDraft]:
    """Every event the new assessment implies: the deadline events always (each at most once,
    by its key), and the transition events when the outcome `changed` (a snapshot is stored)."""
    drafts = deadline_events(current, documents, model)
    if changed:
        drafts += transition_events(previous, current)
    return drafts
