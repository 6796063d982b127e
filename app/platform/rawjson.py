"""JSON response bodies written straight from database rows, for the hot read paths.

A stored row was validated when it was written and its JSON columns (facts, evidence,
findings, name lists) never change shape afterwards, so a read need not build ORM objects,
re-validate them through pydantic and serialise them again: the scalar columns are encoded
here in the schema's field order and the JSON columns are spliced in as the text the
database holds (`Raw`). The result is the document the `...Read` schema would print, field
for field (tests hold the two equal); only the whitespace inside spliced JSON may differ.
"""

from collections.abc import Iterable
from typing import Any

from pydantic_core import to_json


class Raw(str):
    """JSON text to splice into a body as it is (a JSON column read as text)."""


def raw(text: str | None) -> Raw:
    """A JSON column's text; SQL NULL is JSON null."""
    return Raw("null" if text is None else text)


def json_object(fields: Iterable[tuple[str, Any]]) -> bytes:
    """A compact JSON object of `fields` in order. Plain values are written by pydantic's
    own serialiser (`to_json`: the same bytes as `model_dump_json`, datetimes with `Z`);
    `Raw` values are spliced unparsed. Field names are ours (plain identifiers)."""
    parts: list[bytes] = []
    plain: dict[str, Any] = {}
    for name, value in fields:
        if type(value) is Raw:
            if plain:
                parts.append(to_json(plain)[1:-1])
                plain = {}
            parts.append(b'"' + name.encode() + b'":' + value.encode())
        else:
            plain[name] = value
    if plain:
        parts.append(to_json(plain)[1:-1])
    return b"{" + b",".join(parts) + b"}"


def json_page(items: Iterable[bytes], *, total: int, limit: int, offset: int) -> bytes:
    """A `Page` body (items, total, limit, offset) around items already written as JSON."""
    return (
        b'{"items":['
        + b",".join(items)
        + f'],"total":{total},"limit":{limit},"offset":{offset}}}'.encode()
    )
