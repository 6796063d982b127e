"""The FastAPI application factory. Everything with a lifetime is built in `lifespan`."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import structlog
from fastapi import FastAPI

from app.audit.router import router as audit_router
from app.auth import JwksCache, TokenVerifier, load_or_create_secret
from app.db import make_engine, make_sessionmaker
from app.documents.queue import ParseQueueWorker
from app.documents.router import router as documents_router
from app.documents.storage import BlobStore
from app.errors import install_error_handlers
from app.logging import configure_logging
from app.ops.middleware import Metrics, RequestContextMiddleware, UploadLimitMiddleware
from app.ops.router import router as ops_router
from app.rechecks.runner import make_scheduler
from app.risk_model_loader import load_risk_model
from app.settings import Settings
from app.vendors.router import router as vendors_router

API_PREFIX = "/api/v1"
log = structlog.get_logger(__name__)


def _optional_routers() -> list[object]:
    """Routers of domains that are built on top of the foundation."""
    routers: list[object] = []
    for module in (
        "app.accreditation.router",
        "app.assessments.router",
        "app.webhooks.router",
        "app.rechecks.router",
    ):
        try:
            routers.append(__import__(module, fromlist=["router"]).router)
        except ModuleNotFoundError:
            continue
    return routers


def create_app(settings: Settings, *, start_background: bool = True) -> FastAPI:
    """Build the app for `settings`; `start_background=False` leaves the parse queue and
    scheduler to the caller (tests drive them step by step)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _build_state(app, settings)
        if start_background:
            app.state.parse_worker.start()
            if app.state.webhook_worker is not None:
                app.state.webhook_worker.start()
            if app.state.scheduler is not None:
                app.state.scheduler.start()
        try:
            yield
        finally:
            if app.state.scheduler is not None and app.state.scheduler.running:
                app.state.scheduler.shutdown(wait=False)
            app.state.parse_worker.stop()
            if app.state.webhook_worker is not None:
                app.state.webhook_worker.stop()
            app.state.http_client.close()
            app.state.engine.dispose()

    configure_logging(settings.log_level, json=settings.log_json)
    app = FastAPI(
        title="Assay",
        version="0.1.0",
        lifespan=lifespan,
        description="Vendor due diligence: certificates, SoAs and SOC 2 reports parsed with evidence, "
        "certification bodies verified, risk scored.",
    )
    app.state.settings = settings
    app.state.metrics = Metrics()
    install_error_handlers(app)
    app.add_middleware(UploadLimitMiddleware, max_bytes=settings.max_upload_bytes)
    app.add_middleware(RequestContextMiddleware, metrics=app.state.metrics)
    app.include_router(ops_router)
    for router in (vendors_router, documents_router, audit_router, *_optional_routers()):
        app.include_router(router, prefix=API_PREFIX)  # type: ignore[arg-type]
    return app


def _build_state(app: FastAPI, settings: Settings) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url)
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.blob_store = BlobStore(settings.resolved_blob_dir)
    app.state.http_client = httpx.Client(
        timeout=settings.http_timeout_seconds, follow_redirects=False
    )
    jwks = (
        JwksCache(app.state.http_client, settings.jwks_url, settings.jwks_cache_seconds)
        if settings.jwks_url
        else None
    )
    app.state.token_verifier = TokenVerifier(settings, load_or_create_secret(settings), jwks)
    app.state.registry_store = _registry_store(settings)
    app.state.parse_worker = ParseQueueWorker(
        app.state.sessionmaker,
        store=app.state.blob_store,
        settings=settings,
        on_parsed=_on_parsed_hook(app),
    )
    app.state.parse_queue_wakeup = app.state.parse_worker.wakeup
    app.state.risk_model = load_risk_model(settings.risk_model_path)
    app.state.webhook_worker = _webhook_worker(app, settings)
    app.state.scheduler = (
        make_scheduler(app.state, settings.recheck_cron) if settings.recheck_enabled else None
    )


def _webhook_worker(app: FastAPI, settings: Settings) -> object:
    try:
        from app.webhooks.dispatcher import WebhookWorker
    except ImportError:
        return None
    return WebhookWorker(app.state.sessionmaker, client=app.state.http_client, settings=settings)


def _registry_store(settings: Settings) -> object:
    try:
        from app.reference_loader import RegistryStore, builtin_data_dir
    except ImportError:
        return None
    return RegistryStore(
        settings.accreditation_data_dir or builtin_data_dir(), settings.data_dir / "accreditation"
    )


def _on_parsed_hook(app: FastAPI) -> object:
    try:
        from app.assessments.service import on_document_parsed
    except ImportError:
        return None

    def hook(session: object, vendor_id: object) -> None:
        on_document_parsed(session, vendor_id=vendor_id, app_state=app.state)  # type: ignore[arg-type]

    return hook
