"""Re-checks through the API: an admin starts one, the run is recorded, documents parsed by an
older extractor are parsed again first."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import update

from app.core.version import EXTRACTOR_VERSION
from app.documents.queue import parse_one
from app.platform.auth import Role
from app.platform.models import Document
from tests.pdfs import make_pdf

Auth = Callable[..., dict[str, str]]


def test_admin_runs_a_recheck_and_outdated_documents_are_reparsed(
    client: TestClient, auth: Auth
) -> None:
    state = client.app.state  # type: ignore[attr-defined]
    vid = client.post(
        "/api/v1/vendors", json={"name": "Acme"}, headers=auth(Role.procurement)
    ).json()["id"]
    doc_id = client.post(
        f"/api/v1/vendors/{vid}/documents",
        headers=auth(Role.procurement),
        files={
            "file": ("s.pdf", make_pdf("Scope statement", "Scope: all systems"), "application/pdf")
        },
    ).json()["id"]
    parse_one(state.sessionmaker, store=state.blob_store, settings=state.settings)
    with state.sessionmaker.begin() as session:
        session.execute(update(Document).values(extractor_version="2000.1.1"))

    run = client.post("/api/v1/rechecks", json={"as_of": "2026-11-23"}, headers=auth(Role.admin))
    assert run.status_code == 201, run.text
    body = run.json()
    assert (body["status"], body["vendors_checked"], body["as_of"]) == (
        "succeeded",
        1,
        "2026-11-23",
    )
    doc = client.get(f"/api/v1/documents/{doc_id}", headers=auth(Role.reviewer)).json()
    assert doc["extractor_version"] == EXTRACTOR_VERSION
    assert doc["status"] == "parsed"
    runs = client.get("/api/v1/rechecks", headers=auth(Role.reviewer)).json()
    assert runs["total"] == 1 and runs["items"][0]["id"] == body["id"]
    assert client.post("/api/v1/rechecks", headers=auth(Role.reviewer)).status_code == 403


def test_bad_as_of_is_rejected(client: TestClient, auth: Auth) -> None:
    response = client.post(
        "/api/v1/rechecks", json={"as_of": "23/11/2026"}, headers=auth(Role.admin)
    )
    assert response.status_code == 422
    assert "as_of" in response.json()["detail"]
