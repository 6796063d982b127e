"""The durable parse queue: uploads are parsed out of process, results and an assessment are
stored, hostile files end as `failed` with a reason, and work abandoned by a crash is resumed."""

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from app.documents.queue import claim_next, parse_one
from app.platform.auth import Role
from app.platform.models import Assessment, Document
from tests.pdfs import make_pdf

Auth = Callable[..., dict[str, str]]


def _vendor(client: TestClient, auth: Auth, **profile: object) -> str:
    body = {
        "name": "Lattice Harbor Software",
        "legal_names": ["Lattice Harbor Software, Inc."],
        **profile,
    }
    vendor_id: str = client.post(
        "/api/v1/vendors", json=body, headers=auth(Role.procurement)
    ).json()["id"]
    return vendor_id


def _upload(
    client: TestClient, auth: Auth, vid: str, data: bytes, name: str = "doc.pdf"
) -> uuid.UUID:
    response = client.post(
        f"/api/v1/vendors/{vid}/documents",
        files={"file": (name, data, "application/pdf")},
        headers=auth(Role.procurement),
    )
    assert response.status_code == 201, response.text
    return uuid.UUID(response.json()["id"])


def _drain(client: TestClient) -> int:
    state = client.app.state  # type: ignore[attr-defined]
    done = 0
    while (
        parse_one(
            state.sessionmaker,
            store=state.blob_store,
            settings=state.settings,
            on_parsed=state.parse_worker._on_parsed,
        )
        is not None
    ):
        done += 1
    return done


def test_corpus_certificate_is_parsed_with_evidence_and_assessed(
    client: TestClient, auth: Auth, shared_dir: Path
) -> None:
    pdf = shared_dir / "corpus/cases/dev01_clean_vendor/LatticeHarbor_ISO27001.pdf"
    vid = _vendor(client, auth)
    doc_id = _upload(client, auth, vid, pdf.read_bytes(), pdf.name)
    assert _drain(client) == 1
    doc = client.get(f"/api/v1/documents/{doc_id}", headers=auth(Role.reviewer)).json()
    assert doc["status"] == "parsed", doc
    assert doc["kind"] == "iso27001_certificate"
    assert doc["facts"]["certificate_number"] == "CF-ISMS-0417-25"
    assert doc["facts"]["expiry_date"] == "2028-09-28"
    assert doc["evidence"]["certificate_number"]["page"] == 1
    assert "CF-ISMS-0417-25" in doc["evidence"]["certificate_number"]["quote"]
    history = client.get(f"/api/v1/vendors/{vid}/assessments", headers=auth(Role.reviewer)).json()
    assert history["total"] == 1 and history["items"][0]["trigger"] == "upload"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.7\n" + b"\x00garbage" * 200, "corrupt"),
        (make_pdf("fine")[:200], "corrupt"),
    ],
    ids=["garbage-after-header", "truncated"],
)
def test_hostile_files_fail_cleanly(
    client: TestClient, auth: Auth, data: bytes, reason: str
) -> None:
    vid = _vendor(client, auth)
    doc_id = _upload(client, auth, vid, data)
    _drain(client)
    doc = client.get(f"/api/v1/documents/{doc_id}", headers=auth(Role.reviewer)).json()
    assert doc["status"] == "failed"
    assert doc["error_reason"] == reason and doc["error"]
    assessment = client.get(f"/api/v1/vendors/{vid}/assessment", headers=auth(Role.reviewer)).json()
    assert "DOCUMENT_UNREADABLE" in {f["code"] for f in assessment["findings"]}


def test_work_abandoned_by_a_crash_is_resumed(client: TestClient, auth: Auth) -> None:
    vid = _vendor(client, auth)
    stale_id = _upload(client, auth, vid, make_pdf("stale"))
    fresh_id = _upload(client, auth, vid, make_pdf("fresh"))
    state = client.app.state  # type: ignore[attr-defined]
    now = datetime.now(UTC)
    with state.sessionmaker.begin() as session:
        # As a crash would leave them: one claimed long ago, one claimed a moment ago.
        session.execute(
            update(Document)
            .where(Document.id == stale_id)
            .values(status="parsing", parse_started_at=now - timedelta(hours=1), attempts=1)
        )
        session.execute(
            update(Document)
            .where(Document.id == fresh_id)
            .values(status="parsing", parse_started_at=now, attempts=1)
        )
    with state.sessionmaker.begin() as session:
        claimed = claim_next(session, now=now, stale=timedelta(minutes=5))
        assert claimed is not None and claimed.id == stale_id
        assert claimed.attempts == 2
        assert claim_next(session, now=now, stale=timedelta(minutes=5)) is None


def test_a_document_that_keeps_crashing_the_parser_gives_up(client: TestClient, auth: Auth) -> None:
    vid = _vendor(client, auth)
    doc_id = _upload(client, auth, vid, make_pdf("poison"))
    state = client.app.state  # type: ignore[attr-defined]
    with state.sessionmaker.begin() as session:
        session.execute(update(Document).where(Document.id == doc_id).values(attempts=3))
    _drain(client)
    with state.sessionmaker() as session:
        doc = session.scalars(select(Document).where(Document.id == doc_id)).one()
        assert (doc.status, doc.error_reason) == ("failed", "attempts_exhausted")
        assert session.scalars(select(Assessment)).first() is not None
