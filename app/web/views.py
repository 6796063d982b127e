"""Read models of the UI's pages: what each page shows, queried and shaped for templates.
Read-only; the writes go through the domain services."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.assessments import events as assessment_events
from app.assessments import service as assessment_service
from app.core import CoverageMatrix, Registry, RiskModel
from app.coverage import service as coverage_service
from app.documents import service as document_service
from app.platform.models import Assessment, Document, Vendor

SEVERITIES = ("critical", "high", "medium", "low", "info")
TIERS = ("low", "medium", "high", "critical")
WAITING = ("received", "parsing")


@dataclass(frozen=True)
class VendorRow:
    vendor: Vendor
    last_assessed: datetime | None
    failed: int
    waiting: int


def _counts(status: Sequence[str]) -> Any:
    return (
        select(Document.vendor_id, func.count().label("n"))
        .where(Document.status.in_(status), Document.deleted_at.is_(None))
        .group_by(Document.vendor_id)
        .subquery()
    )


SORTS = ("name", "score", "tier", "assessed", "criticality")


def vendor_rows(
    session: Session,
    *,
    q: str | None,
    tier: str | None,
    criticality: str | None,
    include_archived: bool,
    sort: str,
    limit: int,
    offset: int,
) -> tuple[list[VendorRow], int]:
    """The vendor list with each vendor's last assessment time and documents failed or
    waiting, filtered like `GET /vendors` and sorted by `sort` (riskiest first for score/tier)."""
    last = (
        select(Assessment.vendor_id, func.max(Assessment.created_at).label("at"))
        .group_by(Assessment.vendor_id)
        .subquery()
    )
    failed, waiting = _counts(("failed",)), _counts(WAITING)
    query = (
        select(Vendor, last.c.at, func.coalesce(failed.c.n, 0), func.coalesce(waiting.c.n, 0))
        .outerjoin(last, last.c.vendor_id == Vendor.id)
        .outerjoin(failed, failed.c.vendor_id == Vendor.id)
        .outerjoin(waiting, waiting.c.vendor_id == Vendor.id)
    )
    if not include_archived:
        query = query.where(Vendor.archived_at.is_(None))
    if q:
        query = query.where(func.lower(Vendor.name).contains(q.lower(), autoescape=True))
    if tier:
        query = query.where(Vendor.current_tier == tier)
    if criticality:
        query = query.where(Vendor.criticality == criticality)
    rank = {name: i for i, name in enumerate(TIERS)}
    orders: dict[str, Any] = {
        "name": func.lower(Vendor.name),
        "score": Vendor.current_score.desc().nulls_last(),
        "tier": case(rank, value=Vendor.current_tier, else_=-1).desc(),
        "assessed": last.c.at.desc().nulls_last(),
        "criticality": case(rank, value=Vendor.criticality, else_=-1).desc(),
    }
    order = orders[sort if sort in SORTS else "name"]
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(
        query.order_by(order, func.lower(Vendor.name), Vendor.id).limit(limit).offset(offset)
    ).all()
    return [VendorRow(v, at, int(f), int(w)) for v, at, f, w in rows], total


def image_url(document_id: str, page: int, quote: str | None, *, size: str = "focus") -> str:
    """The UI's URL of a page image (`focus` around the quote, or the `large` whole page)."""
    params = {"quote": quote} if quote else {}
    if size != "normal":
        params["size"] = size
    query = f"?{urlencode(params)}" if params else ""
    return f"/documents/{document_id}/pages/{page}/image{query}"


@dataclass(frozen=True)
class EvidenceView:
    document_id: str
    filename: str
    page: int | None
    quote: str | None

    @property
    def image(self) -> str | None:
        return image_url(self.document_id, self.page, self.quote) if self.page else None

    @property
    def large(self) -> str | None:
        return (
            image_url(self.document_id, self.page, self.quote, size="large") if self.page else None
        )


@dataclass(frozen=True)
class FindingView:
    code: str
    severity: str
    title: str
    detail: str
    ask_vendor: str
    evidence: list[EvidenceView]
    points: int | None


def _evidence(items: list[dict[str, Any]], names: dict[str, str]) -> list[EvidenceView]:
    return [
        EvidenceView(
            document_id=str(e.get("document", "")),
            filename=names.get(str(e.get("document", "")), str(e.get("document", ""))),
            page=e.get("page"),
            quote=e.get("quote"),
        )
        for e in items
    ]


