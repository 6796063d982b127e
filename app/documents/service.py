"""Document use cases: upload (streamed, content-addressed, deduplicated), read, delete."""

import re
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.adapters.blobs import BlobStore, BlobTooLarge, NotAPdf
from app.audit import service as audit_service
from app.core import DocumentKind
from app.platform.auth import Principal
from app.platform.errors import DocumentNotFound, PayloadTooLarge, UnsupportedMediaType
from app.platform.models import Document
from app.vendors import service as vendor_service

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ ()+-]+")


def clean_filename(name: str | None) -> str:
    """A display name only (never a path): last path segment, odd characters replaced."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _SAFE_NAME.sub("_", base).strip(" .")[:200]
    return cleaned or "document.pdf"


def upload_document(
    session: Session,
    *,
    vendor_id: uuid.UUID,
    chunks: Iterable[bytes],
    filename: str | None,
    declared_kind: DocumentKind | None,
    store: BlobStore,
    max_bytes: int,
    actor: Principal,
) -> tuple[Document, bool]:
    """Store the upload and record it; returns (document, created). Identical bytes already
    uploaded for this vendor return the existing document (created=False).

    The bytes are stored (fsynced) before the first query, so the database write lock is
    never held while a file is copied; a blob whose row never commits (unknown vendor, crash)
    is an orphan that `app.documents.orphans` collects."""
    try:
        blob = store.put_pdf(chunks, max_bytes=max_bytes)
    except BlobTooLarge as exc:
        raise PayloadTooLarge(str(exc), max_bytes=max_bytes) from exc
    except NotAPdf as exc:
        raise UnsupportedMediaType(str(exc)) from exc
    vendor = vendor_service.get_vendor(session, vendor_id=vendor_id)
    existing = session.scalar(
        select(Document).where(Document.vendor_id == vendor.id, Document.sha256 == blob.sha256)
    )
    if existing is not None:
        if existing.deleted_at is not None:
            existing.deleted_at = None
            _requeue(existing)
            audit_service.record(
                session,
                actor=actor,
                action="document.restored",
                object_type="document",
                object_id=existing.id,
                detail={"sha256": blob.sha256},
            )
        return existing, False
    document = Document(
        vendor_id=vendor.id,
        filename=clean_filename(filename),
        size=blob.size,
        sha256=blob.sha256,
        declared_kind=declared_kind.value if declared_kind else None,
        status="received",
        uploaded_by=actor.subject,
        uploaded_at=datetime.now(UTC),
        warnings=[],
        attempts=0,
        ocr=False,
    )
    session.add(document)
    session.flush()
    audit_service.record(
        session,
        actor=actor,
        action="document.uploaded",
        object_type="document",
        object_id=document.id,
        detail={
            "vendor_id": str(vendor.id),
            "filename": document.filename,
            "size": blob.size,
            "sha256": blob.sha256,
        },
    )
    return document, True


def _requeue(document: Document) -> None:
    document.status, document.attempts, document.error, document.error_reason = (
        "received",
        0,
        None,
        None,
    )


def get_document(session: Session, *, document_id: uuid.UUID) -> Document:
    document = session.get(Document, document_id)
    if document is None:
        raise DocumentNotFound(f"No document with id {document_id}")
    return document


def list_documents(
    session: Session, *, vendor_id: uuid.UUID, include_deleted: bool = False
) -> Sequence[Document]:
    vendor_service.get_vendor(session, vendor_id=vendor_id)
    query = select(Document).where(Document.vendor_id == vendor_id)
    if not include_deleted:
        query = query.where(Document.deleted_at.is_(None))
    return session.scalars(query.order_by(Document.uploaded_at, Document.id)).all()


def document_file(
    session: Session, *, document_id: uuid.UUID, store: BlobStore
) -> tuple[Document, Path]:
    document = get_document(session, document_id=document_id)
    try:
        return document, store.open(document.sha256)
    except FileNotFoundError as exc:
        raise DocumentNotFound(f"The stored file of document {document_id} is missing") from exc


def delete_document(session: Session, *, document_id: uuid.UUID, actor: Principal) -> Document:
    """Soft-delete: the document leaves assessments; the bytes and row are kept."""
    document = get_document(session, document_id=document_id)
    if document.deleted_at is None:
        document.deleted_at = datetime.now(UTC)
        audit_service.record(
            session,
            actor=actor,
            action="document.deleted",
            object_type="document",
            object_id=document.id,
            detail={"vendor_id": str(document.vendor_id)},
        )
    return document


def requeue_document(session: Session, *, document_id: uuid.UUID, actor: Principal) -> Document:
    """Parse the document again (e.g. after an extractor upgrade or OCR install)."""
    document = get_document(session, document_id=document_id)
    _requeue(document)
    audit_service.record(
        session,
        actor=actor,
        action="document.reparse_requested",
        object_type="document",
        object_id=document.id,
    )
    return document
