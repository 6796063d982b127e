"""The durable parse queue: uploads are parsed out of process, results and an assessment are
stored, hostile files end as `failed` with a reason, and work abandoned by a crash is taken
over as soon as its lease runs out; a superseded worker cannot record twice."""

import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.adapters.pdf.isolation import ParseOutcome
from app.assessments import service as assessment_service
from app.documents.queue import MAX_ATTEMPTS, Claim, Heartbeat, claim_next, record_claim
from app.platform.auth import Role
from app.platform.models import Assessment, Document
from app.platform.state import AppState
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


def _state(client: TestClient) -> AppState:
    state = client.app.state.assay  # type: ignore[attr-defined]
    assert isinstance(state, AppState)
    return state


def _drain(client: TestClient) -> int:
    workers = _state(client).workers
    assert workers is not None
    return workers.drain("parse")


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


def test_work_abandoned_by_a_crash_is_taken_over_when_its_lease_runs_out(
    client: TestClient, auth: Auth
) -> None:
    vid = _vendor(client, auth)
    stale_id = _upload(client, auth, vid, make_pdf("stale"))
    fresh_id = _upload(client, auth, vid, make_pdf("fresh"))
    state = _state(client)
    now = datetime.now(UTC)
    with state.sessions.begin() as session:
        # As a crash would leave them: one whose lease ran out a second ago, one still held.
        session.execute(
            update(Document)
            .where(Document.id == stale_id)
            .values(status="parsing", lease_expires_at=now - timedelta(seconds=1), attempts=1)
        )
        session.execute(
            update(Document)
            .where(Document.id == fresh_id)
            .values(status="parsing", lease_expires_at=now + timedelta(seconds=15), attempts=1)
        )
    lease = timedelta(seconds=15)
    with state.sessions.begin() as session:
        claimed = claim_next(session, now=now, lease=lease, owner="test")
        assert claimed is not None and claimed.document_id == stale_id
        assert claimed.attempt == 2
        assert claim_next(session, now=now, lease=lease, owner="test") is None


def test_a_superseded_worker_does_not_record_its_outcome(client: TestClient, auth: Auth) -> None:
    """Worker A's lease ran out and B took the document over: A's late result is dropped,
    and the document is recorded once, by B."""
    vid = _vendor(client, auth)
    doc_id = _upload(client, auth, vid, make_pdf("contested"))
    state = _state(client)
    now = datetime.now(UTC)
    with state.sessions.begin() as session:
        first = claim_next(session, now=now, lease=timedelta(seconds=5), owner="A")
    assert isinstance(first, Claim)
    later = now + timedelta(seconds=6)
    with state.sessions.begin() as session:
        second = claim_next(session, now=later, lease=timedelta(seconds=5), owner="B")
    assert second is not None and second.attempt == first.attempt + 1
    outcome = ParseOutcome(parsed=None, error="test", reason="corrupt")
    assert record_claim(state.sessions, second, outcome, on_parsed=_assess(state))
    assert not record_claim(state.sessions, first, outcome, on_parsed=_assess(state))
    with state.sessions() as session:
        doc = session.get(Document, doc_id)
        assert doc is not None and (doc.status, doc.attempts) == ("failed", 2)
        snapshots = session.scalars(select(Assessment).where(Assessment.vendor_id == doc.vendor_id))
        assert len(snapshots.all()) == 1


def _assess(state: AppState) -> Callable[[Session, uuid.UUID], None]:
    def on_parsed(session: Session, vendor_id: uuid.UUID) -> None:
        assessment_service.on_document_parsed(
            session,
            vendor_id=vendor_id,
            registry=state.registry_store.current(),
            model=state.risk_model,
        )

    return on_parsed


def test_a_document_that_keeps_crashing_the_parser_gives_up(client: TestClient, auth: Auth) -> None:
    vid = _vendor(client, auth)
    doc_id = _upload(client, auth, vid, make_pdf("poison"))
    state = _state(client)
    with state.sessions.begin() as session:
        session.execute(update(Document).where(Document.id == doc_id).values(attempts=MAX_ATTEMPTS))
    _drain(client)
    with state.sessions() as session:
        doc = session.scalars(select(Document).where(Document.id == doc_id)).one()
        assert (doc.status, doc.error_reason) == ("failed", "attempts_exhausted")
        assert session.scalars(select(Assessment)).first() is not None


def test_a_heartbeat_keeps_a_long_parse_from_being_taken_over(
    client: TestClient, auth: Auth
) -> None:
    vid = _vendor(client, auth)
    _upload(client, auth, vid, make_pdf("slow"))
    state = _state(client)
    lease = timedelta(seconds=0.6)
    with state.sessions.begin() as session:
        claim = claim_next(session, now=datetime.now(UTC), lease=lease, owner="A")
    assert claim is not None
    with Heartbeat(state.sessions, claim, lease):
        time.sleep(1.5)  # well past the first lease: only the heartbeat keeps it
        with state.sessions.begin() as session:
            assert claim_next(session, now=datetime.now(UTC), lease=lease, owner="B") is None
    time.sleep(0.8)  # the heartbeat stopped (the worker died): the lease runs out
    with state.sessions.begin() as session:
        taken = claim_next(session, now=datetime.now(UTC), lease=lease, owner="B")
    assert taken is not None and taken.attempt == claim.attempt + 1
