"""Assessment API: preview as of a date, stored snapshots, history, diff, questions, and the
vendor list carrying the current tier."""

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.platform.auth import Role
from tests.appstate import app_state
from tests.builders import make_certificate_facts, make_parsed, make_profile, make_soa_facts
from tests.seed import seed_vendor

Auth = Callable[..., dict[str, str]]


def _seed(client: TestClient, **cert: Any) -> str:
    facts = make_certificate_facts(
        **{"issue_date": date(2026, 3, 2), "expiry_date": date(2027, 3, 1), **cert}
    )
    with app_state(client).sessions.begin() as session:
        vendor = seed_vendor(
            session, make_profile(), [make_parsed(facts), make_parsed(make_soa_facts())]
        )
        return str(vendor.id)


def test_preview_as_of_a_future_date_is_not_stored(client: TestClient, auth: Auth) -> None:
    vid = _seed(client)
    future = client.get(
        f"/api/v1/vendors/{vid}/assessment",
        params={"as_of": "2027-03-02"},
        headers=auth(Role.reviewer),
    )
    assert future.status_code == 200, future.text
    body = future.json()
    assert body["stored"] is False and body["as_of"] == "2027-03-02"
    assert "CERT_EXPIRED" in {f["code"] for f in body["findings"]}
    assert body["tier"] in {"high", "critical"}
    assert body["reference_data"]["accreditation"] and body["risk_model"]
    history = client.get(f"/api/v1/vendors/{vid}/assessments", headers=auth(Role.reviewer)).json()
    assert history["total"] == 0


def test_bad_as_of_is_a_422_problem(client: TestClient, auth: Auth) -> None:
    vid = _seed(client)
    response = client.get(
        f"/api/v1/vendors/{vid}/assessment",
        params={"as_of": "2027-02-30"},
        headers=auth(Role.reviewer),
    )
    assert response.status_code == 422
    assert "as_of" in response.json()["detail"]


def test_run_store_history_and_vendor_tier(client: TestClient, auth: Auth) -> None:
    vid = _seed(client)
    long_name = "reviewer-with-a-long-identity-provider-subject@example.com"
    run = client.post(
        f"/api/v1/vendors/{vid}/assessments", headers=auth(Role.reviewer, sub=long_name)
    )
    assert run.status_code == 201, run.text
    snapshot = run.json()
    assert snapshot["stored"] is True and snapshot["document_ids"]
    latest = client.get(f"/api/v1/vendors/{vid}/assessment", headers=auth(Role.reviewer)).json()
    assert latest["id"] == snapshot["id"]
    assert (
        client.get(
            f"/api/v1/vendors/{vid}/assessments/{snapshot['id']}", headers=auth(Role.reviewer)
        ).json()["score"]
        == snapshot["score"]
    )
    listed = client.get("/api/v1/vendors", headers=auth(Role.procurement)).json()["items"][0]
    assert (listed["current_tier"], listed["current_score"]) == (
        snapshot["tier"],
        snapshot["score"],
    )
    assert (
        client.post(
            f"/api/v1/vendors/{vid}/assessments", headers=auth(Role.procurement)
        ).status_code
        == 403
    )


def test_diff_between_snapshots_names_opened_findings(client: TestClient, auth: Auth) -> None:
    vid = _seed(client)
    first = client.post(f"/api/v1/vendors/{vid}/assessments", headers=auth(Role.reviewer)).json()
    docs = client.get(f"/api/v1/vendors/{vid}/documents", headers=auth(Role.reviewer)).json()
    soa = next(d for d in docs if d["kind"] == "soa")
    client.delete(f"/api/v1/documents/{soa['id']}", headers=auth(Role.procurement))
    second = client.post(f"/api/v1/vendors/{vid}/assessments", headers=auth(Role.reviewer)).json()
    diff = client.get(f"/api/v1/vendors/{vid}/assessments/diff", headers=auth(Role.reviewer)).json()
    assert (diff["from_id"], diff["to_id"]) == (first["id"], second["id"])
    assert "SOA_MISSING" in {f["code"] for f in diff["opened"]}
    assert diff["score_to"] >= diff["score_from"]


