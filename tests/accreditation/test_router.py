"""HTTP API of the accreditation data (app/accreditation/router.py), with real tokens per role."""

import io
import zipfile
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from app.adapters.reference.loader import builtin_data_dir
from app.platform.auth import Role
from tests.appstate import app_state

Auth = Callable[..., dict[str, str]]
LOOKUP = "/api/v1/accreditation/lookup"


@pytest.mark.parametrize("role", [Role.reviewer, Role.procurement, Role.admin])
def test_lookup_for_any_role(client: TestClient, auth: Auth, role: Role) -> None:
    r = client.get(
        LOOKUP, params={"name": "Coalfire ISO, Inc.", "standard": "27001"}, headers=auth(role)
    )
    assert r.status_code == 200
    body = r.json()
    assert body["verdict"] == "accredited"
    assert body["match"]["accreditations"][0]["body"] == "ANAB"
    assert body["provenance"] == "reported"  # the CB's own statement (sources-2 B1)


def test_lookup_needs_a_token_and_a_known_standard(client: TestClient, auth: Auth) -> None:
    assert client.get(LOOKUP, params={"name": "x"}).status_code == 401
    r = client.get(LOOKUP, params={"name": "x", "standard": "9001"}, headers=auth(Role.reviewer))
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/problem+json")


def test_bodies_lists_everything_with_provenance(client: TestClient, auth: Auth) -> None:
    r = client.get("/api/v1/accreditation/bodies", headers=auth(Role.reviewer))
    assert r.status_code == 200
    body = r.json()
    assert "UKAS" in {b["code"] for b in body["accreditation_bodies"]}
    assert "EURO-UK" in {b["code"] for b in body["lookalike_bodies"]}
    assert all(
        cb["provenance"] in {"verified", "reported", "curated"}
        for cb in body["certification_bodies"]
    )


def _bundle(version: str, extra: str = "") -> bytes:
    buf = io.BytesIO()
    accs = (builtin_data_dir() / "accreditations.csv").read_text(encoding="utf-8") + extra
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("VERSION", version + "\n")
        zf.writestr("accreditations.csv", accs)
    return buf.getvalue()


def test_import_is_admin_only_and_swaps_the_registry(client: TestClient, auth: Auth) -> None:
    files = {"file": ("data.zip", _bundle("2027.02.02"), "application/zip")}
    assert (
        client.post(
            "/api/v1/accreditation/import", files=files, headers=auth(Role.reviewer)
        ).status_code
        == 403
    )
    r = client.post("/api/v1/accreditation/import", files=files, headers=auth(Role.admin))
    assert r.status_code == 200
    assert r.json()["reference_data"] == "2027.02.02"
    after = client.get(LOOKUP, params={"name": "BSI"}, headers=auth(Role.reviewer)).json()
    assert after["reference_data"] == "2027.02.02"


def test_bad_import_is_a_problem_and_changes_nothing(client: TestClient, auth: Auth) -> None:
    bad = _bundle("x", "coalfire-iso,NOPE,,42001,active,,curated,x,,https://r,,\n")
    r = client.post(
        "/api/v1/accreditation/import",
        files={"file": ("d.zip", bad, "application/zip")},
        headers=auth(Role.admin),
    )
    assert r.status_code == 422
    assert "NOPE" in r.json()["detail"]
    version = client.get(LOOKUP, params={"name": "BSI"}, headers=auth(Role.reviewer)).json()[
        "reference_data"
    ]
    assert version == (builtin_data_dir() / "VERSION").read_text(encoding="utf-8").strip()


def test_import_with_a_traversal_version_is_a_422_and_writes_nothing(
    client: TestClient, auth: Auth
) -> None:
    settings = app_state(client).settings
    r = client.post(
        "/api/v1/accreditation/import",
        files={"file": ("d.zip", _bundle("../../../.."), "application/zip")},
        headers=auth(Role.admin),
    )
    assert r.status_code == 422
    assert "VERSION" in r.json()["detail"]
    assert not (settings.data_dir / "accreditation").exists()
    assert not (settings.data_dir.parent.parent / "versions").exists()
