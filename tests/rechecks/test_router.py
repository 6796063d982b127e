"""Re-checks through the API: an admin queues one (202 with its id, no work in the request),
the workers run it, its progress is readable, and documents parsed by an older extractor go
back to the parse queue instead of being parsed inside the re-check."""

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import update

from app.core.version import EXTRACTOR_VERSION
from app.platform.auth import Role
from app.platform.models import Document
from app.platform.state import AppState
from app.platform.workers import Workers
from tests.pdfs import make_pdf

Auth = Callable[..., dict[str, str]]


def _state(client: TestClient) -> tuple[AppState, Workers]:
    state = client.app.state.assay  # type: ignore[attr-defined]
    assert isinstance(state, AppState) and state.workers is not None
    return state, state.workers


def test_admin_queues_a_recheck_and_outdated_documents_go_back_to_the_parse_queue(
    client: TestClient, auth: Auth
) -> None:
    state, workers = _state(client)
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
    assert workers.drain("parse") == 1
    with state.sessions.begin() as session:
        session.execute(update(Document).values(extractor_version="2000.1.1"))

    run = client.post("/api/v1/rechecks", json={"as_of": "2026-11-23"}, headers=auth(Role.admin))
    assert run.status_code == 202, run.text
    body = run.json()
    assert (body["status"], body["as_of"]) == ("queued", "2026-11-23")
    assert run.headers["location"] == f"/api/v1/rechecks/{body['id']}"
    busy = client.post("/api/v1/rechecks", headers=auth(Role.admin))
    assert busy.status_code == 409

    assert workers.drain("recheck") >= 2  # planned, then its batch
    progress = client.get(f"/api/v1/rechecks/{body['id']}", headers=auth(Role.reviewer)).json()
    assert (progress["status"], progress["reparse_queued"]) == ("succeeded", 1)
    assert progress["batches_done"] == progress["batches_total"]
    doc = client.get(f"/api/v1/documents/{doc_id}", headers=auth(Role.reviewer)).json()
    assert doc["status"] == "received"  # back in the queue, not parsed inside the run
    assert workers.drain("parse") == 1
    doc = client.get(f"/api/v1/documents/{doc_id}", headers=auth(Role.reviewer)).json()
    assert doc["extractor_version"] == EXTRACTOR_VERSION
    assert doc["status"] == "parsed"
    runs = client.get("/api/v1/rechecks", headers=auth(Role.reviewer)).json()
    assert runs["total"] == 1 and runs["items"][0]["id"] == body["id"]
    assert client.post("/api/v1/rechecks", headers=auth(Role.reviewer)).status_code == 403
    missing = "/api/v1/rechecks/00000000-0000-0000-0000-000000000000"
    assert client.get(missing, headers=auth(Role.reviewer)).status_code == 404


def test_bad_as_of_is_rejected(client: TestClient, auth: Auth) -> None:
    response = client.post(
        "/api/v1/rechecks", json={"as_of": "23/11/2026"}, headers=auth(Role.admin)
    )
    assert response.status_code == 422
    assert "as_of" in response.json()["detail"]
