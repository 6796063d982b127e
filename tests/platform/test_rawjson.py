"""Bodies written from rows (`app/platform/rawjson.py`) are the bytes pydantic would print."""

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import BaseModel

from app.platform.rawjson import json_object, json_page, raw


class _Row(BaseModel):
    text: str
    missing: str | None
    flag: bool
    number: int
    ratio: float
    at: datetime
    day: date
    key: uuid.UUID
    names: list[str]
    nested: dict[str, Any] | None


STRINGS = [
    "plain",
    "Zürich Ωmega 株式会社",
    'quote " backslash \\ slash /',
    "control \x00 \x01 \x1f \x7f",
    "lines \n \r \t \u2028 \u2029",
    "emoji \U0001f600",
    "",
]


@pytest.mark.parametrize("text", STRINGS, ids=range(len(STRINGS)))
def test_a_row_is_written_as_pydantic_writes_it(text: str) -> None:
    from app.platform.db import compact_json

    row = _Row(
        text=text,
        missing=None,
        flag=False,
        number=-42,
        ratio=0.1,
        at=datetime(2026, 1, 2, 3, 4, 5, 60, tzinfo=UTC),
        day=date(2026, 2, 3),
        key=uuid.UUID(int=2**100 + 7),
        names=[text, "b"],
        nested={"k": [1, 2.5, None, text], "t": True},
    )
    fields = [(name, getattr(row, name)) for name in _Row.model_fields]
    # JSON columns come back as the text the engine stored (`compact_json`), spliced.
    spliced = [
        (name, raw(compact_json(value)) if name in {"names", "nested"} else value)
        for name, value in fields
    ]
    assert json_object(spliced) == row.model_dump_json().encode()


def test_sql_null_in_a_json_column_is_json_null() -> None:
    assert json_object([("facts", raw(None))]) == b'{"facts":null}'


def test_a_page_is_the_page_schema() -> None:
    from app.platform.pagination import Page

    items = [_Sub(a="x"), _Sub(a="y")]
    body = json_page((m.model_dump_json().encode() for m in items), total=9, limit=2, offset=4)
    assert body == Page[_Sub](items=items, total=9, limit=2, offset=4).model_dump_json().encode()
    empty = json_page([], total=0, limit=50, offset=0)
    assert empty == Page[_Sub](items=[], total=0, limit=50, offset=0).model_dump_json().encode()


class _Sub(BaseModel):
    a: str
