"""The hot read path of one document: its row as JSON bytes from a Core select.

Facts, evidence, confidence and warnings are spliced in as the JSON text the database holds
(they were validated when the parse stored them), the other columns are written in the order
of `DocumentRead` (`app/platform/rawjson.py`; a test holds the bytes equal to what
`DocumentRead` would print).
"""

import uuid
from typing import Any

from sqlalchemy import Connection, Text, cast, select

from app.platform.models import Document
from app.platform.rawjson import json_object, raw

_D = Document.__table__.c
# (field of DocumentRead, column); JSON columns are read as text and spliced.
_FIELDS: tuple[tuple[str, Any], ...] = (
    ("id", _D.id),
    ("vendor_id", _D.vendor_id),
    ("filename", _D.filename),
    ("size", _D.size),
    ("sha256", _D.sha256),
    ("status", _D.status),
    ("declared_kind", _D.declared_kind),
    ("kind", _D.kind),
    ("kind_mismatch", _D.kind_mismatch),
    ("pages", _D.pages),
    ("ocr", _D.ocr),
    ("facts", cast(_D.facts, Text)),
    ("evidence", cast(_D.evidence, Text)),
    ("confidence", cast(_D.confidence, Text)),
    ("warnings", cast(_D.warnings, Text)),
    ("error", _D.error),
    ("error_reason", _D.error_reason),
    ("extractor_version", _D.extractor_version),
    ("uploaded_by", _D.uploaded_by),
    ("uploaded_at", _D.uploaded_at),
    ("parsed_at", _D.parsed_at),
    ("deleted_at", _D.deleted_at),
)
_NAMES = tuple(name for name, _ in _FIELDS)
_RAW = frozenset({"facts", "evidence", "confidence", "warnings"})
_ONE = select(*(column for _, column in _FIELDS))


def document_json(connection: Connection, *, document_id: uuid.UUID) -> bytes | None:
    """The document in the shape of `DocumentRead`, or None when there is no such row."""
    row = connection.execute(_ONE.where(_D.id == document_id)).first()
    if row is None:
        return None
    return json_object(
        (name, raw(value) if name in _RAW else value)
        for name, value in zip(_NAMES, row, strict=True)
    )


def hot_document(connection: Connection, params: dict[str, str], query: bytes) -> bytes | None:
    """`GET /documents/{document_id}` (`app/platform/hotreads.py`); None lets the route
    answer (404)."""
    if query:
        return None
    return document_json(connection, document_id=uuid.UUID(params["document_id"]))
