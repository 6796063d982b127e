"""Schemas shared by several domains (pagination)."""

from typing import Annotated, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """A page of results with the total count, for limit/offset pagination."""

    items: list[T]
    total: int
    limit: int
    offset: int


# Bounded so that no client value overflows a database integer (SQLite: 64-bit).
MAX_LIMIT, MAX_OFFSET, DEFAULT_LIMIT = 500, 1_000_000_000, 50
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip")]
