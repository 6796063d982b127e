"""The durable parse queue: documents wait in the database, not in memory.

A document is `received` until a worker claims it (`parsing`, with a start time and an
attempt count), then `parsed` or `failed`. A crash or restart leaves at worst a `parsing` row
whose start time is older than the stale limit; the next claim picks it up again, so no
uploaded document is lost. Claims are conditional updates, so several workers (threads or
replicas) never parse the same document at once.
"""

import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import structlog
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from app.adapters.blobs import BlobStore
from app.adapters.pdf import isolation as parse_worker
from app.adapters.pdf.isolation import ParseLimits, ParseOutcome
from app.core import EXTRACTOR_VERSION, DocumentKind
from app.documents.parsed import store_parsed
from app.platform.models import Document
from app.platform.settings import Settings

log = structlog.get_logger(__name__)

MAX_ATTEMPTS = 3
OnParsed = Callable[[Session, uuid.UUID], None]


def stale_after(settings: Settings) -> timedelta:
    return timedelta(seconds=settings.parse_timeout_seconds * 2 + 30)


def claim_next(session: Session, *, now: datetime, stale: timedelta) -> Document | None:
    """Claim the oldest waiting (or abandoned) document for parsing, or None."""
    candidates = session.scalars(
        select(Document.id)
        .where(
            Document.deleted_at.is_(None),
            or_(
                Document.status == "received",
                (Document.status == "parsing") & (Document.parse_started_at < now - stale),
            ),
        )
        .order_by(Document.uploaded_at)
        .limit(5)
    ).all()
    for doc_id in candidates:
        claimed = session.execute(
            update(Document)
            .where(
                Document.id == doc_id,
                or_(
                    Document.status == "received",
                    (Document.status == "parsing") & (Document.parse_started_at < now - stale),
                ),
            )
            .values(status="parsing", parse_started_at=now, attempts=Document.attempts + 1)
        )
        if claimed.rowcount == 1:  # type: ignore[attr-defined]
            return session.get(Document, doc_id, populate_existing=True)
    return None


def parse_one(
    sessions: sessionmaker[Session],
    *,
    store: BlobStore,
    settings: Settings,
    on_parsed: OnParsed | None = None,
) -> uuid.UUID | None:
    """Claim and parse one document, store the outcome; returns its id, or None if idle."""
    with sessions.begin() as session:
        document = claim_next(session, now=datetime.now(UTC), stale=stale_after(settings))
        if document is None:
            return None
        doc_id, sha, attempts = document.id, document.sha256, document.attempts
        declared = DocumentKind(document.declared_kind) if document.declared_kind else None
    log.info("parse_started", document_id=str(doc_id), attempt=attempts)
    if attempts > MAX_ATTEMPTS:
        outcome = ParseOutcome(
            parsed=None,
            error=f"Parsing was interrupted {MAX_ATTEMPTS} times; giving up",
            reason="attempts_exhausted",
        )
    else:
        outcome = parse_worker.parse_file_isolated(
            store.open(sha), declared_kind=declared, limits=parse_limits(settings)
        )
    with sessions.begin() as session:
        document = session.get(Document, doc_id)
        assert document is not None
        record_outcome(document, outcome)
        if on_parsed is not None:
            on_parsed(session, document.vendor_id)
    log.info(
        "parse_finished", document_id=str(doc_id), status=document.status, reason=outcome.reason
    )
    return doc_id


def parse_limits(settings: Settings) -> ParseLimits:
    return ParseLimits(
        timeout_seconds=settings.parse_timeout_seconds,
        memory_mb=settings.parse_memory_mb,
        max_pages=settings.parse_max_pages,
        ocr=settings.ocr_enabled,
    )


def record_outcome(document: Document, outcome: ParseOutcome) -> None:
    """Copy a parse outcome onto the document row."""
    parsed = outcome.parsed
    document.parsed_at = datetime.now(UTC)
    document.extractor_version = EXTRACTOR_VERSION
    if parsed is None:
        document.status = "failed"
        document.error = outcome.error or "Parsing failed"
        document.error_reason = outcome.reason
        return
    document.status = "parsed"
    store_parsed(document, parsed)
    document.error, document.error_reason = None, None


def reparse_now(
    session: Session, document: Document, *, store: BlobStore, settings: Settings
) -> None:
    """Parse a stored document again, synchronously (re-checks after an extractor upgrade)."""
    declared = DocumentKind(document.declared_kind) if document.declared_kind else None
    outcome = parse_worker.parse_file_isolated(
        store.open(document.sha256), declared_kind=declared, limits=parse_limits(settings)
    )
    record_outcome(document, outcome)


class ParseQueueWorker:
    """Background threads draining the parse queue; woken on upload, polling as a fallback."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        store: BlobStore,
        settings: Settings,
        on_parsed: OnParsed | None = None,
        poll_seconds: float = 5.0,
    ) -> None:
        self._sessions, self._store, self._settings = sessions, store, settings
        self._on_parsed, self._poll = on_parsed, poll_seconds
        self._wake, self._stop = threading.Event(), threading.Event()
        self._threads: list[threading.Thread] = []

    def wakeup(self) -> None:
        self._wake.set()

    def start(self) -> None:
        for i in range(max(1, self._settings.parse_workers)):
            thread = threading.Thread(target=self._run, name=f"parse-worker-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                worked = parse_one(
                    self._sessions,
                    store=self._store,
                    settings=self._settings,
                    on_parsed=self._on_parsed,
                )
            except Exception:
                log.exception("parse_queue_error")
                worked = None
            if worked is None:
                self._wake.wait(self._poll)
                self._wake.clear()
