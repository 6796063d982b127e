"""UI test helpers: sign in through the real /login form, read the page's CSRF token, drive
the parse queue, and a vendor with real corpus documents parsed."""

import re
from collections.abc import Callable
from pathlib import Path

import httpx2
import pytest
from fastapi.testclient import TestClient

from app.platform import migrate
from app.platform.auth import Role
from tests.appstate import app_workers

SignIn = Callable[..., str]
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
FORM_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CASE = "dev04_scope_corporate_it_only"


def csrf_of(html: str) -> str:
    match = CSRF_META.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def login(client: TestClient, token: str, next_url: str = "/") -> httpx2.Response:
    """Post the sign-in form as a browser would (GET it first for its CSRF cookie)."""
    page = client.get("/login", params={"next": next_url})
    match = FORM_CSRF.search(page.text)
    assert match, page.text
    return client.post(
        "/login",
        data={"token": token, "csrf_token": match.group(1), "next": next_url},
        follow_redirects=False,
    )


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """UI tests run on SQLite only: the pages call the same services the API tests cover on
    both databases (test_sessions.py checks the session store on PostgreSQL)."""
    url = f"sqlite:///{tmp_path / 'assay.db'}"
    migrate.upgrade(url)
    return url


@pytest.fixture
def sign_in(client: TestClient, token_for: Callable[..., str]) -> SignIn:
    """Sign `client` in with a token for `roles`; returns the session's CSRF token."""

    def go(*roles: Role, sub: str = "tester") -> str:
        client.cookies.clear()
        response = login(client, token_for(*roles, sub=sub))
        assert response.status_code == 303, response.text
        return csrf_of(client.get("/").text if roles != () else "")

    return go


def drain(client: TestClient) -> int:
    """Parse every waiting document as the background worker would; returns how many."""
    return app_workers(client).drain("parse")


@pytest.fixture
def corpus_case(shared_dir: Path) -> list[Path]:
    files = sorted((shared_dir / "corpus" / "cases" / CASE).glob("*.pdf"))
    if not files:
        pytest.skip(f"corpus case {CASE} not found")
    return files


@pytest.fixture
def parsed_vendor(client: TestClient, sign_in: SignIn, corpus_case: list[Path]) -> str:
    """An AI vendor with the corpus case's PDFs uploaded through the UI and parsed."""
    csrf = sign_in(Role.procurement)
    response = client.post(
        "/vendors",
        data={
            "csrf_token": csrf, "name": "Pellucid Voice", "legal_names": "Pellucid Voice Ltd",
            "products": "Pellucid Transcribe", "ai_vendor": "true", "criticality": "high",
            "data_categories": ["personal"],
        },
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, response.text
    vendor_id = response.headers["location"].rsplit("/", 1)[-1]
    files = [("file", (p.name, p.read_bytes(), "application/pdf")) for p in corpus_case]
    upload = client.post(
        f"/vendors/{vendor_id}/documents",
        files=files,
        headers={"X-CSRF-Token": csrf, "Accept": "application/json"},
    )
    assert upload.status_code == 201, upload.text
    assert drain(client) == len(corpus_case)
    return vendor_id
