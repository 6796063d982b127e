"""The hot read path: a vendor's latest stored assessment as JSON bytes, in one indexed query.

A stored snapshot's findings and score breakdown were validated when they were computed and
never change, so they are spliced into the response as the text the database holds: no JSON
decoding, no model validation and no re-encoding per read (`app/platform/rawjson.py`). The
bytes are exactly what `AssessmentRead` would serialise (a test holds the two equal). The
query is one probe of `ix_assessments_vendor_latest` (vendor_id, created_at, id) read
backwards: the newest entry of the vendor is the first one, no sort and no scan.
"""

import uuid
from typing import Any

from sqlalchemy import Connection, Text, cast, select

from app.platform.models import Assessment
from app.platform.rawjson import json_object, raw

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
        cast(_T.findings, Text),
        cast(_T.score_breakdown, Text),
        cast(_T.document_ids, Text),
        _T.extractor_version,
        _T.reference_version,
        _T.risk_model_version,
    )
    .order_by(_T.created_at.desc(), _T.id.desc())
    .limit(1)
)


def latest_json(connection: Connection, *, vendor_id: uuid.UUID) -> bytes | None:
    """The latest snapshot of the vendor in the shape of `AssessmentRead`, or None."""
    row = connection.execute(_LATEST.where(_T.vendor_id == vendor_id)).first()
    if row is None:
        return None
    (aid, vid, created, as_of, trigger, score, tier) = row[:7]
    findings, breakdown, document_ids, extractor, reference, risk = row[7:]
    fields: tuple[tuple[str, Any], ...] = (
        ("id", aid),
        ("vendor_id", vid),
        ("stored", True),
        ("created_at", created),
        ("as_of", as_of),
        ("trigger", trigger),
        ("score", score),
        ("tier", tier),
        ("findings", raw(findings)),
        ("score_breakdown", raw(breakdown)),
        ("document_ids", raw(document_ids)),
        ("pending_documents", []),
        ("extractor_version", extractor),
        ("reference_data", {"accreditation": reference}),
        ("risk_model", risk),
    )
    return json_object(fields)


def hot_latest(connection: Connection, params: dict[str, str], query: bytes) -> bytes | None:
    """`GET /vendors/{vendor_id}/assessment` with no query (`app/platform/hotreads.py`); None
    (a preview, or no snapshot yet) lets the route answer."""
    if query:
        return None
    return latest_json(connection, vendor_id=uuid.UUID(params["vendor_id"]))
