"""The session store on both databases: create, load, expiry, sweep, sign-out, flashes."""

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.platform import migrate
from app.platform.auth import Principal, Role
from app.platform.db import make_engine
from app.platform.models import WebSession
from app.web import sessions
from tests.conftest import POSTGRES_URL

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ALICE = Principal(subject="alice", roles=frozenset({Role.reviewer, Role.procurement}))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[Session]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/s.db"
        migrate.upgrade(url)
        engine = make_engine(url)
        with Session(engine) as session:
            yield session
        engine.dispose()
        return
    if not POSTGRES_URL:
        pytest.skip("ASSAY_TEST_POSTGRES_URL not set")
    name = f"assay_web_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        migrate.upgrade(url)
        engine = make_engine(url)
        with Session(engine) as session:
            yield session
        engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_a_session_lives_until_expiry_and_ends_at_sign_out(db: Session) -> None:
    token, _ = sessions.create(
        db, principal=ALICE, method="token", now=NOW, lifetime=timedelta(hours=8)
    )
    db.commit()
    loaded = sessions.load(db, token=token, now=NOW + timedelta(hours=7))
    assert loaded is not None and sessions.principal_of(loaded) == ALICE
    assert sessions.load(db, token=token, now=NOW + timedelta(hours=8)) is None
    assert sessions.load(db, token=token + "x", now=NOW) is None
    assert sessions.load(db, token=None, now=NOW) is None
    sessions.end(db, token=token)
    db.commit()
    assert sessions.load(db, token=token, now=NOW) is None


def test_a_session_never_outlives_its_token(db: Session) -> None:
    token, _ = sessions.create(
        db, principal=ALICE, method="token", now=NOW, lifetime=timedelta(hours=8),
        not_after=NOW + timedelta(minutes=30),
    )  # fmt: skip
    assert sessions.load(db, token=token, now=NOW + timedelta(minutes=29)) is not None
    assert sessions.load(db, token=token, now=NOW + timedelta(minutes=31)) is None


def test_expired_sessions_are_swept_when_a_new_one_starts(db: Session) -> None:
    for _ in range(3):
        sessions.create(db, principal=ALICE, method="token", now=NOW, lifetime=timedelta(hours=1))
    db.commit()
    sessions.create(
        db,
        principal=ALICE,
        method="token",
        now=NOW + timedelta(hours=2),
        lifetime=timedelta(hours=1),
    )
    db.commit()
    assert db.scalar(select(func.count()).select_from(WebSession)) == 1


def test_flashes_are_shown_once(db: Session) -> None:
    token, row = sessions.create(
        db, principal=ALICE, method="token", now=NOW, lifetime=timedelta(hours=1)
    )
    sessions.flash(row, "Saved.", "success")
    db.commit()
    loaded = sessions.load(db, token=token, now=NOW)
    assert loaded is not None
    assert sessions.take_flashes(loaded) == [{"level": "success", "text": "Saved."}]
    assert sessions.take_flashes(loaded) == []
