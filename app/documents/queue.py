"""The durable parse queue: documents wait in the database, not in memory.

A document is `received` until a worker claims it (`parsing`, with an attempt number and a
lease), then `parsed` or `failed`. The claim is a conditional update, so several workers
(threads, `assay worker` processes, replicas) never take the same document. While a worker
parses, a heartbeat renews its lease every few seconds; a worker that dies stops renewing,
and another takes the document over as soon as the lease ran out (seconds, not minutes).
The outcome is recorded only if the claim is still the worker's (same attempt number, still
`parsing`), so a document is recorded exactly once even if a presumed-dead worker wakes up.
A document whose worker keeps dying while it holds it gives up after `MAX_ATTEMPTS` claims.
The parse itself runs in an isolated child (its crashes and limits are recorded as the
document's outcome), so a lost claim almost always means the worker process was killed for
reasons of its own (deploys, OOM kills, restarts); the limit is generous and only stops a
crash loop.
"""

import os
import socket
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import structlog
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.adapters.blobs import BlobStore
from app.adapters.pdf.isolation import ParseLimits, ParseOutcome, ParsePool
from app.core import EXTRACTOR_VERSION, DocumentKind
from app.documents.parsed import store_parsed
from app.platform.db import write_transaction
from app.platform.models import Document
from app.platform.settings import Settings

log = structlog.get_logger(__name__)

MAX_ATTEMPTS = 10
OnParsed = Callable[[Session, uuid.UUID], None]
OnCommitted = Callable[[], None]


