"""Admin pages: re-check runs, webhook subscriptions and deliveries, the accreditation data
and look-up, the audit log. Each page and action admits the roles its API route admits."""

import secrets
import uuid
from datetime import date
from typing import Annotated

import structlog
from fastapi import APIRouter, BackgroundTasks, Depends, File, Form, Query, Request, Response
from fastapi.responses import HTMLResponse

from app.accreditation import service as accreditation_service
from app.accreditation.errors import ImportFailed
from app.adapters.reference import importer
from app.audit import service as audit_service
from app.platform.db import SessionDep
from app.platform.deps import RegistryDep
from app.platform.errors import AppError
from app.platform.state import get_state
from app.rechecks import service as recheck_service
from app.rechecks.runner import run_after_import
from app.web import forms
from app.web.routing import WebRoute, WebUser, action, page, redirect, render, today
from app.web.sessions import flash
from app.webhooks import service as webhook_service
from app.webhooks.schemas import EventType, WebhookCreate

log = structlog.get_logger(__name__)
router = APIRouter(prefix="/admin", route_class=WebRoute, include_in_schema=False)

RC, WH, WHID = "/api/v1/rechecks", "/api/v1/webhooks", "/api/v1/webhooks/{webhook_id}"
ListRuns = Annotated[WebUser, Depends(page("GET", RC))]
StartRun = Annotated[WebUser, Depends(action("POST", RC))]
ListHooks = Annotated[WebUser, Depends(page("GET", WH))]
CreateHook = Annotated[WebUser, Depends(action("POST", WH))]
ReadDeliveries = Annotated[WebUser, Depends(page("GET", f"{WHID}/deliveries"))]
TestHook = Annotated[WebUser, Depends(action("POST", f"{WHID}/test"))]
DeleteHook = Annotated[WebUser, Depends(action("DELETE", WHID))]
Lookup = Annotated[WebUser, Depends(page("GET", "/api/v1/accreditation/lookup"))]
ImportData = Annotated[WebUser, Depends(action("POST", "/api/v1/accreditation/import"))]
ReadAudit = Annotated[WebUser, Depends(page("GET", "/api/v1/audit"))]


@router.get("/rechecks", response_class=HTMLResponse)
def recheck_runs(request: Request, db: SessionDep, user: ListRuns) -> Response:
    runs, total = recheck_service.list_runs(db, limit=25, offset=0)
    running = any(r.status in recheck_service.ACTIVE for r in runs)
    return render(
        request, "admin/rechecks.html", user, runs=runs, total=total, running=running,
        today=today(),
    )  # fmt: skip


@router.post("/rechecks")
def start_recheck(
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    user: StartRun,
    as_of: Annotated[date | None, Form()] = None,
) -> Response:
    day = as_of or today()
    try:
        with db.begin_nested():
            run = recheck_service.start_run(db, as_of=day, trigger="ui")
    except recheck_service.RunInProgress:
        flash(user.row, "A re-check is already running; wait for it to finish.", "error")
        return redirect("/admin/rechecks")
    audit_service.record(
        db, actor=user.principal, action="recheck.run", object_type="recheck_run",
        object_id=run.id, detail={"as_of": day.isoformat(), "via": "ui"},
    )  # fmt: skip
    # The workers run it; woken after the response, i.e. after the commit.
    background.add_task(get_state(request).jobs.recheck_queued)
    flash(user.row, f"Re-check as of {day} started. This page updates when it ends.", "success")
    return redirect("/admin/rechecks")


@router.get("/webhooks", response_class=HTMLResponse)
def webhooks(request: Request, db: SessionDep, user: ListHooks) -> Response:
    rows, total = webhook_service.list_subscriptions(db, limit=200, offset=0)
    return render(
        request, "admin/webhooks.html", user, subscriptions=rows, total=total,
        events=[e.value for e in EventType], new_secret=secrets.token_hex(24),
    )  # fmt: skip


