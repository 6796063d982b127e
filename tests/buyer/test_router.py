"""Buyer profile API (CONTRACT.md §3): admins set it, reviewers read it, assessments use it
(the frameworks it derives appear as findings with their reasons), and the default file from
settings applies until an admin sets one."""

import json
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from app.buyer import service as buyer_service
from app.main import create_app
from app.platform.auth import Role
from app.platform.settings import Settings
from tests.appstate import app_state
from tests.builders import make_certificate_facts, make_parsed, make_profile
from tests.seed import seed_vendor

Auth = Callable[..., dict[str, str]]
URL = "/api/v1/buyer-profile"


def test_nothing_set_reads_as_none(client: TestClient, auth: Auth) -> None:
    body = client.get(URL, headers=auth(Role.reviewer)).json()
    assert body == {
        "sector": "other",
        "regions": [],
        "us_federal": False,
        "source": "none",
        "updated_by": None,
        "updated_at": None,
    }


def test_admin_sets_it_audited_and_reviewers_read_it(client: TestClient, auth: Auth) -> None:
    put = client.put(
        URL,
        json={"sector": "healthcare", "regions": ["us", "DE"], "us_federal": False},
        headers=auth(Role.admin, sub="ada"),
    )
    assert put.status_code == 200, put.text
    body = client.get(URL, headers=auth(Role.reviewer)).json()
    assert (body["sector"], body["regions"], body["source"], body["updated_by"]) == (
        "healthcare",
        ["US", "DE"],
        "api",
        "ada",
    )
    audit = client.get("/api/v1/audit", headers=auth(Role.admin)).json()["items"]
    assert any(e["action"] == "buyer_profile.updated" and e["actor"] == "ada" for e in audit)


def test_bad_profiles_are_422_problems(client: TestClient, auth: Auth) -> None:
    for body in ({"sector": "retail"}, {"regions": ["United States"]}, {"colour": "red"}):
        response = client.put(URL, json=body, headers=auth(Role.admin))
        assert response.status_code == 422, body
        assert response.headers["content-type"].startswith("application/problem+json")


def test_the_buyer_profile_derives_required_frameworks(client: TestClient, auth: Auth) -> None:
    with app_state(client).sessions.begin() as session:
        profile = make_profile(data_categories=["personal", "health"])
        vid = seed_vendor(session, profile, [make_parsed(make_certificate_facts())]).id
    url = f"/api/v1/vendors/{vid}/assessment"
    params = {"as_of": "2026-11-23"}
    before = client.get(url, params=params, headers=auth(Role.reviewer)).json()
    assert "FRAMEWORK_REQUIRED_MISSING" not in {f["code"] for f in before["findings"]}
    client.put(URL, json={"sector": "healthcare", "regions": ["US"]}, headers=auth(Role.admin))
    after = client.get(url, params=params, headers=auth(Role.reviewer)).json()
    [missing] = [f for f in after["findings"] if f["code"] == "FRAMEWORK_REQUIRED_MISSING"]
    assert "HIPAA" in missing["title"]
    assert "health data and the buyer is in the US" in missing["detail"]


def test_the_settings_file_is_the_default_until_an_admin_sets_one(
    settings: Settings, tmp_path: Path, auth: Auth
) -> None:
    path = tmp_path / "buyer.json"
    path.write_text(json.dumps({"sector": "government", "regions": ["US"], "us_federal": True}))
    with_file = settings.model_copy(update={"buyer_profile_path": path})
    with TestClient(create_app(with_file, start_background=False)) as client:
        body = client.get(URL, headers=auth(Role.reviewer)).json()
        assert (body["sector"], body["us_federal"], body["source"]) == (
            "government",
            True,
            "settings",
        )
        client.put(URL, json={"sector": "financial", "regions": ["EU"]}, headers=auth(Role.admin))
    path.write_text(json.dumps({"sector": "law_enforcement"}))
    with TestClient(create_app(with_file, start_background=False)) as client:
        body = client.get(URL, headers=auth(Role.reviewer)).json()
        assert (body["sector"], body["source"]) == ("financial", "api")


def test_current_is_read_once_per_session(client: TestClient) -> None:
    sessions = app_state(client).sessions
    with sessions() as session:
        assert buyer_service.current(session) is None
        assert "assay.buyer_profile" in session.info
