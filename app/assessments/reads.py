"""The hot read path: a vendor's latest stored assessment as JSON bytes, in one indexed query.

A stored snapshot's findings and score breakdown were validated when they were computed and
never change, so they are spliced into the response as the text the database holds: no JSON
decoding, no model validation and no re-encoding per read. The bytes are exactly what
`AssessmentRead` would serialise (a test holds the two equal).
"""

import json
import uuid
from datetime import date, datetime

from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from app.platform.models import Assessment

_T = Assessment.__table__.c
_LATEST = (
    select(
        _T.id,
        _T.vendor_id,
        _T.created_at,
        _T.as_of,
        _T.trigger,
        _T.score,
        _T.tier,
        _T.extractor_version,
        _T.reference_version,
        _T.risk_model_version,
        cast(_T.findings, Text),
        cast(_T.score_breakdown, Text),
        cast(_T.document_ids, Text),
    )
    .order_by(_T.created_at.desc(), _T.id.desc())
    .limit(1)
)


def _timestamp(value: datetime) -> str:
    # pydantic's form of an aware UTC datetime (what `AssessmentRead` would print).
    return value.isoformat().replace("+00:00", "Z")


def latest_json(session: Session, *, vendor_id: uuid.UUID) -> bytes | None:
    """The latest snapshot of the vendor in the shape of `AssessmentRead`, or None."""
    row = session.execute(_LATEST.where(_T.vendor_id == vendor_id)).first()
    if row is None:
        return None
    (aid, vid, created, as_of, trigger, score, tier, extractor, reference, risk) = row[:10]
    findings, breakdown, document_ids = row[10:]
    assert isinstance(created, datetime)
    assert isinstance(as_of, date)
    head = {
        "id": str(aid),
        "vendor_id": str(vid),
        "stored": True,
        "created_at": _timestamp(created),
        "as_of": as_of.isoformat(),
        "trigger": trigger,
        "score": score,
        "tier": tier,
    }
    tail = {
        "pending_documents": [],
        "extractor_version": extractor,
        "reference_data": {"accreditation": reference},
        "risk_model": risk,
    }
    return (
        _compact(head)[:-1]
        + f',"findings":{findings},"score_breakdown":{breakdown},"document_ids":{document_ids},'
        + _compact(tail)[1:]
    ).encode()


def _compact(value: dict[str, object]) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