def test_questions_in_three_formats(client: TestClient, auth: Auth) -> None:
    vid = _seed(client, holder="Somebody Else Ltd")
    client.post(f"/api/v1/vendors/{vid}/assessments", headers=auth(Role.reviewer))
    as_json = client.get(f"/api/v1/vendors/{vid}/questions", headers=auth(Role.reviewer))
    assert as_json.status_code == 200 and as_json.headers["content-type"].startswith(
        "application/json"
    )
    assert "CERT_HOLDER_MISMATCH" in as_json.text
    as_csv = client.get(
        f"/api/v1/vendors/{vid}/questions", params={"format": "csv"}, headers=auth(Role.reviewer)
    )
    assert (
        as_csv.headers["content-type"].startswith("text/csv")
        and "CERT_HOLDER_MISMATCH" in as_csv.text
    )
    as_md = client.get(
        f"/api/v1/vendors/{vid}/questions",
        params={"format": "markdown"},
        headers=auth(Role.reviewer),
    )
    assert as_md.headers["content-type"].startswith(
        "text/markdown"
    ) and as_md.text.lstrip().startswith("#")


@pytest.mark.parametrize(
    "as_of",
    ["0", "1700000000", "1999-12-31", "2101-01-01", "9999-12-31", "20270101", "2027-1-1"],
    ids=["zero", "unix-seconds", "before-2000", "after-2100", "year-9999", "no-dashes", "short"],
)
def test_as_of_must_be_an_iso_date_from_2000(client: TestClient, auth: Auth, as_of: str) -> None:
    vid = _seed(client)
    response = client.get(
        f"/api/v1/vendors/{vid}/assessment", params={"as_of": as_of}, headers=auth(Role.reviewer)
    )
    assert response.status_code == 422, response.text
    assert response.json()["type"].endswith("/validation-error")


def test_as_of_at_the_edges_of_the_range_is_accepted(client: TestClient, auth: Auth) -> None:
    vid = _seed(client)
    for as_of in ("2000-01-01", "2100-12-31"):
        response = client.get(
            f"/api/v1/vendors/{vid}/assessment",
            params={"as_of": as_of},
            headers=auth(Role.reviewer),
        )
        assert response.status_code == 200, response.text


def test_the_latest_snapshot_read_is_what_the_schema_would_serialise(
    client: TestClient, auth: Auth
) -> None:
    from app.assessments import service as assessment_service
    from app.assessments.schemas import AssessmentRead
    from app.platform.models import Assessment

    vid = _seed(client)
    run = client.post(f"/api/v1/vendors/{vid}/assessments", headers=auth(Role.reviewer))
    assert run.status_code == 201
    fast = client.get(f"/api/v1/vendors/{vid}/assessment", headers=auth(Role.reviewer))
    assert fast.status_code == 200
    with app_state(client).sessions() as session:
        row = session.get(Assessment, uuid.UUID(run.json()["id"]))
        assert row is not None
        slow = AssessmentRead.model_validate(assessment_service.read_snapshot(row))
    assert fast.json() == slow.model_dump(mode="json")
    assert fast.content == slow.model_dump_json().encode()  # stored JSON is compact
    assert fast.json()["created_at"].endswith("Z")
    assert fast.json()["findings"]


def test_the_latest_snapshot_is_the_newest_of_several(client: TestClient, auth: Auth) -> None:
    vid = _seed(client)
    ids = [
        client.post(f"/api/v1/vendors/{vid}/assessments", headers=auth(Role.reviewer)).json()["id"]
        for _ in range(3)
    ]
    latest = client.get(f"/api/v1/vendors/{vid}/assessment", headers=auth(Role.reviewer)).json()
    assert latest["id"] == ids[-1]
