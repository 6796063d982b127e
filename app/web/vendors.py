"""Vendor pages: the list (search, filters, sort, create), the vendor page (profile, upload,
score and why, findings with evidence, documents, history, questions, preview as of a date)."""

import uuid
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Depends, File, Query, Request, Response, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from sqlalchemy.orm import Session

from app.assessments import service as assessment_service
from app.core import DocumentKind
from app.documents import service as document_service
from app.evidence import service as evidence_service
from app.evidence.router import PageNumber, QuoteParam
from app.evidence.service import ImageSize
from app.platform.db import SessionDep
from app.platform.deps import RegistryDep, RiskModelDep
from app.platform.errors import AppError
from app.platform.state import get_state
from app.vendors import service as vendor_service
from app.vendors.schemas import VendorCreate, VendorUpdate
from app.web import forms, views
from app.web.forms import ProfileForm
from app.web.routing import WebRoute, WebUser, action, page, redirect, render, today, wants_json
from app.web.sessions import flash

router = APIRouter(route_class=WebRoute, include_in_schema=False)

V = "/api/v1/vendors"
VID = "/api/v1/vendors/{vendor_id}"
DOC = "/api/v1/documents/{document_id}"
ListVendors = Annotated[WebUser, Depends(page("GET", V))]
CreateVendor = Annotated[WebUser, Depends(action("POST", V))]
ReadVendor = Annotated[WebUser, Depends(page("GET", VID))]
UpdateVendor = Annotated[WebUser, Depends(action("PATCH", VID))]
ArchiveVendor = Annotated[WebUser, Depends(action("DELETE", VID))]
Upload = Annotated[WebUser, Depends(action("POST", f"{VID}/documents"))]
ListDocuments = Annotated[WebUser, Depends(page("GET", f"{VID}/documents"))]
RunAssessment = Annotated[WebUser, Depends(action("POST", f"{VID}/assessments"))]
Questions = Annotated[WebUser, Depends(page("GET", f"{VID}/questions"))]
ReadFile = Annotated[WebUser, Depends(page("GET", f"{DOC}/file"))]
Reparse = Annotated[WebUser, Depends(action("POST", f"{DOC}/reparse"))]
DeleteDocument = Annotated[WebUser, Depends(action("DELETE", DOC))]
PageImage = Annotated[WebUser, Depends(page("GET", f"{DOC}/pages/{{page}}/image"))]
PAGE_SIZE = 50


