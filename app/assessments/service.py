"""Assessment use cases: run the core engine over a vendor's stored facts, keep immutable
snapshots, list history, diff snapshots, and list the questions to send the vendor.

The core decides; this module loads inputs, stores outputs and writes outbox events in the
same transaction (see `app.assessments.events`).
"""

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.assessments import events as assessment_events
from app.assessments.events import snapshot_to_core
from app.audit import service as audit_service
from app.buyer import service as buyer_service
from app.core import (
    EXTRACTOR_VERSION,
    AssessedDocument,
    BuyerProfile,
    Finding,
    Registry,
    RiskModel,
    VendorProfile,
    assess,
    build_questions,
    changes_after,
    implied_events,
    inputs_digest,
    outcome_digest,
    questions_csv,
    questions_markdown,
)
from app.core import Assessment as CoreAssessment
from app.documents.parsed import load_parsed
from app.platform.auth import Principal
from app.platform.db import count_and_page
from app.platform.errors import NotFound
from app.platform.models import Assessment, Document, Vendor
from app.vendors import service as vendor_service


class AssessmentNotFound(NotFound):
    status, slug, title = 404, "assessment-not-found", "Assessment not found"


DigestRow = tuple[str, str, dict[str, Any] | None, str | None]


@dataclass(frozen=True)
class Inputs:
    """What an assessment is computed from: the vendor's parsed and failed documents, and
    each one's stored form (for the inputs fingerprint, without re-validating anything)."""

    documents: list[AssessedDocument]
    document_ids: list[str]
    pending: list[str]
    digest_rows: list[DigestRow]
    # The newest upload/parse/deletion time among the vendor's documents (deleted ones too).
    changed_at: datetime | None = None


def utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were stored as UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _latest(*stamps: datetime | None) -> datetime | None:
    present = [utc(s) for s in stamps if s is not None]
    return max(present) if present else None


def _inputs_from_rows(rows: Sequence[Document]) -> Inputs:
    documents: list[AssessedDocument] = []
    ids: list[str] = []
    pending: list[str] = []
    digest_rows: list[DigestRow] = []
    changed_at = _latest(
        *(stamp for r in rows for stamp in (r.uploaded_at, r.parsed_at, r.deleted_at))
    )
    for row in rows:
        if row.deleted_at is not None:
            continue
        ref = str(row.id)
        if row.status == "parsed" and row.kind:
            documents.append(AssessedDocument(ref=ref, parsed=load_parsed(row)))
            digest_rows.append((ref, row.kind, row.facts, None))
        elif row.status == "failed":
            documents.append(
                AssessedDocument(ref=ref, parsed=None, error=row.error or "unreadable")
            )
            digest_rows.append((ref, "failed", None, row.error))
        else:
            pending.append(ref)
            continue
        ids.append(ref)
    return Inputs(
        documents=documents,
        document_ids=ids,
        pending=pending,
        digest_rows=digest_rows,
        changed_at=changed_at,
    )


def versions(
    registry: Registry, model: RiskModel, buyer: BuyerProfile | None = None
) -> dict[str, str]:
    """What an assessment depends on besides its documents and vendor profile: the versions
    of the reference data, risk model and extractor, and the deployment's buyer profile (a
    change to any of them makes every vendor due)."""
    buyer_json = json.dumps(buyer.model_dump(mode="json"), sort_keys=True) if buyer else ""
    return {
        "accreditation": registry.version,
        "risk_model": model.version,
        "extractor": EXTRACTOR_VERSION,
        "buyer": hashlib.sha256(buyer_json.encode()).hexdigest()[:16] if buyer else "none",
    }


def versions_label(registry: Registry, model: RiskModel, buyer: BuyerProfile | None = None) -> str:
    """The versions as one comparable string (`vendors.assessed_with`)."""
    pairs = sorted(versions(registry, model, buyer).items())
    return "|".join(f"{k}={v}" for k, v in pairs)[:300]


