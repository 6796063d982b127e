"""The FastAPI application factory. Everything with a lifetime is built in `lifespan`."""

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

import httpx
from fastapi import FastAPI
from sqlalchemy.orm import Session

from app.accreditation.router import router as accreditation_router
from app.accreditation.store import registry_store
from app.adapters.blobs import BlobStore
from app.adapters.reference.risk_model import load_risk_model
from app.assessments import service as assessment_service
from app.assessments.router import router as assessments_router
from app.audit.router import router as audit_router
from app.buyer import service as buyer_service
from app.buyer.router import router as buyer_router
from app.coverage.router import router as coverage_router
from app.documents.orphans import sweep_at_startup
from app.documents.queue import ParseQueueWorker
from app.documents.router import router as documents_router
from app.evidence.router import router as evidence_router
from app.ops.router import router as ops_router
from app.platform.auth import JwksCache, TokenVerifier, load_or_create_secret
from app.platform.db import make_engine, make_sessionmaker
from app.platform.errors import install_error_handlers
from app.platform.logging import configure_logging
from app.platform.middleware import Metrics, install_middleware
from app.platform.settings import Settings
from app.rechecks.router import router as rechecks_router
from app.rechecks.runner import make_scheduler
from app.vendors.router import router as vendors_router
from app.web import install as install_web
from app.webhooks.dispatcher import WebhookWorker
from app.webhooks.router import router as webhooks_router

API_PREFIX = "/api/v1"
ROUTERS = (
    vendors_router,
    documents_router,
    evidence_router,
    assessments_router,
    accreditation_router,
    rechecks_router,
    webhooks_router,
    audit_router,
    buyer_router,
    coverage_router,
)


def create_app(settings: Settings, *, start_background: bool = True) -> FastAPI:
    """Build the app for `settings`; `start_background=False` leaves the parse queue, the
    webhook worker and the scheduler to the caller (tests drive them step by step)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _build_state(app, settings)
        state = app.state
        sweep_at_startup(state.sessionmaker, store=state.blob_store, settings=settings)
        if start_background:
            state.parse_worker.start()
            state.webhook_worker.start()
            if state.scheduler is not None:
                state.scheduler.start()
        try:
            yield
        finally:
            if state.scheduler is not None and state.scheduler.running:
                state.scheduler.shutdown(wait=False)
            state.parse_worker.stop()
            state.webhook_worker.stop()
            state.http_client.close()
            state.engine.dispose()

    configure_logging(settings.log_level, json=settings.log_json)
    app = FastAPI(
        title="Assay",
        version="0.1.0",
        lifespan=lifespan,
        description="Vendor due diligence: certificates, SoAs and SOC 2 reports parsed with "
        "evidence, certification bodies verified, risk scored.",
    )
    app.state.settings = settings
    app.state.metrics = Metrics()
    install_error_handlers(app)
    install_middleware(app, settings, app.state.metrics)
    app.include_router(ops_router)
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    install_web(app)
    return app


def _on_parsed(session: Session, vendor_id: uuid.UUID, *, app: FastAPI) -> None:
    app.state.metrics.documents_parsed.inc()
    assessment_service.on_document_parsed(session, vendor_id=vendor_id, app_state=app.state)


def _build_state(app: FastAPI, settings: Settings) -> None:
    state = app.state
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    state.engine = make_engine(settings.resolved_database_url, pool_size=settings.db_pool_size)
    state.sessionmaker = make_sessionmaker(state.engine)
    state.blob_store = BlobStore(settings.resolved_blob_dir)
    state.http_client = httpx.Client(timeout=settings.http_timeout_seconds, follow_redirects=False)
    jwks = (
        JwksCache(state.http_client, settings.jwks_url, settings.jwks_cache_seconds)
        if settings.jwks_url
        else None
    )
    state.token_verifier = TokenVerifier(settings, load_or_create_secret(settings), jwks)
    state.registry_store = registry_store(settings, state.sessionmaker)
    state.risk_model = load_risk_model(settings.risk_model_path)
    buyer_service.apply_default_file(state.sessionmaker, settings.buyer_profile_path)
    state.parse_worker = ParseQueueWorker(
        state.sessionmaker,
        store=state.blob_store,
        settings=settings,
        on_parsed=partial(_on_parsed, app=app),
    )
    state.parse_queue_wakeup = state.parse_worker.wakeup
    state.webhook_worker = WebhookWorker(
        state.sessionmaker, client=state.http_client, settings=settings
    )
    state.scheduler = (
        make_scheduler(state, settings.recheck_cron) if settings.recheck_enabled else None
    )
