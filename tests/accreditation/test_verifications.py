"""Reviewer-verified records through the API (POST/GET /accreditation/verifications): audited,
used by later assessments as `verified`, shown in look-ups, followed by a re-check, aged out."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.platform.auth import Role
from tests.appstate import app_state
from tests.builders import make_certificate_facts, make_parsed, make_profile
from tests.seed import seed_vendor

Auth = Callable[..., dict[str, str]]
URL = "/api/v1/accreditation/verifications"
LOOKUP = "/api/v1/accreditation/lookup"
UNKNOWN_CB = "Northgate Assurance Services Ltd"
# Dates relative to today keep the outcome the same whatever day the test runs: the service
# refuses checks dated in the future, and records age out a year after the check.
TODAY = datetime.now(UTC).date()


def _body(**overrides: Any) -> dict[str, Any]:
    return {
        "certification_body": UNKNOWN_CB,
        "accreditation_body": "ANAB",
        "standard": "27001",
        "number": "CB-1234",
        "status": "accredited",
        "checked_on": (TODAY - timedelta(days=3)).isoformat(),
        "source_url": "https://anabdirectory.remoteauditor.com/northgate",
        "note": "scope covers ISO/IEC 27001:2022",
        **overrides,
    }


def _seed(client: TestClient) -> str:
    facts = make_certificate_facts(
        certification_body=UNKNOWN_CB, accreditation_body="ANAB", accreditation_number=None,
        issue_date=TODAY - timedelta(days=30), expiry_date=TODAY + timedelta(days=700),
    )  # fmt: skip
    with app_state(client).sessions.begin() as session:
        return str(seed_vendor(session, make_profile(), [make_parsed(facts)]).id)


def _codes(client: TestClient, auth: Auth, vid: str) -> set[str]:
    r = client.get(
        f"/api/v1/vendors/{vid}/assessment", params={"as_of": TODAY.isoformat()},
        headers=auth(Role.reviewer),
    )  # fmt: skip
    assert r.status_code == 200, r.text
    return {f["code"] for f in r.json()["findings"]}


def test_a_recorded_check_is_audited_listed_used_and_rechecks(
    client: TestClient, auth: Auth, monkeypatch: pytest.MonkeyPatch
) -> None:
    rechecks: list[object] = []
    monkeypatch.setattr("app.accreditation.router.run_after_import", rechecks.append)
    vid = _seed(client)
    assert "CB_ACCREDITATION_UNVERIFIED" in _codes(client, auth, vid)

    r = client.post(URL, json=_body(), headers=auth(Role.reviewer, sub="alice"))
    assert r.status_code == 201, r.text
    created = r.json()
    assert (created["checked_by"], created["origin"], created["applies_to"]) == (
        "alice",
        "reviewer",
        None,
    )
    assert (
        created["verified_until"] == (TODAY - timedelta(days=3) + timedelta(days=365)).isoformat()
    )
    assert len(rechecks) == 1  # the import's re-check trigger, once

    assert "CB_ACCREDITATION_UNVERIFIED" not in _codes(client, auth, vid)
    found = client.get(LOOKUP, params={"name": UNKNOWN_CB}, headers=auth(Role.procurement)).json()
    assert (found["verdict"], found["provenance"]) == ("accredited", "verified")
    (acc,) = found["match"]["accreditations"]
    assert (acc["checked_by"], acc["verify_at"]) == ("alice", _body()["source_url"])

    listed = client.get(URL, headers=auth(Role.admin)).json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == created["id"]
    audit = client.get("/api/v1/audit", headers=auth(Role.admin)).json()["items"]
    (event,) = [e for e in audit if e["action"] == "accreditation.verification.recorded"]
    assert (event["actor"], event["object_id"]) == ("alice", created["id"])


def test_a_check_older_than_the_period_no_longer_counts(client: TestClient, auth: Auth) -> None:
    vid = _seed(client)
    old = (TODAY - timedelta(days=400)).isoformat()
    assert (
        client.post(URL, json=_body(checked_on=old), headers=auth(Role.reviewer)).status_code == 201
    )
    assert "CB_ACCREDITATION_UNVERIFIED" in _codes(client, auth, vid)
    found = client.get(LOOKUP, params={"name": UNKNOWN_CB}, headers=auth(Role.reviewer)).json()
    assert found["verdict"] == "not_found"


@pytest.mark.parametrize(
    ("overrides", "status", "says"),
    [
        ({"accreditation_body": "Euro UK"}, 422, "not an accreditation body"),
        ({"standard": "9001"}, 400, "standard"),
        ({"certification_body": "SGS"}, 422, "several certification bodies"),
        ({"checked_on": (TODAY + timedelta(days=2)).isoformat()}, 422, "checked_on"),
        ({"checked_on": "1999-12-31"}, 422, "checked_on"),
        ({"status": "pending"}, 422, "status"),
        ({"source_url": "javascript:alert(1)"}, 422, "source_url"),
        ({"certification_body": "Evil\x00Corp"}, 422, "control characters"),
        ({"extra": "x"}, 422, "extra"),
    ],
    ids=["lookalike-ab", "bad-standard", "group-not-entity", "future", "before-2000", "bad-status",
         "bad-url", "control-character", "unknown-field"],
)  # fmt: skip
def test_unusable_checks_are_rejected(
    client: TestClient, auth: Auth, overrides: dict[str, Any], status: int, says: str
) -> None:
    r = client.post(URL, json=_body(**overrides), headers=auth(Role.reviewer))
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert says in r.text
    assert client.get(URL, headers=auth(Role.reviewer)).json()["total"] == 0


def test_procurement_may_not_record_or_list(client: TestClient, auth: Auth) -> None:
    assert client.post(URL, json=_body(), headers=auth(Role.procurement)).status_code == 403
    assert client.get(URL, headers=auth(Role.procurement)).status_code == 403


def test_certsearch_without_a_key_calls_nothing(client: TestClient, auth: Auth) -> None:
    r = client.post("/api/v1/accreditation/certsearch", headers=auth(Role.reviewer))
    assert r.status_code == 409
    assert "ASSAY_IAF_CERTSEARCH_API_KEY" in r.json()["detail"]
