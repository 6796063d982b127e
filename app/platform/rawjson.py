"""JSON response bodies written straight from database rows, for the hot read paths.

A stored row was validated when it was written and its JSON columns (facts, evidence,
findings, name lists) never change shape afterwards, so a read need not build ORM objects,
re-validate them through pydantic and serialise them again: the scalar columns are encoded
here in the schema's field order and the JSON columns are spliced in as the text the
database holds (`Raw`). The result is the document the `...Read` schema would print, field
for field (tests hold the two equal); only the whitespace inside spliced JSON may differ.
"""

import json
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

# One encoder for every call (json.dumps with options builds a new one each time), and the
# C string encoder for the common case, a string.
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode
_STRING: Callable[[str], str] = getattr(json.encoder, "c_encode_basestring", None) or (
    json.encoder.py_encode_basestring
)


class Raw(str):
    """JSON text to splice into a body as it is (a JSON column read as text)."""


def raw(text: str | None) -> Raw:
    """A JSON column's text; SQL NULL is JSON null."""
    return Raw("null" if text is None else text)


def timestamp(value: datetime) -> str:
    """pydantic's form of an aware UTC datetime: ISO 8601 with `Z`."""
    return value.isoformat().replace("+00:00", "Z")


def _json(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return _STRING(value)
    if value is None:
        return "null"
    if kind is Raw:
        return str(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is datetime:
        return f'"{timestamp(value)}"'
    if kind is uuid.UUID:
        return f'"{value}"'
    if kind is date:
        return f'"{value.isoformat()}"'
    return _ENCODE(value)


def json_object(fields: Iterable[tuple[str, Any]]) -> str:
    """A compact JSON object of `fields` in order; `Raw` values are spliced unparsed.
    Field names are ours (plain identifiers), so they need no escaping."""
    return "{" + ",".join([f'"{name}":{_json(value)}' for name, value in fields]) + "}"


def json_page(items: Iterable[str], *, total: int, limit: int, offset: int) -> bytes:
    """A `Page` body (items, total, limit, offset) around items already written as JSON."""
    return (
        f'{{"items":[{",".join(items)}],"total":{total},"limit":{limit},"offset":{offset}}}'
    ).encode()
