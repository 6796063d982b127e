"""The composition root: `build_state` wires everything with a lifetime into one typed
`AppState` (for `assay serve` and `assay worker` alike), `create_app` builds the FastAPI app
whose lifespan owns that state."""

import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from functools import partial

import httpx
from fastapi import FastAPI
from sqlalchemy.orm import Session

from app.accreditation.router import router as accreditation_router
from app.accreditation.store import registry_store
from app.adapters.blobs import BlobStore, S3BlobStore
from app.adapters.pdf.isolation import ParsePool
from app.adapters.reference.risk_model import load_risk_model
from app.assessments import service as assessment_service
from app.assessments.router import HOT_READ as assessment_hot_read
from app.assessments.router import router as assessments_router
from app.audit.router import router as audit_router
from app.buyer import service as buyer_service
from app.buyer.router import router as buyer_router
from app.coverage.router import router as coverage_router
from app.documents import queue as parse_queue
from app.documents.orphans import sweep_at_startup
from app.documents.router import HOT_READ as document_hot_read
from app.documents.router import router as documents_router
from app.evidence.router import router as evidence_router
from app.ops.router import router as ops_router
from app.platform.auth import JwksCache, TokenVerifier, load_or_create_secret
from app.platform.db import make_engine, make_sessionmaker
from app.platform.errors import install_error_handlers
from app.platform.logging import configure_logging
from app.platform.middleware import Metrics, install_middleware
from app.platform.settings import Settings
from app.platform.state import AppState
from app.platform.taskqueue import uses_procrastinate
from app.platform.workers import (
    ALL_JOBS,
    PARSE,
    RECHECK,
    WEBHOOKS,
    LoopJob,
    PgListener,
    PgNotifier,
    WorkerLoop,
)
from app.rechecks import service as recheck_service
from app.rechecks.router import router as rechecks_router
from app.rechecks.runner import make_scheduler, scheduled_run_at
from app.vendors.router import HOT_READ as vendor_list_hot_read
from app.vendors.router import router as vendors_router
from app.web import install as install_web
from app.webhooks import dispatcher
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


