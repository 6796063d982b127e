"""Vendors API: create, list (pagination, search, filters), get, patch, archive."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.platform.auth import Role

Auth = Callable[..., dict[str, str]]
PROFILE = {
    "name": "Northwind Analytics",
    "legal_names": ["Northwind Analytics Ltd"],
    "products": ["Northwind Vision"],
    "ai_vendor": True,
    "data_categories": ["personal", "health"],
    "required_frameworks": ["HIPAA", "PCI DSS"],
    "criticality": "high",
}


def test_create_get_and_profile_round_trip(client: TestClient, auth: Auth) -> None:
    created = client.post("/api/v1/vendors", json=PROFILE, headers=auth(Role.procurement))
    assert created.status_code == 201, created.text
    body = created.json()
    assert {k: body[k] for k in PROFILE} == PROFILE
    fetched = client.get(f"/api/v1/vendors/{body['id']}", headers=auth(Role.reviewer))
    assert fetched.status_code == 200
    assert fetched.json()["name"] == "Northwind Analytics"


def test_validation_error_is_problem_json_naming_the_field(client: TestClient, auth: Auth) -> None:
    response = client.post(
        "/api/v1/vendors",
        json={**PROFILE, "criticality": "extreme"},
        headers=auth(Role.procurement),
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"].endswith("/validation-error")
    assert "criticality" in problem["detail"]
    assert any(e["field"] == "criticality" for e in problem["errors"])


def test_malformed_json_is_problem_json(client: TestClient, auth: Auth) -> None:
    response = client.post(
        "/api/v1/vendors",
        content=b"{not json",
        headers={**auth(Role.procurement), "content-type": "application/json"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


def test_list_paginates_searches_and_filters(client: TestClient, auth: Auth) -> None:
    headers = auth(Role.procurement)
    for name, crit in [("Acme AI", "high"), ("Beta Data", "low"), ("Acme Cloud", "low")]:
        assert (
            client.post(
                "/api/v1/vendors", json={"name": name, "criticality": crit}, headers=headers
            ).status_code
            == 201
        )
    page = client.get("/api/v1/vendors", params={"limit": 2}, headers=headers).json()
    assert page["total"] == 3 and len(page["items"]) == 2
    assert [v["name"] for v in page["items"]] == ["Acme AI", "Acme Cloud"]
    second = client.get("/api/v1/vendors", params={"limit": 2, "offset": 2}, headers=headers).json()
    assert [v["name"] for v in second["items"]] == ["Beta Data"]
    found = client.get(
        "/api/v1/vendors", params={"q": "acme", "criticality": "low"}, headers=headers
    ).json()
    assert [v["name"] for v in found["items"]] == ["Acme Cloud"]
    assert (
        client.get("/api/v1/vendors", params={"tier": "bogus"}, headers=headers).status_code == 422
    )


def test_patch_changes_only_given_fields(client: TestClient, auth: Auth) -> None:
    headers = auth(Role.procurement)
    vid = client.post("/api/v1/vendors", json=PROFILE, headers=headers).json()["id"]
    patched = client.patch(
        f"/api/v1/vendors/{vid}", json={"criticality": "critical"}, headers=headers
    )
    assert patched.status_code == 200
    assert patched.json()["criticality"] == "critical"
    assert patched.json()["products"] == ["Northwind Vision"]


def test_delete_archives_and_keeps_vendor_readable(client: TestClient, auth: Auth) -> None:
    headers = auth(Role.procurement)
    vid = client.post("/api/v1/vendors", json=PROFILE, headers=headers).json()["id"]
    assert (
        client.delete(f"/api/v1/vendors/{vid}", headers=headers).json()["archived_at"] is not None
    )
    assert client.get("/api/v1/vendors", headers=headers).json()["total"] == 0
    assert (
        client.get("/api/v1/vendors", params={"include_archived": True}, headers=headers).json()[
            "total"
        ]
        == 1
    )
    assert client.get(f"/api/v1/vendors/{vid}", headers=headers).status_code == 200


def test_unknown_vendor_is_404_problem(client: TestClient, auth: Auth) -> None:
    response = client.get(
        "/api/v1/vendors/00000000-0000-0000-0000-000000000000", headers=auth(Role.reviewer)
    )
    assert response.status_code == 404
    assert response.json()["type"].endswith("/vendor-not-found")


def test_patch_with_null_is_refused_and_changes_nothing(client: TestClient, auth: Auth) -> None:
    headers = auth(Role.procurement)
    vid = client.post("/api/v1/vendors", json=PROFILE, headers=headers).json()["id"]
    response = client.patch(
        f"/api/v1/vendors/{vid}", json={"name": None, "ai_vendor": None}, headers=headers
    )
    assert response.status_code == 422
    assert "ai_vendor, name" in response.json()["errors"][0]["msg"]
    assert client.get(f"/api/v1/vendors/{vid}", headers=headers).json()["name"] == PROFILE["name"]


def test_absurd_pagination_is_a_422_not_a_crash(client: TestClient, auth: Auth) -> None:
    response = client.get("/api/v1/vendors", params={"offset": 10**30}, headers=auth(Role.reviewer))
    assert response.status_code == 422
    assert "offset" in response.json()["detail"]


@pytest.mark.parametrize(
    "name",
    ["Null\x00Byte Ltd", "Line\nBreak Ltd", "Tab\tLtd", "Bell\x07", "\u202eevil.exe", "   "],
    ids=["nul", "newline", "tab", "bell", "bidi-override", "blank"],
)
def test_names_with_control_characters_are_refused(
    client: TestClient, auth: Auth, name: str
) -> None:
    for body in ({"name": name}, {"name": "Fine Ltd", "legal_names": [name]}):
        response = client.post("/api/v1/vendors", json=body, headers=auth(Role.procurement))
        assert response.status_code == 422, response.text
    vid = client.post(
        "/api/v1/vendors", json={"name": "Fine Ltd"}, headers=auth(Role.procurement)
    ).json()["id"]
    patched = client.patch(
        f"/api/v1/vendors/{vid}", json={"products": [name]}, headers=auth(Role.procurement)
    )
    assert patched.status_code == 422


def test_names_in_any_script_are_accepted(client: TestClient, auth: Auth) -> None:
    name = "MC SİSTEM Belgelendirme — Ünternehmen 株式会社"
    response = client.post("/api/v1/vendors", json={"name": name}, headers=auth(Role.procurement))
    assert response.status_code == 201
    assert response.json()["name"] == name


def test_a_search_term_with_a_nul_is_a_422_not_a_500(client: TestClient, auth: Auth) -> None:
    response = client.get("/api/v1/vendors", params={"q": "a\x00b"}, headers=auth(Role.reviewer))
    assert response.status_code == 422


def test_timestamps_are_aware_utc(client: TestClient, auth: Auth) -> None:
    created = client.post(
        "/api/v1/vendors", json={"name": "Clock Ltd"}, headers=auth(Role.procurement)
    ).json()
    fetched = client.get(f"/api/v1/vendors/{created['id']}", headers=auth(Role.reviewer)).json()
    for stamp in (created["created_at"], fetched["created_at"], fetched["updated_at"]):
        assert stamp.endswith("Z") or stamp.endswith("+00:00"), stamp


def test_the_list_is_byte_for_byte_what_the_schema_would_print(
    client: TestClient, auth: Auth
) -> None:
    from sqlalchemy import select

    from app.platform.models import Vendor
    from app.platform.pagination import Page
    from app.vendors.schemas import VendorRead
    from tests.appstate import app_state

    headers = auth(Role.procurement)
    bodies = [
        PROFILE,
        {"name": "Zürich Ωmega 株式会社", "legal_names": ['Quote " and \\ backslash', "é"]},
        {"name": "Archived One"},
    ]
    ids = [client.post("/api/v1/vendors", json=b, headers=headers).json()["id"] for b in bodies]
    client.delete(f"/api/v1/vendors/{ids[2]}", headers=headers)
    for params in ({"limit": 2, "offset": 1}, {"include_archived": "true"}):
        response = client.get("/api/v1/vendors", params=params, headers=headers)
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        archived = params.get("include_archived") == "true"
        limit, offset = int(params.get("limit", 50)), int(params.get("offset", 0))
        with app_state(client).sessions() as session:
            query = select(Vendor).order_by(Vendor.name, Vendor.id)
            if not archived:
                query = query.where(Vendor.archived_at.is_(None))
            rows = session.scalars(query).all()
            expected = Page[VendorRead](
                items=[VendorRead.model_validate(r) for r in rows[offset : offset + limit]],
                total=len(rows),
                limit=limit,
                offset=offset,
            )
        assert response.content == expected.model_dump_json().encode(), params
