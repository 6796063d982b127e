"""Schemas shared by several domains (pagination)."""

from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """A page of results with the total count, for limit/offset pagination."""

    items: list[T]
    total: int
    limit: int
    offset: int
