"""Document upload, storage, dedup, download, size and type limits, soft delete."""

import hashlib
from collections.abc import Callable
from pathlib import Path

import httpx2
from fastapi.testclient import TestClient

from app.platform.auth import Role
from app.platform.settings import Settings
from tests.pdfs import make_pdf

Auth = Callable[..., dict[str, str]]


def _vendor(client: TestClient, auth: Auth) -> str:
    vendor_id: str = client.post(
        "/api/v1/vendors", json={"name": "Lattice Harbor"}, headers=auth(Role.procurement)
    ).json()["id"]
    return vendor_id


def _upload(
    client: TestClient, auth: Auth, vid: str, data: bytes, name: str = "cert.pdf", **form: str
) -> httpx2.Response:
    return client.post(
        f"/api/v1/vendors/{vid}/documents",
        files={"file": (name, data, "application/pdf")},
        data=form,
        headers=auth(Role.procurement),
    )


def test_upload_then_download_is_byte_identical(
    client: TestClient, auth: Auth, settings: Settings
) -> None:
    vid = _vendor(client, auth)
    data = make_pdf("ISO/IEC 27001 certificate")
    response = _upload(client, auth, vid, data, kind="iso27001_certificate")
    assert response.status_code == 201, response.text
    doc = response.json()
    assert doc["status"] == "received"
    assert doc["sha256"] == hashlib.sha256(data).hexdigest()
    assert doc["size"] == len(data) and doc["declared_kind"] == "iso27001_certificate"
    assert doc["uploaded_by"] == "tester"
    blob = settings.resolved_blob_dir / doc["sha256"][:2] / doc["sha256"][2:4] / doc["sha256"]
    assert blob.read_bytes() == data
    download = client.get(f"/api/v1/documents/{doc['id']}/file", headers=auth(Role.reviewer))
    assert download.status_code == 200
    assert download.content == data
    assert download.headers["content-type"] == "application/pdf"


def test_identical_upload_is_deduplicated_per_vendor(client: TestClient, auth: Auth) -> None:
    vid = _vendor(client, auth)
    data = make_pdf("same bytes")
    first = _upload(client, auth, vid, data)
    second = _upload(client, auth, vid, data, name="renamed.pdf")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert (
        len(client.get(f"/api/v1/vendors/{vid}/documents", headers=auth(Role.reviewer)).json()) == 1
    )
    other = _vendor(client, auth)
    assert _upload(client, auth, other, data).status_code == 201


def test_non_pdf_is_415_and_stores_nothing(
    client: TestClient, auth: Auth, settings: Settings
) -> None:
    vid = _vendor(client, auth)
    response = _upload(client, auth, vid, b"MZ\x90\x00 this is an executable", name="evil.pdf")
    assert response.status_code == 415
    assert response.json()["type"].endswith("/unsupported-media-type")
    stored = [p for p in settings.resolved_blob_dir.rglob("*") if p.is_file()]
    assert stored == []


def test_oversized_upload_is_413(client: TestClient, auth: Auth, settings: Settings) -> None:
    vid = _vendor(client, auth)
    big = b"%PDF-1.7\n" + b"0" * (settings.max_upload_bytes + 100_000)
    response = _upload(client, auth, vid, big)
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    assert client.get(f"/api/v1/vendors/{vid}/documents", headers=auth(Role.reviewer)).json() == []


def test_file_just_over_cap_inside_multipart_slack_is_413(
    client: TestClient, auth: Auth, settings: Settings
) -> None:
    vid = _vendor(client, auth)
    data = b"%PDF-1.7\n" + b"0" * (settings.max_upload_bytes + 10)
    assert _upload(client, auth, vid, data).status_code == 413


def test_client_file_name_is_never_a_path(
    client: TestClient, auth: Auth, settings: Settings
) -> None:
    vid = _vendor(client, auth)
    doc = _upload(client, auth, vid, make_pdf("x"), name="../../../etc/passwd.pdf").json()
    assert doc["filename"] == "passwd.pdf"
    assert not (settings.data_dir.parent / "etc").exists()
    assert all(Path(p).name != "passwd.pdf" for p in settings.data_dir.rglob("*"))


def test_upload_to_unknown_vendor_is_404(client: TestClient, auth: Auth) -> None:
    response = _upload(client, auth, "00000000-0000-0000-0000-000000000000", make_pdf("x"))
    assert response.status_code == 404


def test_declared_kind_must_be_a_known_kind(client: TestClient, auth: Auth) -> None:
    vid = _vendor(client, auth)
    assert _upload(client, auth, vid, make_pdf("x"), kind="passport").status_code == 422


def test_delete_is_soft_and_reupload_restores(client: TestClient, auth: Auth) -> None:
    vid = _vendor(client, auth)
    data = make_pdf("delete me")
    doc_id = _upload(client, auth, vid, data).json()["id"]
    assert (
        client.delete(f"/api/v1/documents/{doc_id}", headers=auth(Role.procurement)).status_code
        == 200
    )
    assert client.get(f"/api/v1/vendors/{vid}/documents", headers=auth(Role.reviewer)).json() == []
    assert (
        client.get(f"/api/v1/documents/{doc_id}/file", headers=auth(Role.reviewer)).content == data
    )
    assert _upload(client, auth, vid, data).json()["id"] == doc_id


def test_uploads_and_writes_are_in_the_audit_trail(client: TestClient, auth: Auth) -> None:
    vid = _vendor(client, auth)
    doc_id = _upload(client, auth, vid, make_pdf("audited")).json()["id"]
    events = client.get("/api/v1/audit", headers=auth(Role.admin)).json()["items"]
    actions = {(e["action"], e["object_id"]) for e in events}
    assert ("vendor.created", vid) in actions
    assert ("document.uploaded", doc_id) in actions
    upload = next(e for e in events if e["action"] == "document.uploaded")
    assert upload["actor"] == "tester" and upload["roles"] == ["procurement"]
    assert client.get("/api/v1/audit", headers=auth(Role.reviewer)).status_code == 403


def test_a_document_read_is_byte_for_byte_what_the_schema_would_print(
    client: TestClient, auth: Auth
) -> None:
    import uuid
    from datetime import UTC, datetime

    from app.documents.schemas import DocumentRead
    from app.platform.models import Document
    from tests.appstate import app_state

    vid = _vendor(client, auth)
    facts = {"kind": "iso_certificate", "scope": "Données — 数据", "nested": {"n": [1, 2.5, None]}}
    with app_state(client).sessions() as session, session.begin():
        row = Document(
            vendor_id=uuid.UUID(vid),
            filename="café.pdf",
            size=10,
            sha256="0" * 64,
            status="parsed",
            kind="iso_certificate",
            facts=facts,
            evidence={"scope": {"page": 1, "quote": 'a "quoted" line'}},
            confidence={"scope": "low"},
            warnings=["one\nwarning"],
            pages=1,
            ocr=True,
            extractor_version="x",
            uploaded_by="tester",
            uploaded_at=datetime(2026, 1, 2, 3, 4, 5, 400000, tzinfo=UTC),
            parsed_at=datetime(2026, 1, 2, 3, 4, 6, tzinfo=UTC),
        )
        session.add(row)
        session.flush()
        expected = DocumentRead.model_validate(row).model_dump_json().encode()
        doc_id = row.id
    response = client.get(f"/api/v1/documents/{doc_id}", headers=auth(Role.reviewer))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.content == expected
    missing = client.get(f"/api/v1/documents/{uuid.uuid4()}", headers=auth(Role.reviewer))
    assert missing.status_code == 404
    assert missing.json()["type"].endswith("/document-not-found")