def build_state(
    settings: Settings, *, metrics: Metrics | None = None, jobs: Sequence[str] = ALL_JOBS
) -> AppState:
    """Everything with a lifetime, and a worker loop running `jobs` (none: no loop)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.resolved_database_url, pool_size=settings.db_pool_size)
    http = httpx.Client(timeout=settings.http_timeout_seconds, follow_redirects=False)
    jwks = (
        JwksCache(http, settings.jwks_url, settings.jwks_cache_seconds)
        if settings.jwks_url
        else None
    )
    sessions = make_sessionmaker(engine)
    state = AppState(
        settings=settings,
        engine=engine,
        sessions=sessions,
        blobs=make_blob_store(settings),
        http=http,
        registry_store=registry_store(settings, sessions),
        risk_model=load_risk_model(settings.risk_model_path),
        metrics=metrics or Metrics(),
        token_verifier=TokenVerifier(settings, load_or_create_secret(settings), jwks),
    )
    buyer_service.apply_default_file(sessions, settings.buyer_profile_path)
    url = settings.resolved_database_url
    if uses_procrastinate(url, settings.queue_engine):
        _build_task_queue(state, jobs)
        return state
    if jobs:
        loop = WorkerLoop([_loop_job(state, name) for name in jobs])
        state.workers = loop
        state.jobs.add(loop.wake)
    if engine.dialect.name == "postgresql":
        # Wake-ups across processes: API replicas and workers share only the database.
        state.jobs.add(PgNotifier(url))
    return state


def _build_task_queue(state: AppState, jobs: Sequence[str]) -> None:
    """PostgreSQL: jobs are deferred to procrastinate and worked by its workers."""
    from app.platform.taskqueue import Producer, TaskWorkers

    settings, url = state.settings, state.settings.resolved_database_url
    producer = Producer(url, state.sessions, recheck_slots=settings.recheck_slots)
    state.closers.append(producer.close)
    state.jobs.producer = producer
    if jobs:
        state.workers = TaskWorkers(
            url,
            [_loop_job(state, name) for name in jobs],
            producer,
            state.sessions,
            daily=partial(scheduled_run_at, state) if settings.recheck_enabled else None,
            daily_cron=settings.recheck_cron,
        )


def start_listening(state: AppState) -> None:
    """On PostgreSQL, let other processes' wake-ups reach this process's worker loop."""
    if isinstance(state.workers, WorkerLoop) and state.engine.dialect.name == "postgresql":
        listener = PgListener(state.settings.resolved_database_url, state.workers.wake)
        listener.start()
        state.closers.append(listener.stop)


def make_blob_store(settings: Settings) -> BlobStore:
    """Object storage when `blob_url` is set, else the filesystem under `blob_dir`."""
    if settings.blob_url:
        return S3BlobStore(
            settings.blob_url,
            cache_dir=settings.resolved_blob_dir,
            endpoint_url=settings.s3_endpoint_url,
        )
    return BlobStore(settings.resolved_blob_dir)


def _loop_job(state: AppState, name: str) -> LoopJob:
    settings = state.settings
    poll = settings.worker_poll_seconds
    if name == PARSE:
        pool = ParsePool(
            settings.parse_workers,
            parse_queue.parse_limits(settings),
            recycle_after=settings.parse_recycle_after,
            prestart=False,
            marks_dir=state.registry_store.active_dir,  # the mark vocabulary in force
        )
        state.closers.append(pool.close)
        return LoopJob(
            PARSE,
            partial(_parse_step, state, pool),
            settings.parse_workers,
            poll,
            pool.warm,
            step_for=lambda key: _parse_step(state, pool, uuid.UUID(key)),
        )
    if name == WEBHOOKS:
        return LoopJob(WEBHOOKS, partial(_webhook_step, state), 1, poll)
    if name == RECHECK:
        return LoopJob(RECHECK, partial(_recheck_step, state), 1, poll)
    raise ValueError(f"unknown job {name!r}; use one of {', '.join(ALL_JOBS)}")


def _parse_step(state: AppState, pool: ParsePool, document_id: uuid.UUID | None = None) -> bool:
    def on_parsed(session: Session, vendor_id: uuid.UUID) -> None:
        state.metrics.documents_parsed.inc()
        assessment_service.on_document_parsed(
            session,
            vendor_id=vendor_id,
            registry=state.registry_store.current(),
            model=state.risk_model,
        )

    pool.wait_ready()  # never hold a claim while the pool starts
    done = parse_queue.parse_one(
        state.sessions,
        store=state.blobs,
        pool=pool,
        lease=timedelta(seconds=state.settings.parse_lease_seconds),
        on_parsed=on_parsed,
        on_committed=state.jobs.events_written,  # a parsed document wakes the dispatcher
        document_id=document_id,
    )
    return done is not None


def _webhook_step(state: AppState) -> bool:
    return dispatcher.run_once(state.sessions, client=state.http, settings=state.settings) > 0


def _recheck_step(state: AppState) -> bool:
    registry, model = state.registry_store.current(), state.risk_model
    if recheck_service.plan_next(
        state.sessions, registry=registry, model=model, batch_size=state.settings.recheck_batch_size
    ):
        # Its batches are ready: every worker may take some; outdated documents it sent back
        # to the parse queue wait for a parse worker.
        state.jobs.recheck_queued(recheck_service.batches_waiting(state.sessions))
        state.jobs.document_received()
        return True
    worked = recheck_service.work_next_batch(state.sessions, registry=registry, model=model)
    if worked:
        state.jobs.events_written()
    return worked


def create_app(settings: Settings, *, start_background: bool = True) -> FastAPI:
    """Build the app for `settings`. With `start_background` the lifespan starts the worker
    loop (parse queue, webhooks, re-check batches, unless `settings.run_workers` is off) and
    the re-check scheduler; without, tests drive `state.workers` step by step."""
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        jobs = ALL_JOBS if settings.run_workers or not start_background else ()
        state = build_state(settings, metrics=metrics, jobs=jobs)
        app.state.assay = state
        sweep_at_startup(state.sessions, store=state.blobs, settings=settings)
        scheduler = None
        if start_background:
            if state.workers is not None:
                state.workers.start()
                start_listening(state)
            # On procrastinate the daily run is a periodic task of the workers.
            if settings.recheck_enabled and state.jobs.producer is None:
                scheduler = make_scheduler(state, settings.recheck_cron)
                scheduler.start()
        try:
            yield
        finally:
            if scheduler is not None and scheduler.running:
                scheduler.shutdown(wait=False)
            state.close()

    configure_logging(settings.log_level, json=settings.log_json)
    app = FastAPI(
        title="Assay",
        version="0.1.0",
        lifespan=lifespan,
        description="Vendor due diligence: certificates, SoAs and SOC 2 reports parsed with "
        "evidence, certification bodies verified, risk scored.",
    )
    install_error_handlers(app)
    install_middleware(
        app,
        settings,
        metrics,
        hot_reads=(assessment_hot_read, document_hot_read, vendor_list_hot_read),
        prefix=API_PREFIX,
    )
    app.include_router(ops_router)
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    install_web(app)
    return app
