"""The hot read path of the vendor list: one page as JSON bytes from a Core select.

The columns are read as they are (the name lists as their stored JSON text) and written in
the order of `VendorRead`, so no ORM object, no pydantic validation and no JSON decoding
happens per vendor (`app/platform/rawjson.py`; a test holds the bytes equal to what
`Page[VendorRead]` would print).
"""

from typing import Any

from sqlalchemy import ColumnElement, Connection, Text, cast, func, select

from app.platform.models import Vendor
from app.platform.pagination import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET
from app.platform.rawjson import json_object, json_page, raw

_V = Vendor.__table__.c
# (field of VendorRead, column); JSON columns are read as text and spliced.
_FIELDS: tuple[tuple[str, Any], ...] = (
    ("id", _V.id),
    ("name", _V.name),
    ("legal_names", cast(_V.legal_names, Text)),
    ("products", cast(_V.products, Text)),
    ("ai_vendor", _V.ai_vendor),
    ("data_categories", cast(_V.data_categories, Text)),
    ("required_frameworks", cast(_V.required_frameworks, Text)),
    ("criticality", _V.criticality),
    ("current_score", _V.current_score),
    ("current_tier", _V.current_tier),
    ("created_at", _V.created_at),
    ("updated_at", _V.updated_at),
    ("archived_at", _V.archived_at),
)
_NAMES = tuple(name for name, _ in _FIELDS)
_RAW = frozenset({"legal_names", "products", "data_categories", "required_frameworks"})


def vendor_json(row: Any) -> bytes:
    """One vendor row (selected with `_FIELDS`) as a `VendorRead` JSON object."""
    return json_object(
        (name, raw(value) if name in _RAW else value)
        for name, value in zip(_NAMES, row, strict=True)
    )


def page_json(
    connection: Connection,
    *,
    limit: int,
    offset: int,
    q: str | None = None,
    tier: str | None = None,
    criticality: str | None = None,
    include_archived: bool = False,
) -> bytes:
    """A page of vendors (ordered by name, then id) in the shape of `Page[VendorRead]`."""
    conditions: list[ColumnElement[bool]] = []
    if not include_archived:
        conditions.append(_V.archived_at.is_(None))
    if q:
        conditions.append(func.lower(_V.name).contains(q.lower(), autoescape=True))
    if tier:
        conditions.append(_V.current_tier == tier)
    if criticality:
        conditions.append(_V.criticality == criticality)
    total = (
        connection.scalar(select(func.count()).select_from(Vendor.__table__).where(*conditions))
        or 0
    )
    rows = connection.execute(
        select(*(column for _, column in _FIELDS))
        .where(*conditions)
        .order_by(_V.name, _V.id)
        .limit(limit)
        .offset(offset)
    )
    return json_page(map(vendor_json, rows), total=total, limit=limit, offset=offset)


def hot_page(connection: Connection, params: dict[str, str], query: bytes) -> bytes | None:
    """`GET /vendors` with no query or only `limit`/`offset` as plain in-range integers
    (`app/platform/hotreads.py`); anything else (filters, a value the route would refuse
    with 422) returns None and the route answers."""
    values: dict[bytes, int] = {}
    for part in query.split(b"&") if query else ():
        name, _, value = part.partition(b"=")
        plain = value.isdigit() and len(value) <= 10 and (value == b"0" or value[:1] != b"0")
        if name not in (b"limit", b"offset") or name in values or not plain:
            return None
        values[name] = int(value)
    limit, offset = values.get(b"limit", DEFAULT_LIMIT), values.get(b"offset", 0)
    if not (1 <= limit <= MAX_LIMIT and 0 <= offset <= MAX_OFFSET):
        return None
    return page_json(connection, limit=limit, offset=offset)