def digest_inputs(
    inputs: Inputs,
    profile: VendorProfile,
    registry: Registry,
    model: RiskModel,
    buyer: BuyerProfile | None = None,
) -> str:
    return inputs_digest(inputs.digest_rows, profile, versions=versions(registry, model, buyer))


def load_inputs_many(
    session: Session, *, vendor_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Inputs]:
    """Core inputs of several vendors in one query: parsed and failed documents, and the ids
    of those still waiting to be parsed (pending)."""
    rows = session.scalars(
        select(Document)
        .where(Document.vendor_id.in_(vendor_ids))
        .order_by(Document.vendor_id, Document.uploaded_at, Document.id)
    ).all()
    by_vendor: dict[uuid.UUID, list[Document]] = {v: [] for v in vendor_ids}
    for row in rows:
        by_vendor[row.vendor_id].append(row)
    return {vendor_id: _inputs_from_rows(docs) for vendor_id, docs in by_vendor.items()}


def load_inputs(session: Session, *, vendor_id: uuid.UUID) -> Inputs:
    return load_inputs_many(session, vendor_ids=[vendor_id])[vendor_id]


def compute(
    session: Session, *, vendor: Vendor, as_of: date, registry: Registry, model: RiskModel
) -> tuple[CoreAssessment, Inputs]:
    """Assess the vendor as of `as_of` without storing anything."""
    inputs = load_inputs(session, vendor_id=vendor.id)
    result = assess(
        inputs.documents,
        vendor_service.vendor_profile(vendor),
        registry,
        as_of=as_of,
        model=model,
        buyer=buyer_service.current(session),
    )
    return result, inputs


