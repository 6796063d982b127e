"""Database plumbing: the declarative base, engine factory and the request-scoped session.

SQLite (embedded default) runs in WAL mode with foreign keys on; PostgreSQL via psycopg.
Nothing here runs at import time: engines are built by `make_engine` in the app lifespan or
the CLI.
"""

from collections.abc import Iterator, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy import MetaData, Select, event, func, select
from sqlalchemy.engine import Engine, create_engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

T = TypeVar("T")

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine; for SQLite, turn on WAL, foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def get_session(request: Request) -> Iterator[Session]:
    """The request's unit of work: commit on success, roll back on any error."""
    from app.platform.state import get_state

    with get_state(request).sessions() as session:
        try:
            yield session
        except Exception:
            session.rollback()
            raise
        else:
            session.commit()


SessionDep = Annotated[Session, Depends(get_session)]


def count_and_page(
    session: Session, query: Select[T], *order_by: Any, limit: int, offset: int
) -> tuple[Sequence[T], int]:
    """One page of a query's rows (in `order_by` order) and the total number of rows."""
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(*order_by).limit(limit).offset(offset)).all()
    return rows, total
