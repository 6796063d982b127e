"""Database plumbing: the declarative base, the engine factory, UTC timestamps and the
request-scoped sessions.

- SQLite (embedded default) runs in WAL mode with foreign keys on and `synchronous=FULL` (a
  commit survives a power cut, not only a process crash). Writers are serialised: a unit of
  work that will write (a request's write unit of work, `write_transaction` for workers)
  starts with `BEGIN IMMEDIATE`, so it waits for the write lock up to `busy_timeout` instead
  of failing half-way with "database is locked" when it upgrades a read lock. Every other
  transaction starts a deferred `BEGIN` and reads its WAL snapshot without waiting for any
  writer (taking the write lock by default would let any long or nested session stall all
  writers).
- The connection pool is sized to the threads that can hold a connection at once (the
  requests admitted by the concurrency gate plus the background workers), so it is never
  exhausted.
- A request's unit of work commits *before* the response is sent (`scope="function"`): a 2xx
  means the row is durable, and background tasks (the parse wake-up) run after the commit.

Nothing here runs at import time: engines are built by `make_engine` in the app lifespan or
the CLI.
"""

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from sqlalchemy import DateTime, Dialect, MetaData, Select, event, func, select
from sqlalchemy.engine import Connection, Engine, create_engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

T = TypeVar("T")

# Connection execution options: a read-only unit of work, and one that will write (which
# takes SQLite's write lock at BEGIN; others start a deferred BEGIN).
READ_ONLY = "assay_read_only"
WRITES = "assay_writes"
SQLITE_BUSY_TIMEOUT_MS = 30_000

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always an aware UTC datetime, on every backend.

    SQLite keeps no time zone and hands back naive values; PostgreSQL hands back the
    session's zone. Naive values are refused on the way in (they are a bug: every timestamp
    the service makes is `datetime.now(UTC)`)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC timestamp column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take BEGIN out of pysqlite's hands: `_sqlite_begin` emits it (the SQLAlchemy recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    writes = conn.get_execution_options().get(WRITES, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def compact_json(value: Any) -> str:
    """JSON as pydantic writes it: no spaces, non-ASCII characters as they are."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def make_engine(url: str, *, pool_size: int = 20, **kwargs: Any) -> Engine:
    """Create an engine with a pool of `pool_size` connections (no overflow: the concurrency
    gate keeps the number of threads needing one below it); for SQLite, WAL, foreign keys, a
    busy timeout and serialised writers."""
    pool: dict[str, Any] = {"pool_size": pool_size, "max_overflow": 0, "pool_timeout": 30}
    # JSON columns are stored compact and unescaped, as pydantic prints them, so the read
    # paths that splice stored JSON into a response (`rawjson`) send the schema's bytes.
    kwargs.setdefault("json_serializer", compact_json)
    if "poolclass" in kwargs or ":memory:" in url or url.rstrip("/") == "sqlite:":
        pool = {}
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            **pool,
            **kwargs,
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, **pool, **kwargs)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def get_session(request: Request) -> Iterator[Session]:
    """The request's unit of work: commit on success, roll back on any error.

    Used with `scope="function"` (see `SessionDep`), so the commit happens when the handler
    returns and *before* the response is sent; a failed commit is an error response, never
    a 2xx for a change that did not land. A POST, PUT, PATCH or DELETE takes the write lock
    at its first statement (`BEGIN IMMEDIATE` on SQLite); other methods read first."""
    writes = request.method not in {"GET", "HEAD", "OPTIONS"}
    # Lazily: the lock is taken at the first statement, so a handler that hands work to
    # other sessions before it touches its own does not wait for itself.
    from app.platform.state import get_state

    with get_state(request).sessions(execution_options={WRITES: writes}) as session:
        try:
            yield session
        except Exception:
            session.rollback()
            raise
        else:
            session.commit()


@contextmanager
def write_transaction(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A unit of work that will write (background workers, jobs): it takes the write lock
    first, so it never fails with "database is locked" on SQLite; commits on success."""
    with sessions(execution_options={WRITES: True}) as session:
        try:
            yield session
        except Exception:
            session.rollback()
            raise
        else:
            session.commit()


async def get_sessionmaker(request: Request) -> sessionmaker[Session]:
    """The session factory (an async dependency: no I/O, so no thread hop)."""
    from app.platform.state import get_state

    return get_state(request).sessions


@contextmanager
def read_only_session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    """A read-only unit of work: a snapshot that never waits for a writer (rolled back).

    Read handlers open it themselves, in the one worker thread that runs the handler: a
    yield dependency would cost two more thread hops per request (to enter and to exit),
    which on the hot read path is most of the cost of a request."""
    with sessions() as session:
        session.connection(execution_options={READ_ONLY: True})
        yield session


@contextmanager
def read_only_connection(sessions: sessionmaker[Session]) -> Iterator[Connection]:
    """A read-only unit of work on a bare Core connection, for the hot read paths that run
    one or two Core selects: the same snapshot as `read_only_session` (one deferred BEGIN,
    rolled back at the end) without building a Session and its transaction bookkeeping,
    which cost more than the query itself."""
    engine = sessions.kw["bind"]
    with engine.connect() as connection:
        yield connection.execution_options(**{READ_ONLY: True})


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
SessionsDep = Annotated[sessionmaker[Session], Depends(get_sessionmaker)]


def count_and_page(
    session: Session, query: Select[T], *order_by: Any, limit: int, offset: int
) -> tuple[Sequence[T], int]:
    """One page of a query's rows (in `order_by` order) and the total number of rows."""
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(query.order_by(*order_by).limit(limit).offset(offset)).all()
    return rows, total