def fingerprint(result: CoreAssessment, buyer: BuyerProfile | None = None) -> str:
    """What makes two snapshots different (`app.core.outcome_digest`): findings (code,
    severity, title, documents), score, tier, documents and versions, and the buyer profile
    they were assessed for; not the wording."""
    digest = outcome_digest(result)
    if buyer is None:
        return digest
    extra = json.dumps(buyer.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(f"{digest}|{extra}".encode()).hexdigest()


def latest(session: Session, *, vendor_id: uuid.UUID) -> Assessment | None:
    return session.scalars(
        select(Assessment)
        .where(Assessment.vendor_id == vendor_id)
        .order_by(Assessment.created_at.desc(), Assessment.id.desc())
        .limit(1)
    ).first()


def latest_many(
    session: Session, *, vendor_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Assessment]:
    """The newest snapshot of each vendor that has one, in one query."""
    newest = (
        select(Assessment.vendor_id, func.max(Assessment.created_at).label("created_at"))
        .where(Assessment.vendor_id.in_(vendor_ids))
        .group_by(Assessment.vendor_id)
        .subquery()
    )
    rows = session.scalars(
        select(Assessment).join(
            newest,
            (Assessment.vendor_id == newest.c.vendor_id)
            & (Assessment.created_at == newest.c.created_at),
        )
    ).all()
    return {row.vendor_id: row for row in rows}


def run_and_store(
    session: Session,
    *,
    vendor: Vendor,
    as_of: date,
    registry: Registry,
    model: RiskModel,
    trigger: str,
    only_if_changed: bool = False,
    prefetched: tuple[Inputs, Assessment | None] | None = None,
) -> tuple[Assessment | None, list[str]]:
    """Assess and store a snapshot (unless `only_if_changed` and nothing changed); write the
    events the core says follow; record on the vendor when it could next change and the
    fingerprint of its inputs. Returns the new snapshot (or None) and the event types.
    `prefetched` (inputs, previous snapshot) saves two queries per vendor in re-checks."""
    if prefetched is None:
        inputs, previous = (
            load_inputs(session, vendor_id=vendor.id),
            latest(session, vendor_id=vendor.id),
        )
    else:
        inputs, previous = prefetched
    profile = vendor_service.vendor_profile(vendor)
    buyer = buyer_service.current(session)
    result = assess(inputs.documents, profile, registry, as_of=as_of, model=model, buyer=buyer)
    digest = fingerprint(result, buyer)
    horizon = changes_after(inputs.documents, as_of=as_of, model=model)
    inputs_fp = digest_inputs(inputs, profile, registry, model, buyer)
    _record_bookkeeping(
        vendor,
        as_of=as_of,
        horizon=horizon,
        inputs_fp=inputs_fp,
        seen_at=_latest(vendor.updated_at, inputs.changed_at),
    )
    vendor.assessed_with = versions_label(registry, model, buyer)
    changed = not only_if_changed or previous is None or previous.fingerprint != digest
    drafts = implied_events(
        snapshot_to_core(previous) if previous is not None else None,
        result,
        inputs.documents,
        model,
        changed=changed,
    )
    snapshot = None
    if changed:
        snapshot = Assessment(
            id=uuid.uuid4(),
            vendor_id=vendor.id,
            created_at=datetime.now(UTC),
            as_of=as_of,
            trigger=trigger,
            score=result.score,
            tier=result.tier,
            findings=[f.model_dump(mode="json") for f in result.findings],
            score_breakdown=result.score_breakdown.model_dump(mode="json"),
            document_ids=inputs.document_ids,
            extractor_version=EXTRACTOR_VERSION,
            reference_version=result.reference_data.get("accreditation", ""),
            risk_model_version=result.risk_model,
            fingerprint=digest,
            changes_after=horizon,
            inputs_digest=inputs_fp,
        )
        session.add(snapshot)
        vendor.current_score, vendor.current_tier = snapshot.score, snapshot.tier
    emitted = assessment_events.persist(
        session, vendor=vendor, drafts=drafts, snapshot=snapshot, previous=previous
    )
    return snapshot, emitted


def _record_bookkeeping(
    vendor: Vendor,
    *,
    as_of: date,
    horizon: date | None,
    inputs_fp: str,
    seen_at: datetime | None,
) -> None:
    vendor.recheck_on = horizon
    vendor.inputs_digest = inputs_fp
    vendor.inputs_seen_at = seen_at
    vendor.assessed_on = as_of


def read_snapshot(snapshot: Assessment) -> dict[str, Any]:
    """A stored snapshot in the shape of `AssessmentRead`."""
    return {
        "id": snapshot.id,
        "vendor_id": snapshot.vendor_id,
        "stored": True,
        "created_at": snapshot.created_at,
        "as_of": snapshot.as_of,
        "trigger": snapshot.trigger,
        "score": snapshot.score,
        "tier": snapshot.tier,
        "findings": snapshot.findings,
        "score_breakdown": snapshot.score_breakdown,
        "document_ids": snapshot.document_ids,
        "extractor_version": snapshot.extractor_version,
        "reference_data": {"accreditation": snapshot.reference_version},
        "risk_model": snapshot.risk_model_version,
    }


def read_preview(vendor: Vendor, result: CoreAssessment, inputs: Inputs) -> dict[str, Any]:
    """An unstored assessment in the shape of `AssessmentRead`."""
    return {
        "id": None,
        "vendor_id": vendor.id,
        "stored": False,
        "created_at": None,
        "as_of": result.as_of,
        "trigger": None,
        "score": result.score,
        "tier": result.tier,
        "findings": [f.model_dump(mode="json") for f in result.findings],
        "score_breakdown": result.score_breakdown.model_dump(mode="json"),
        "document_ids": inputs.document_ids,
        "pending_documents": inputs.pending,
        "extractor_version": EXTRACTOR_VERSION,
        "reference_data": result.reference_data,
        "risk_model": result.risk_model,
    }


def history(
    session: Session, *, vendor_id: uuid.UUID, limit: int, offset: int
) -> tuple[Sequence[Assessment], int]:
    vendor_service.get_vendor(session, vendor_id=vendor_id)
    query = select(Assessment).where(Assessment.vendor_id == vendor_id)
    return count_and_page(
        session,
        query,
        Assessment.created_at.desc(),
        Assessment.id.desc(),
        limit=limit,
        offset=offset,
    )


def get_snapshot(session: Session, *, vendor_id: uuid.UUID, assessment_id: uuid.UUID) -> Assessment:
    snapshot = session.get(Assessment, assessment_id)
    if snapshot is None or snapshot.vendor_id != vendor_id:
        raise AssessmentNotFound(f"No assessment {assessment_id} for vendor {vendor_id}")
    return snapshot


def diff(
    session: Session, *, vendor_id: uuid.UUID, from_id: uuid.UUID | None, to_id: uuid.UUID | None
) -> dict[str, Any]:
    """Findings opened and resolved between two snapshots (default: the last two)."""
    vendor_service.get_vendor(session, vendor_id=vendor_id)
    if to_id is None:
        rows, _ = history(session, vendor_id=vendor_id, limit=2, offset=0)
        if not rows:
            raise AssessmentNotFound(f"Vendor {vendor_id} has no stored assessment yet")
        new, old = rows[0], (rows[1] if len(rows) > 1 and from_id is None else None)
    else:
        new, old = get_snapshot(session, vendor_id=vendor_id, assessment_id=to_id), None
    if from_id is not None:
        old = get_snapshot(session, vendor_id=vendor_id, assessment_id=from_id)
    opened, resolved = assessment_events.finding_changes(old, new)
    return {
        "from_id": old.id if old else None,
        "to_id": new.id,
        "score_from": old.score if old else None,
        "score_to": new.score,
        "tier_from": old.tier if old else None,
        "tier_to": new.tier,
        "opened": [assessment_events.finding_ref(f) for f in opened],
        "resolved": [assessment_events.finding_ref(f) for f in resolved],
    }


def run_on_demand(
    session: Session,
    *,
    vendor_id: uuid.UUID,
    as_of: date,
    registry: Registry,
    model: RiskModel,
    actor: Principal,
) -> Assessment:
    """A reviewer's assessment run: always stores a snapshot, and is in the audit trail."""
    vendor = vendor_service.get_vendor(session, vendor_id=vendor_id)
    snapshot, _ = run_and_store(
        session, vendor=vendor, as_of=as_of, registry=registry, model=model, trigger="manual"
    )
    assert snapshot is not None  # only_if_changed is off: a snapshot is always stored
    audit_service.record(
        session,
        actor=actor,
        action="assessment.run",
        object_type="vendor",
        object_id=vendor.id,
        detail={"assessment_id": str(snapshot.id), "score": snapshot.score, "tier": snapshot.tier},
    )
    return snapshot


def on_document_parsed(
    session: Session, *, vendor_id: uuid.UUID, registry: Registry, model: RiskModel
) -> None:
    """After a parse finishes: store a fresh snapshot for the vendor (as of today, UTC)."""
    vendor = vendor_service.get_vendor(session, vendor_id=vendor_id)
    run_and_store(
        session,
        vendor=vendor,
        as_of=datetime.now(UTC).date(),
        registry=registry,
        model=model,
        trigger="upload",
    )


def questions(
    session: Session,
    *,
    vendor_id: uuid.UUID,
    registry: Registry,
    model: RiskModel,
    as_of: date,
    format: str,
) -> tuple[str, str]:
    """The latest assessment's follow-up questions for the vendor, as (body, media type)."""
    vendor = vendor_service.get_vendor(session, vendor_id=vendor_id)
    stored = latest(session, vendor_id=vendor_id)
    if stored is not None:
        findings, day = [Finding.model_validate(f) for f in stored.findings], stored.as_of
    else:
        findings, day = (
            compute(session, vendor=vendor, as_of=as_of, registry=registry, model=model)[
                0
            ].findings,
            as_of,
        )
    built = build_questions(findings, vendor=vendor.name, as_of=day)
    if format == "csv":
        return questions_csv(built), "text/csv; charset=utf-8"
    if format == "markdown":
        return questions_markdown(built), "text/markdown; charset=utf-8"
    return built.model_dump_json(), "application/json"
