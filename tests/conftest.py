"""Shared fixtures: settings on a temp data dir, migrated databases (SQLite always, PostgreSQL
when ASSAY_TEST_POSTGRES_URL is set), an API client, and real tokens per role."""

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.main import create_app
from app.platform import migrate
from app.platform.auth import Role, issue_token, load_or_create_secret
from app.platform.settings import Settings

# `assay assess` runs in process in tests (and in every command they start): no warm server
# outlives the suite; tests/cli/test_assess_server.py turns it on with its own runtime dir.
os.environ["ASSAY_ASSESS_SERVER"] = "off"
POSTGRES_URL = os.environ.get("ASSAY_TEST_POSTGRES_URL")
TEST_SECRET = "test-secret-" + "x" * 40
REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("ASSAY_SHARED_DIR", REPO_ROOT.parent / "shared"))

_BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.skip(f"shared folder not found at {SHARED_DIR}")
    return SHARED_DIR


@pytest.fixture(params=_BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A freshly migrated, empty database for one test."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'assay.db'}"
        migrate.upgrade(url)
        yield url
        return
    if not POSTGRES_URL:
        pytest.skip("ASSAY_TEST_POSTGRES_URL not set")
    name = f"assay_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        migrate.upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        env="test",
        data_dir=tmp_path / "var",
        database_url=database_url,
        jwt_secret=TEST_SECRET,
        log_json=True,
        log_level="WARNING",
        recheck_enabled=False,
        max_upload_bytes=2 * 1024 * 1024,
        parse_timeout_seconds=30,
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """The API with background work off: tests drive the parse queue explicitly."""
    with TestClient(
        create_app(settings, start_background=False), raise_server_exceptions=False
    ) as c:
        yield c


TokenFor = Callable[..., str]


@pytest.fixture
def token_for(settings: Settings) -> TokenFor:
    def make(*roles: Role, sub: str = "tester", ttl: timedelta = timedelta(minutes=5)) -> str:
        return issue_token(
            settings, load_or_create_secret(settings), subject=sub, roles=list(roles), ttl=ttl
        )

    return make


@pytest.fixture
def auth(token_for: TokenFor) -> Callable[..., dict[str, str]]:
    """Authorization headers for the given roles."""

    def headers(*roles: Role, sub: str = "tester") -> dict[str, str]:
        return {"Authorization": f"Bearer {token_for(*roles, sub=sub)}"}

    return headers