def worker_id() -> str:
    """Who holds a claim: host, process and thread, for operators reading the table."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_native_id()}"[:120]


def _claimable(now: datetime) -> object:
    return Document.deleted_at.is_(None) & or_(
        Document.status == "received",
        (Document.status == "parsing")
        & or_(Document.lease_expires_at < now, Document.lease_expires_at.is_(None)),
    )


@dataclass(frozen=True)
class Claim:
    """A document this worker holds: the fencing token is the attempt number."""

    document_id: uuid.UUID
    vendor_id: uuid.UUID
    sha256: str
    attempt: int
    declared_kind: DocumentKind | None


def claim_next(
    session: Session,
    *,
    now: datetime,
    lease: timedelta,
    owner: str,
    document_id: uuid.UUID | None = None,
) -> Claim | None:
    """Claim the oldest waiting (or abandoned) document for parsing, or None; with
    `document_id`, that document if it waits (a queue engine's job names it)."""
    if document_id is not None:
        candidates: Sequence[uuid.UUID] = [document_id]
    else:
        candidates = session.scalars(
            select(Document.id)
            .where(_claimable(now))  # type: ignore[arg-type]
            .order_by(Document.uploaded_at)
            .limit(5)
        ).all()
    for doc_id in candidates:
        claimed = session.execute(
            update(Document)
            .where(Document.id == doc_id, _claimable(now))  # type: ignore[arg-type]
            .values(
                status="parsing",
                parse_started_at=now,
                lease_expires_at=now + lease,
                claimed_by=owner,
                attempts=Document.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            doc = session.get(Document, doc_id, populate_existing=True)
            assert doc is not None
            declared = DocumentKind(doc.declared_kind) if doc.declared_kind else None
            return Claim(doc.id, doc.vendor_id, doc.sha256, doc.attempts, declared)
    return None


class Heartbeat:
    """Renews a claim's lease every `lease / 3` while the parse runs (a thread)."""

    def __init__(self, sessions: sessionmaker[Session], claim: Claim, lease: timedelta) -> None:
        self._sessions, self._claim, self._lease = sessions, claim, lease
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="parse-heartbeat", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.wait(self._lease.total_seconds() / 3):
            try:
                with self._sessions.begin() as session:
                    session.execute(
                        update(Document)
                        .where(
                            Document.id == self._claim.document_id,
                            Document.attempts == self._claim.attempt,
                            Document.status == "parsing",
                        )
                        .values(lease_expires_at=datetime.now(UTC) + self._lease)
                        .execution_options(synchronize_session=False)
                    )
            except Exception:  # a missed beat only shortens the lease
                log.warning("parse_heartbeat_failed", document_id=str(self._claim.document_id))


def parse_limits(settings: Settings) -> ParseLimits:
    return ParseLimits(
        timeout_seconds=settings.parse_timeout_seconds,
        memory_mb=settings.parse_memory_mb,
        max_pages=settings.parse_max_pages,
        ocr=settings.ocr_enabled,
    )


def _parse(claim: Claim, *, store: BlobStore, pool: ParsePool) -> ParseOutcome:
    if claim.attempt > MAX_ATTEMPTS:
        return ParseOutcome(
            parsed=None,
            error=f"Parsing was interrupted {MAX_ATTEMPTS} times; giving up (re-parse to try again)",
            reason="attempts_exhausted",
        )
    try:
        data = store.read(claim.sha256)
    except FileNotFoundError:
        return ParseOutcome(parsed=None, error="the stored file is missing", reason="not_found")
    return pool.parse_bytes(data, declared_kind=claim.declared_kind)


def parse_one(
    sessions: sessionmaker[Session],
    *,
    store: BlobStore,
    pool: ParsePool,
    lease: timedelta,
    on_parsed: OnParsed | None = None,
    on_committed: OnCommitted | None = None,
    document_id: uuid.UUID | None = None,
) -> uuid.UUID | None:
    """Claim and parse one document (the oldest waiting, or `document_id` if it waits),
    store the outcome (and, through `on_parsed`, the vendor's new assessment) in one
    transaction; then call `on_committed` (wake-ups). Returns the document id, or None when
    nothing was claimed."""
    with write_transaction(sessions) as session:
        claim = claim_next(
            session,
            now=datetime.now(UTC),
            lease=lease,
            owner=worker_id(),
            document_id=document_id,
        )
    if claim is None:
        return None
    log.info("parse_started", document_id=str(claim.document_id), attempt=claim.attempt)
    with Heartbeat(sessions, claim, lease):
        outcome = _parse(claim, store=store, pool=pool)
    recorded = record_claim(sessions, claim, outcome, on_parsed=on_parsed)
    log.info(
        "parse_finished" if recorded else "parse_superseded",
        document_id=str(claim.document_id),
        reason=outcome.reason,
    )
    if recorded and on_committed is not None:
        on_committed()
    return claim.document_id


def record_claim(
    sessions: sessionmaker[Session],
    claim: Claim,
    outcome: ParseOutcome,
    *,
    on_parsed: OnParsed | None = None,
) -> bool:
    """Record the outcome if the claim is still this worker's (same attempt, still
    `parsing`); False when another worker took the document over meanwhile."""
    with sessions.begin() as session:
        # The fence first: a write that takes the lock (SQLite) and checks the claim is ours.
        fence = session.execute(
            update(Document)
            .where(
                Document.id == claim.document_id,
                Document.attempts == claim.attempt,
                Document.status == "parsing",
            )
            .values(lease_expires_at=None)
            .execution_options(synchronize_session=False)
        )
        if fence.rowcount != 1:  # type: ignore[attr-defined]
            return False
        document = session.get(Document, claim.document_id, populate_existing=True)
        assert document is not None
        record_outcome(document, outcome)
        if on_parsed is not None:
            on_parsed(session, claim.vendor_id)
    return True


def record_outcome(document: Document, outcome: ParseOutcome) -> None:
    """Copy a parse outcome onto the document row."""
    parsed = outcome.parsed
    document.parsed_at = datetime.now(UTC)
    document.extractor_version = EXTRACTOR_VERSION
    document.lease_expires_at = None
    if parsed is None:
        document.status = "failed"
        document.error = outcome.error or "Parsing failed"
        document.error_reason = outcome.reason
        return
    document.status = "parsed"
    store_parsed(document, parsed)
    document.error, document.error_reason = None, None


def requeue_outdated(session: Session) -> int:
    """Send documents an older extractor version produced back to the parse queue (a
    re-check never parses inline). Returns how many were queued."""
    # Found through the extractor-version index (two ranges rather than `!=`), so the
    # answer "none" costs no scan of the large documents table.
    outdated = select(Document.id).where(
        or_(
            Document.extractor_version.is_(None),
            Document.extractor_version < EXTRACTOR_VERSION,
            Document.extractor_version > EXTRACTOR_VERSION,
        )
    )
    ids = list(session.scalars(outdated))
    queued = 0
    for start in range(0, len(ids), 500):  # bounded IN lists (SQLite's parameter limit)
        result = session.execute(
            update(Document)
            .where(
                Document.id.in_(ids[start : start + 500]),
                Document.deleted_at.is_(None),
                Document.status.in_(("parsed", "failed")),
            )
            .values(status="received", attempts=0)
            .execution_options(synchronize_session=False)
        )
        queued += int(result.rowcount)  # type: ignore[attr-defined]
    return queued
