"""The hot reads (`app/platform/hotreads.py`): what they answer is byte for byte what the
routes answer, and everything they do not answer reaches the routes unchanged."""

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient

from app.main import create_app
from app.platform import hotreads
from app.platform.auth import Principal, Role, require
from app.platform.db import SessionsDep
from app.platform.settings import Settings
from tests.appstate import app_state
from tests.builders import make_certificate_facts, make_parsed, make_profile, make_soa_facts
from tests.seed import seed_vendor

TokenFor = Callable[..., str]


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The bodies the hot path sent itself."""
    bodies: list[bytes] = []
    real = hotreads._send_json

    async def spy(send: Any, body: bytes) -> None:
        bodies.append(body)
        await real(send, body)

    monkeypatch.setattr(hotreads, "_send_json", spy)
    return bodies


def _seed(client: TestClient, token: str) -> tuple[str, str]:
    facts = make_certificate_facts(issue_date=date(2026, 3, 2), expiry_date=date(2027, 3, 1))
    with app_state(client).sessions.begin() as session:
        vendor = seed_vendor(
            session, make_profile(), [make_parsed(facts), make_parsed(make_soa_facts())]
        )
        vid = str(vendor.id)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post(f"/api/v1/vendors/{vid}/assessments", headers=headers).status_code == 201
    docs = client.get(f"/api/v1/vendors/{vid}/documents", headers=headers).json()
    return vid, docs[0]["id"]


@pytest.fixture
def cold(settings: Settings) -> Iterator[TestClient]:
    """The same app with the hot reads off: every answer comes from the routes."""
    with TestClient(
        create_app(settings.model_copy(update={"hot_reads": False}), start_background=False)
    ) as c:
        yield c


def test_hot_answers_are_the_routes_answers_byte_for_byte(
    client: TestClient, cold: TestClient, token_for: TokenFor, served: list[bytes]
) -> None:
    token = token_for(Role.admin)
    headers = {"Authorization": f"Bearer {token}"}
    vid, doc_id = _seed(client, token)
    paths = [
        f"/api/v1/vendors/{vid}/assessment",
        f"/api/v1/documents/{doc_id}",
        "/api/v1/vendors",
        "/api/v1/vendors?limit=1",
        "/api/v1/vendors?offset=0&limit=500",
    ]
    for path in paths:
        served.clear()
        hot = client.get(path, headers=headers)
        assert served == [hot.content], f"{path} was not served hot"
        slow = cold.get(path, headers=headers)
        assert slow.status_code == hot.status_code == 200, path
        assert hot.content == slow.content, path
        assert hot.headers["content-type"] == slow.headers["content-type"], path
        assert hot.headers["content-length"] == slow.headers["content-length"], path
        assert hot.headers["x-request-id"], path


def test_a_token_seen_for_the_first_time_goes_through_the_routes(
    client: TestClient, token_for: TokenFor, served: list[bytes]
) -> None:
    token = token_for(Role.admin)
    vid, _ = _seed(client, token)
    served.clear()
    fresh = {"Authorization": f"Bearer {token_for(Role.reviewer)}"}
    assert client.get(f"/api/v1/vendors/{vid}/assessment", headers=fresh).status_code == 200
    assert served == []  # verified (and remembered) by the route's dependency
    assert client.get(f"/api/v1/vendors/{vid}/assessment", headers=fresh).status_code == 200
    assert len(served) == 1


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/vendors/{vid}/assessment?as_of=2027-03-02", 200),  # a preview
        ("/api/v1/vendors/{other}/assessment", 404),
        ("/api/v1/documents/{other}", 404),
        ("/api/v1/vendors?limit=0", 422),
        ("/api/v1/vendors?limit=501", 422),
        ("/api/v1/vendors?limit=abc", 422),
        ("/api/v1/vendors?offset=-1", 422),
        ("/api/v1/vendors?limit=007", 200),
        ("/api/v1/vendors?limit=1&limit=2", 200),
        ("/api/v1/vendors?q=zz", 200),
        ("/api/v1/vendors/not-a-uuid/assessment", 422),
    ],
    ids=[
        "preview",
        "unknown-vendor",
        "unknown-document",
        "limit-0",
        "limit-501",
        "limit-abc",
        "offset-negative",
        "leading-zero",
        "repeated",
        "filter",
        "bad-uuid",
    ],
)
def test_what_the_hot_path_does_not_answer_reaches_the_route(
    client: TestClient,
    cold: TestClient,
    token_for: TokenFor,
    served: list[bytes],
    path: str,
    status: int,
) -> None:
    token = token_for(Role.admin)
    headers = {"Authorization": f"Bearer {token}"}
    vid, _ = _seed(client, token)
    url = path.format(vid=vid, other=uuid.uuid4())
    served.clear()
    response = client.get(url, headers=headers)
    assert served == []
    assert response.status_code == status, response.text
    slow = cold.get(url, headers=headers)
    assert slow.status_code == status
    if status != 200:
        assert response.headers["content-type"] == "application/problem+json"


def test_roles_are_the_routes_roles(
    client: TestClient, token_for: TokenFor, served: list[bytes]
) -> None:
    vid, _ = _seed(client, token_for(Role.admin))
    nobody = {"Authorization": f"Bearer {token_for()}"}
    client.get("/api/v1/vendors", headers=nobody)  # verified and remembered: no roles
    served.clear()
    for path in (f"/api/v1/vendors/{vid}/assessment", "/api/v1/vendors"):
        response = client.get(path, headers=nobody)
        assert response.status_code == 403
        assert response.json()["type"].endswith("/forbidden")
    assert served == []
    assert client.get("/api/v1/vendors").status_code == 401


def test_a_route_with_another_dependency_is_never_served_hot() -> None:
    router = APIRouter()

    def audited() -> None:
        return None

    Reader = Annotated[Principal, Depends(require(Role.reviewer))]

    @router.get("/plain/{item_id}")
    def plain(item_id: uuid.UUID, sessions: SessionsDep, _: Reader) -> None:
        return None

    @router.get("/audited/{item_id}", dependencies=[Depends(audited)])
    def with_audit(item_id: uuid.UUID, sessions: SessionsDep, _: Reader) -> None:
        return None

    @router.get("/open/{item_id}")
    def no_role_check(item_id: uuid.UUID, sessions: SessionsDep) -> None:
        return None

    def read(*_: Any) -> bytes:
        return b"{}"

    compiled = hotreads.compile_reads(
        [hotreads.HotRead(router, f, read) for f in (plain, with_audit, no_role_check)], "/x"
    )
    assert [c.path for c in compiled] == ["/x/plain/{item_id}"]
    assert compiled[0].roles == {Role.reviewer, Role.admin}
    assert compiled[0].pattern.fullmatch(f"/x/plain/{uuid.uuid4()}")
    assert not compiled[0].pattern.fullmatch("/x/plain/123")