@router.get("/", response_class=HTMLResponse)
def vendor_list(
    request: Request,
    db: SessionDep,
    user: ListVendors,
    q: Annotated[str, Query(max_length=200)] = "",
    tier: Annotated[str, Query(pattern="^(|low|medium|high|critical)$")] = "",
    criticality: Annotated[str, Query(pattern="^(|low|medium|high|critical)$")] = "",
    archived: bool = False,
    sort: Annotated[str, Query(pattern="^(name|score|tier|assessed|criticality)$")] = "tier",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    rows, total = views.vendor_rows(
        db, q=q or None, tier=tier or None, criticality=criticality or None,
        include_archived=archived, sort=sort, limit=PAGE_SIZE, offset=offset,
    )  # fmt: skip
    filters = {"q": q, "tier": tier, "criticality": criticality, "archived": archived, "sort": sort}
    return render(
        request, "vendors.html", user, rows=rows, total=total, offset=offset,
        page_size=PAGE_SIZE, filters=filters, tiers=views.TIERS, sorts=views.SORTS,
        criticalities=forms.CRITICALITIES, frameworks=forms.FRAMEWORKS,
        data_categories=forms.DATA_CATEGORIES,
    )  # fmt: skip


@router.post("/vendors")
def create_vendor(
    db: SessionDep, user: CreateVendor, form: Annotated[ProfileForm, Depends(forms.profile_form)]
) -> Response:
    data, problem = forms.parse_as(VendorCreate, form.to_api())
    if problem:
        flash(user.row, f"The vendor was not created. {problem}", "error")
        return redirect("/#new-vendor")
    vendor = vendor_service.create_vendor(db, data=data, actor=user.principal)
    flash(user.row, f"{vendor.name} was created. Upload its documents below.", "success")
    return redirect(f"/vendors/{vendor.id}")


@router.get("/vendors/{vendor_id}", response_class=HTMLResponse)
def vendor_detail(
    vendor_id: uuid.UUID,
    request: Request,
    db: SessionDep,
    user: ReadVendor,
    registry: RegistryDep,
    model: RiskModelDep,
    as_of: date | None = None,
) -> Response:
    vendor = vendor_service.get_vendor(db, vendor_id=vendor_id)
    view = views.vendor_page(
        db, vendor=vendor, as_of=as_of, today=today(), registry=registry, model=model,
        with_coverage=user.can("GET", f"{VID}/coverage"),
    )  # fmt: skip
    return render(
        request, "vendor.html", user, v=view, vendor=vendor, today=today(),
        severities=views.SEVERITIES, criticalities=forms.CRITICALITIES,
        frameworks=forms.FRAMEWORKS, data_categories=forms.DATA_CATEGORIES,
        fact_views=views.fact_views,
    )  # fmt: skip


@router.post("/vendors/{vendor_id}/profile")
def update_vendor(
    vendor_id: uuid.UUID,
    db: SessionDep,
    user: UpdateVendor,
    form: Annotated[ProfileForm, Depends(forms.profile_form)],
) -> Response:
    data, problem = forms.parse_as(VendorUpdate, form.to_api())
    if problem:
        flash(user.row, f"The profile was not saved. {problem}", "error")
    else:
        vendor_service.update_vendor(db, vendor_id=vendor_id, data=data, actor=user.principal)
        flash(user.row, "Profile saved. The next assessment uses it.", "success")
    return redirect(f"/vendors/{vendor_id}#profile")


@router.post("/vendors/{vendor_id}/archive")
def archive_vendor(vendor_id: uuid.UUID, db: SessionDep, user: ArchiveVendor) -> Response:
    vendor = vendor_service.archive_vendor(db, vendor_id=vendor_id, actor=user.principal)
    flash(user.row, f"{vendor.name} was archived (its documents are kept).", "success")
    return redirect("/")


def _store_upload(
    db: Session, request: Request, user: WebUser, vendor_id: uuid.UUID, file: UploadFile,
    kind: DocumentKind | None,
) -> dict[str, Any]:  # fmt: skip
    """One file through the API's upload service, in a savepoint of its own."""
    try:
        with db.begin_nested():
            document, created = document_service.upload_document(
                db, vendor_id=vendor_id, chunks=iter(lambda: file.file.read(1 << 20), b""),
                filename=file.filename, declared_kind=kind, store=get_state(request).blobs,
                max_bytes=get_state(request).settings.max_upload_bytes, actor=user.principal,
            )  # fmt: skip
    except AppError as exc:  # one bad file does not stop the others
        return {"filename": file.filename, "error": exc.detail, "title": exc.title}
    return {
        "id": str(document.id), "filename": document.filename, "status": document.status,
        "created": created,
    }  # fmt: skip


@router.post("/vendors/{vendor_id}/documents")
def upload_documents(
    vendor_id: uuid.UUID,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    user: Upload,
    file: Annotated[list[UploadFile], File()],
    kind: Annotated[DocumentKind | None, Query()] = None,
) -> Response:
    vendor_service.get_vendor(db, vendor_id=vendor_id)
    results = [_store_upload(db, request, user, vendor_id, f, kind) for f in file]
    received = [uuid.UUID(str(r["id"])) for r in results if r.get("status") == "received"]
    if received:
        background.add_task(get_state(request).jobs.document_received, *received)
    if wants_json(request):
        failed = [r for r in results if "error" in r]
        status = 201 if not failed else (207 if len(failed) < len(results) else 422)
        return JSONResponse({"documents": results}, status_code=status)
    for r in results:
        if "error" in r:
            flash(user.row, f"{r['filename']}: {r['error']}", "error")
    stored = sum("id" in r for r in results)
    if stored:
        flash(user.row, f"{stored} file(s) received; parsing has started.", "success")
    return redirect(f"/vendors/{vendor_id}#documents")


@router.get("/vendors/{vendor_id}/status")
def vendor_status(vendor_id: uuid.UUID, db: SessionDep, _: ListDocuments) -> Response:
    """What the page polls while documents parse: each document's status, and the latest
    assessment (the page refreshes its findings when that changes)."""
    vendor = vendor_service.get_vendor(db, vendor_id=vendor_id)
    documents = document_service.list_documents(db, vendor_id=vendor_id)
    latest = assessment_service.latest(db, vendor_id=vendor_id)
    return JSONResponse(
        {
            "documents": [
                {"id": str(d.id), "filename": d.filename, "status": d.status, "kind": d.kind,
                 "error": d.error}
                for d in documents
            ],
            "assessment_id": str(latest.id) if latest else None,
            "score": vendor.current_score,
            "tier": vendor.current_tier,
        }
    )  # fmt: skip


@router.get("/vendors/{vendor_id}/questions.{fmt}")
def download_questions(
    vendor_id: uuid.UUID,
    fmt: Literal["csv", "md"],
    db: SessionDep,
    _: Questions,
    registry: RegistryDep,
    model: RiskModelDep,
) -> Response:
    body, media_type = assessment_service.questions(
        db, vendor_id=vendor_id, registry=registry, model=model, as_of=today(),
        format="csv" if fmt == "csv" else "markdown",
    )  # fmt: skip
    name = f"assay-questions-{vendor_id}.{fmt}"
    return Response(
        body, media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )  # fmt: skip


@router.post("/vendors/{vendor_id}/assess")
def run_assessment(
    vendor_id: uuid.UUID,
    db: SessionDep,
    user: RunAssessment,
    registry: RegistryDep,
    model: RiskModelDep,
) -> Response:
    snapshot = assessment_service.run_on_demand(
        db, vendor_id=vendor_id, as_of=today(), registry=registry, model=model,
        actor=user.principal,
    )  # fmt: skip
    flash(
        user.row, f"Assessed as of {snapshot.as_of}: score {snapshot.score}, tier {snapshot.tier}."
    )
    return redirect(f"/vendors/{vendor_id}")


@router.post("/documents/{document_id}/reparse")
def reparse_document(
    document_id: uuid.UUID,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    user: Reparse,
) -> Response:
    document = document_service.requeue_document(db, document_id=document_id, actor=user.principal)
    background.add_task(get_state(request).jobs.document_received, document.id)
    flash(user.row, f"{document.filename} will be parsed again.")
    return redirect(f"/vendors/{document.vendor_id}#documents")


@router.post("/documents/{document_id}/delete")
def delete_document(document_id: uuid.UUID, db: SessionDep, user: DeleteDocument) -> Response:
    document = document_service.delete_document(db, document_id=document_id, actor=user.principal)
    flash(user.row, f"{document.filename} was removed from the assessment (the file is kept).")
    return redirect(f"/vendors/{document.vendor_id}#documents")


@router.get("/documents/{document_id}/file")
def download_document(
    document_id: uuid.UUID, request: Request, db: SessionDep, _: ReadFile
) -> Response:
    document, path = document_service.document_file(
        db, document_id=document_id, store=get_state(request).blobs
    )
    return FileResponse(
        path, media_type="application/pdf", filename=document.filename,
        headers={"Content-Security-Policy": "sandbox"},
    )  # fmt: skip


@router.get("/documents/{document_id}/pages/{page}/image")
def page_image(
    document_id: uuid.UUID,
    page: PageNumber,
    request: Request,
    db: SessionDep,
    _: PageImage,
    quote: QuoteParam = None,
    size: ImageSize = ImageSize.normal,
) -> Response:
    image = evidence_service.page_image(
        db, document_id=document_id, page=page, quote=quote, size=size,
        renderer=evidence_service.renderer_for(get_state(request)),
    )  # fmt: skip
    response = FileResponse(
        image.path, media_type="image/png", headers=evidence_service.image_headers(image)
    )
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
