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
Limit = Annotated[int, Query(ge=1, le=500, description="Page size")]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000, description="Rows to skip")]