@router.post("/webhooks")
def create_webhook(
    request: Request,
    db: SessionDep,
    user: CreateHook,
    url: Annotated[str, Form(max_length=2000)],
    secret: Annotated[str, Form(max_length=200)],
    events: Annotated[list[str] | None, Form()] = None,
) -> Response:
    data, problem = forms.parse_as(
        WebhookCreate, {"url": url.strip(), "events": events or [], "secret": secret}
    )
    if problem:
        flash(user.row, f"The subscription was not created. {problem}", "error")
        return redirect("/admin/webhooks")
    try:
        with db.begin_nested():
            sub = webhook_service.create_subscription(
                db, data=data, actor=user.principal,
                allow_private=get_state(request).settings.webhook_allow_private,
            )  # fmt: skip
    except AppError as exc:
        flash(user.row, f"The subscription was not created. {exc.detail}", "error")
        return redirect("/admin/webhooks")
    flash(user.row, f"Subscribed {sub.url}. Send a test event to check your receiver.", "success")
    return redirect(f"/admin/webhooks/{sub.id}")


@router.get("/webhooks/{webhook_id}", response_class=HTMLResponse)
def webhook_detail(
    webhook_id: uuid.UUID, request: Request, db: SessionDep, user: ReadDeliveries
) -> Response:
    sub = webhook_service.get_subscription(db, subscription_id=webhook_id)
    deliveries, total = webhook_service.list_deliveries(
        db, subscription_id=webhook_id, limit=50, offset=0
    )
    waiting = any(d.status.value in ("pending", "sending") for d in deliveries)
    return render(
        request, "admin/webhook.html", user, sub=sub, deliveries=deliveries, total=total,
        waiting=waiting,
    )  # fmt: skip


@router.post("/webhooks/{webhook_id}/test")
def test_webhook(
    webhook_id: uuid.UUID,
    request: Request,
    background: BackgroundTasks,
    db: SessionDep,
    user: TestHook,
) -> Response:
    webhook_service.send_test_event(db, subscription_id=webhook_id, actor=user.principal)
    background.add_task(get_state(request).jobs.events_written)
    flash(user.row, "A webhook.test event was queued; its delivery appears below.", "success")
    return redirect(f"/admin/webhooks/{webhook_id}")


@router.post("/webhooks/{webhook_id}/delete")
def delete_webhook(webhook_id: uuid.UUID, db: SessionDep, user: DeleteHook) -> Response:
    webhook_service.delete_subscription(db, subscription_id=webhook_id, actor=user.principal)
    flash(user.row, "The subscription was deactivated; its delivery log is kept.", "success")
    return redirect("/admin/webhooks")


@router.get("/accreditation", response_class=HTMLResponse)
def accreditation(
    request: Request,
    registry: RegistryDep,
    user: Lookup,
    name: Annotated[str, Query(max_length=300)] = "",
    standard: Annotated[str, Query(pattern="^(27001|42001|27701)$")] = "27001",
) -> Response:
    result = (
        accreditation_service.lookup_body(registry, name=name.strip(), standard=standard)
        if name.strip()
        else None
    )
    return render(
        request, "admin/accreditation.html", user, registry=registry, result=result,
        query_name=name, standard=standard,
        counts={
            "accreditation bodies": len(registry.accreditation_bodies),
            "look-alike bodies": len(registry.lookalikes),
            "certification bodies": len(registry.certification_bodies),
        },
    )  # fmt: skip


@router.post("/accreditation/import")
def import_accreditation(
    request: Request,
    background: BackgroundTasks,
    user: ImportData,
    file: Annotated[bytes, File()],
) -> Response:
    store = get_state(request).registry_store
    try:
        if len(file) > importer.MAX_BYTES:
            raise ImportFailed(f"larger than {importer.MAX_BYTES} bytes")
        report = importer.import_data(
            file, imported_dir=store.imported_dir, active_dir=store.active_dir()
        )
    except ImportFailed as exc:
        flash(user.row, f"The data was not imported: {exc.detail}", "error")
        return redirect("/admin/accreditation")
    background.add_task(run_after_import, get_state(request))
    flash(
        user.row,
        f"Reference data {report.version} is now in force ({len(report.added)} added, "
        f"{len(report.removed)} removed, {len(report.changed)} changed). A re-check follows.",
        "success",
    )
    return redirect("/admin/accreditation")


@router.get("/audit", response_class=HTMLResponse)
def audit_log(
    request: Request,
    db: SessionDep,
    user: ReadAudit,
    actor: Annotated[str, Query(max_length=200)] = "",
    action_name: Annotated[str, Query(alias="action", max_length=60)] = "",
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    events, total = audit_service.list_events(
        db, limit=100, offset=offset, actor=actor or None, action=action_name or None
    )
    return render(
        request, "admin/audit.html", user, events=events, total=total, offset=offset,
        actor=actor, action=action_name, page_size=100,
    )  # fmt: skip