def findings_by_severity(
    assessment: dict[str, Any], names: dict[str, str]
) -> list[tuple[str, list[FindingView]]]:
    """Findings grouped by severity, most severe first (empty groups left out)."""
    points = {
        (c["code"], c.get("document")): c["points"]
        for c in assessment["score_breakdown"].get("contributions", [])
    }
    groups: dict[str, list[FindingView]] = {s: [] for s in SEVERITIES}
    for f in assessment["findings"]:
        evidence = _evidence(f.get("evidence", []), names)
        first_doc = f["evidence"][0]["document"] if f.get("evidence") else None
        groups.setdefault(f["severity"], []).append(
            FindingView(
                code=f["code"], severity=f["severity"], title=f["title"], detail=f["detail"],
                ask_vendor=f["ask_vendor"], evidence=evidence,
                points=points.get((f["code"], first_doc)),
            )
        )  # fmt: skip
    return [(s, items) for s, items in groups.items() if items]


@dataclass(frozen=True)
class FactView:
    name: str
    value: str
    missing: bool
    confidence: str | None
    evidence: EvidenceView | None
    rows: list[dict[str, Any]] = field(default_factory=list)


def _display(value: Any) -> tuple[str, list[dict[str, Any]]]:
    if value is None:
        return "not read", []
    if isinstance(value, bool):
        return ("yes" if value else "no"), []
    if isinstance(value, list):
        if not value:
            return "none", []
        if all(isinstance(v, dict) for v in value):
            return f"{len(value)} entries", value
        return ", ".join(str(v) for v in value), []
    return str(value), []


def fact_views(document: Document) -> list[FactView]:
    facts, evidence = document.facts or {}, document.evidence or {}
    confidence, views = document.confidence or {}, []
    for name, value in facts.items():
        text, rows = _display(value)
        ev = evidence.get(name)
        views.append(
            FactView(
                name=name, value=text, missing=value is None, confidence=confidence.get(name),
                evidence=EvidenceView(str(document.id), document.filename, ev.get("page"), ev.get("quote"))
                if isinstance(ev, dict) else None,
                rows=rows,
            )
        )  # fmt: skip
    return views


@dataclass(frozen=True)
class TimelineStep:
    snapshot: Assessment
    opened: list[dict[str, Any]]
    resolved: list[dict[str, Any]]


def timeline(session: Session, *, vendor_id: uuid.UUID, limit: int = 20) -> list[TimelineStep]:
    """The stored assessments, newest first, each with the findings it opened and resolved."""
    rows, _ = assessment_service.history(session, vendor_id=vendor_id, limit=limit + 1, offset=0)
    steps = []
    for i, snapshot in enumerate(rows[:limit]):
        older = rows[i + 1] if i + 1 < len(rows) else None
        opened, resolved = assessment_events.finding_changes(older, snapshot)
        steps.append(
            TimelineStep(
                snapshot,
                [assessment_events.finding_ref(f) for f in opened],
                [assessment_events.finding_ref(f) for f in resolved],
            )
        )
    return steps


@dataclass
class VendorPage:
    vendor: Vendor
    assessment: dict[str, Any]
    preview: bool
    documents: list[Document]
    names: dict[str, str]
    findings: list[tuple[str, list[FindingView]]]
    steps: list[TimelineStep]
    # The AI-estate coverage matrix (AI vendors, readers of GET /vendors/{id}/coverage only).
    coverage: CoverageMatrix | None = None


def vendor_page(
    session: Session,
    *,
    vendor: Vendor,
    as_of: date | None,
    today: date,
    registry: Registry,
    model: RiskModel,
    with_coverage: bool = False,
) -> VendorPage:
    """Everything the vendor page shows: the assessment (stored, or a preview as of another
    date, exactly as `GET /vendors/{id}/assessment` answers), documents and history."""
    stored = assessment_service.latest(session, vendor_id=vendor.id) if as_of is None else None
    if stored is not None:
        assessment = assessment_service.read_snapshot(stored)
    else:
        result, inputs = assessment_service.compute(
            session, vendor=vendor, as_of=as_of or today, registry=registry, model=model
        )
        assessment = assessment_service.read_preview(vendor, result, inputs)
    documents = list(document_service.list_documents(session, vendor_id=vendor.id))
    names = {str(d.id): d.filename for d in documents}
    return VendorPage(
        vendor=vendor,
        assessment=assessment,
        preview=as_of is not None,
        documents=documents,
        names=names,
        findings=findings_by_severity(assessment, names),
        steps=timeline(session, vendor_id=vendor.id),
        coverage=(
            coverage_service.vendor_coverage(session, vendor_id=vendor.id)
            if with_coverage and vendor.ai_vendor
            else None
        ),
    )
