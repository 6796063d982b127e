"""Document routes (CONTRACT.md §7): upload, list, read (status, kind, facts, evidence), download."""

import uuid
from collections.abc import Iterator
from typing import Annotated, BinaryIO

from fastapi import (
    APIRouter,
    BackgroundTasks,
    Depends,
    File,
    Form,
    Request,
    Response,
    UploadFile,
    status,
)
from fastapi.responses import FileResponse

from app.core import DocumentKind
from app.documents import reads as document_reads
from app.documents import service as document_service
from app.documents.schemas import DocumentRead
from app.platform.auth import Principal, Role, require
from app.platform.db import SessionDep, SessionsDep, read_only_connection, read_only_session
from app.platform.deps import SettingsDep
from app.platform.errors import DocumentNotFound
from app.platform.hotreads import HotRead
from app.platform.openapi import problem_responses
from app.platform.state import get_state

router = APIRouter(tags=["documents"])

Uploader = Annotated[Principal, Depends(require(Role.procurement))]
Reader = Annotated[Principal, Depends(require(Role.procurement, Role.reviewer))]


def _chunks(fh: BinaryIO, size: int = 1024 * 1024) -> Iterator[bytes]:
    while chunk := fh.read(size):
        yield chunk


@router.post(
    "/vendors/{vendor_id}/documents",
    response_model=DocumentRead,
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {
            "description": "Identical file already uploaded for this vendor",
            "model": DocumentRead,
        },
        **problem_responses(401, 403, 404, 413, 415, 422),
    },
)
def upload_document(
    vendor_id: uuid.UUID,
    request: Request,
    response: Response,
    background: BackgroundTasks,
    session: SessionDep,
    settings: SettingsDep,
    principal: Uploader,
    file: Annotated[UploadFile, File(description="The PDF")],
    kind: Annotated[
        DocumentKind | None, Form(description="Declared kind (checked against the content)")
    ] = None,
) -> object:
    document, created = document_service.upload_document(
        session,
        vendor_id=vendor_id,
        chunks=_chunks(file.file),
        filename=file.filename,
        declared_kind=kind,
        store=get_state(request).blobs,
        max_bytes=settings.max_upload_bytes,
        actor=principal,
    )
    if document.status == "received":  # new, or a deleted copy restored: parse it
        # After the response, i.e. after the request's transaction has committed the row.
        background.add_task(get_state(request).jobs.document_received, document.id)
    if not created:
        response.status_code = status.HTTP_200_OK
    return document


@router.get(
    "/vendors/{vendor_id}/documents",
    response_model=list[DocumentRead],
    responses=problem_responses(401, 403, 404),
)
def list_documents(
    vendor_id: uuid.UUID, sessions: SessionsDep, _: Reader, include_deleted: bool = False
) -> object:
    with read_only_session(sessions) as session:
        return document_service.list_documents(
            session, vendor_id=vendor_id, include_deleted=include_deleted
        )


@router.get(
    "/documents/{document_id}",
    response_model=DocumentRead,
    responses=problem_responses(401, 403, 404),
)
def get_document(document_id: uuid.UUID, sessions: SessionsDep, _: Reader) -> Response:
    # Written straight from the row (documents/reads.py): no ORM object, no re-validation.
    with read_only_connection(sessions) as connection:
        body = document_reads.document_json(connection, document_id=document_id)
    if body is None:
        raise DocumentNotFound(f"No document with id {document_id}")
    return Response(body, media_type="application/json")


HOT_READ = HotRead(router, get_document, document_reads.hot_document)


@router.get(
    "/documents/{document_id}/file",
    response_class=FileResponse,
    responses={200: {"content": {"application/pdf": {}}}, **problem_responses(401, 403, 404)},
)
def download_document(
    document_id: uuid.UUID, request: Request, sessions: SessionsDep, _: Reader
) -> FileResponse:
    with read_only_session(sessions) as session:
        document, path = document_service.document_file(
            session, document_id=document_id, store=get_state(request).blobs
        )
    return FileResponse(
        path,
        media_type="application/pdf",
        filename=document.filename,
        headers={"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "sandbox"},
    )


@router.delete(
    "/documents/{document_id}",
    response_model=DocumentRead,
    responses=problem_responses(401, 403, 404),
)
def delete_document(document_id: uuid.UUID, session: SessionDep, principal: Uploader) -> object:
    return document_service.delete_document(session, document_id=document_id, actor=principal)


@router.post(
    "/documents/{document_id}/reparse",
    response_model=DocumentRead,
    responses=problem_responses(401, 403, 404),
)
def reparse_document(
    document_id: uuid.UUID,
    request: Request,
    background: BackgroundTasks,
    session: SessionDep,
    principal: Uploader,
) -> object:
    document = document_service.requeue_document(session, document_id=document_id, actor=principal)
    background.add_task(get_state(request).jobs.document_received, document.id)
    return document
