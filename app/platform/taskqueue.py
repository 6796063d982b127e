"""The queue engine on PostgreSQL: procrastinate (issue 14 point 4).

On PostgreSQL the background work runs on procrastinate, an existing PostgreSQL task queue:
it owns the delivery of work to worker processes (its job table, `SELECT ... FOR UPDATE SKIP
LOCKED`, LISTEN/NOTIFY wake-ups), retries (a `RetryStrategy` per task), recovery from killed
workers (worker heartbeats; the `assay.sweep` task puts a dead worker's jobs back), periodic
scheduling (the daily re-check and the sweep are procrastinate periodic tasks, deferred once
per tick across all workers) and per-queue concurrency. SQLite keeps the embedded loop of
`app.platform.workers`.

What stays in Assay's own tables is the state of the work, which is also what users see: a
document is `received`, `parsing`, `parsed` or `failed`; a re-check run has batches; a
webhook delivery has attempts. A procrastinate job only names the work (`assay.parse` a
document id, `assay.recheck` a slot, `assay.webhooks`), and its task claims that work with the
same conditional, fenced claim as the embedded loop. So a job delivered twice (procrastinate
delivers at least once) or a job for work another worker finished records nothing twice, and
work that has no job (a crash between a commit and its `defer`, documents of a database that
ran the embedded engine before) is found and deferred by the sweep every 30 seconds.

Jobs are deferred after the commit of the work they name (`state.jobs`); each defer carries a
queueing lock (`parse:<id>`, `webhooks`, `recheck:<slot>`), so at most one job per piece of
work waits. The re-check runs as `recheck_slots` parallel chains: a run's planning defers one
job per batch up to that many slots, and a job that worked a batch defers its slot again.

procrastinate's schema is applied by our migrations (`0009`, a frozen copy of its 3.10.0
schema), pinned to the procrastinate version in pyproject.toml: upgrading procrastinate means adding its migration scripts as an
Alembic migration.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import structlog
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from app.platform.workers import PARSE, RECHECK, WEBHOOKS, LoopJob

if TYPE_CHECKING:
    import procrastinate

log = structlog.get_logger(__name__)

PARSE_TASK, WEBHOOKS_TASK, RECHECK_TASK = "assay.parse", "assay.webhooks", "assay.recheck"
SWEEP_TASK, DAILY_TASK = "assay.sweep", "assay.recheck_daily"
MAINTENANCE = "maintenance"  # the queue of the periodic tasks: every worker listens to it
TASK_OF = {PARSE: PARSE_TASK, WEBHOOKS: WEBHOOKS_TASK, RECHECK: RECHECK_TASK}
SWEEP_CRON = "* * * * * */30"  # every 30 seconds (procrastinate's sixth field: seconds)
# A worker that has not sent a heartbeat for this long is dead: its jobs are retried.
HEARTBEAT_SECONDS, STALLED_SECONDS = 5.0, 20.0
SWEEP_LIMIT = 500


def libpq_url(sqlalchemy_url: str) -> str:
    scheme, sep, rest = sqlalchemy_url.partition("://")
    return f"postgresql://{rest}" if sep and scheme.startswith("postgresql") else sqlalchemy_url


def uses_procrastinate(database_url: str, engine_setting: str) -> bool:
    """procrastinate on PostgreSQL unless told `builtin`; the embedded loop on SQLite."""
    if engine_setting == "builtin":
        return False
    return database_url.startswith("postgresql")


# --- producing: deferring jobs --------------------------------------------------------------


class Producer:
    """Defers jobs from any thread (API requests, worker tasks) on a small synchronous pool."""

    def __init__(
        self, database_url: str, sessions: sessionmaker[Session], *, recheck_slots: int
    ) -> None:
        import procrastinate

        self._app = procrastinate.App(
            connector=procrastinate.SyncPsycopgConnector(
                conninfo=libpq_url(database_url), min_size=0, max_size=2, timeout=5.0
            )
        )
        self._sessions, self._slots = sessions, max(1, recheck_slots)
        self._opened = False
        self._lock = threading.Lock()

    def _open(self) -> procrastinate.App:
        with self._lock:
            if not self._opened:
                self._app.open()
                self._opened = True
        return self._app

    def close(self) -> None:
        with self._lock:
            if self._opened:
                self._app.close()
                self._opened = False

    def defer(
        self, task: str, queue: str, lock: str, *, at: datetime | None = None, **kwargs: Any
    ) -> bool:
        """Defer one job (to run at `at`, or now); False when one with the same lock already
        waits (or on a database error: the sweep defers what is missing)."""
        from procrastinate import exceptions

        try:
            self._open().configure_task(
                name=task, queue=queue, queueing_lock=lock, schedule_at=at
            ).defer(**kwargs)
            return True
        except exceptions.AlreadyEnqueued:
            return False
        except Exception:  # the database is unreachable: the work itself is committed
            log.warning("defer_failed", task=task, lock=lock, exc_info=True)
            return False

    def parse(self, document_ids: Iterable[uuid.UUID]) -> int:
        ids = list(document_ids)
        if not ids:  # none named: every document that waits without a job
            with self._sessions() as session:
                ids = waiting_documents(session, limit=SWEEP_LIMIT)
        return sum(
            self.defer(PARSE_TASK, PARSE, f"parse:{doc_id}", document_id=str(doc_id))
            for doc_id in ids
        )

    def webhooks(self, at: datetime | None = None) -> bool:
        """Deliver what is due now, or (`at`) a retry when its backoff has passed."""
        if at is None:
            return self.defer(WEBHOOKS_TASK, WEBHOOKS, "webhooks")
        return self.defer(WEBHOOKS_TASK, WEBHOOKS, "webhooks:retry", at=at)

    def recheck(self, batches: int = 1, *, slot: int | None = None) -> int:
        slots = [slot] if slot is not None else range(min(max(1, batches), self._slots))
        return sum(self.defer(RECHECK_TASK, RECHECK, f"recheck:{s}", slot=s) for s in slots)


def waiting_documents(session: Session, *, limit: int) -> list[uuid.UUID]:
    """Documents that wait to be parsed (received, or abandoned by a dead worker) and have no
    parse job waiting or running."""
    rows = session.execute(
        text(
            "SELECT d.id FROM documents d WHERE d.deleted_at IS NULL AND ("
            " d.status = 'received' OR (d.status = 'parsing' AND (d.lease_expires_at IS NULL"
            " OR d.lease_expires_at < now()))) AND NOT EXISTS (SELECT 1 FROM procrastinate_jobs j"
            " WHERE j.queueing_lock = 'parse:' || d.id::text AND j.status IN ('todo', 'doing'))"
            " ORDER BY d.uploaded_at LIMIT :limit"
        ),
        {"limit": limit},
    )
    return [uuid.UUID(str(row[0])) for row in rows]


def next_delivery_due(session: Session) -> datetime | None:
    """When the next webhook delivery waiting for a retry is due."""
    due = session.execute(
        text(
            "SELECT min(next_attempt_at) FROM webhook_deliveries"
            " WHERE status IN ('pending', 'sending')"
        )
    ).scalar_one()
    return due if isinstance(due, datetime) else None


def recheck_work_waiting(session: Session) -> int:
    """Re-check runs to plan plus batches to work (queued, or abandoned by a dead worker)."""
    return int(
        session.execute(
            text(
                "SELECT (SELECT count(*) FROM recheck_runs WHERE status = 'queued' OR"
                " (status = 'planning' AND lease_expires_at < now())) + (SELECT count(*) FROM"
                " recheck_batches WHERE status = 'pending' OR (status = 'running' AND"
                " lease_expires_at < now()))"
            )
        ).scalar_one()
    )


# --- consuming: the workers of this process -------------------------------------------------


class TaskWorkers:
    """This process's procrastinate workers, one per job (queue) with that job's concurrency,
    plus the maintenance queue. The same face as `WorkerLoop`: `start`/`stop` for `assay
    serve` and `assay worker`, `drain` for tests and `assay worker --once`."""

    def __init__(
        self,
        database_url: str,
        jobs: Sequence[LoopJob],
        producer: Producer,
        sessions: sessionmaker[Session],
        *,
        daily: Callable[[datetime], None] | None = None,
        daily_cron: str = "0 2 * * *",
    ) -> None:
        import procrastinate

        self._jobs = {job.name: job for job in jobs}
        self._producer, self._sessions = producer, sessions
        self._done: Counter[str] = Counter()
        self._url = libpq_url(database_url)
        # Each queue's worker holds one connection to LISTEN and takes others to fetch, beat
        # and record jobs; the pool grows only as far as the work needs.
        queues = len(self._jobs) + 1
        threads = sum(max(1, job.threads) for job in jobs)
        self._app = procrastinate.App(
            connector=procrastinate.PsycopgConnector(
                conninfo=self._url, min_size=1, max_size=2 * queues + threads
            )
        )
        self._register(daily, daily_cron)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._main: asyncio.Task[None] | None = None
        self._stopped = threading.Event()

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._jobs)

    # tasks ---------------------------------------------------------------------------------

    def _register(self, daily: Callable[[datetime], None] | None, daily_cron: str) -> None:
        from procrastinate import RetryStrategy
        from sqlalchemy.exc import DBAPIError

        # Database hiccups are retried by procrastinate; a parse's own failures are recorded
        # on the document by the task, so they never reach the retry.
        retry = RetryStrategy(max_attempts=5, exponential_wait=2, retry_exceptions={DBAPIError})
        app = self._app
        if PARSE in self._jobs:

            @app.task(name=PARSE_TASK, queue=PARSE, retry=retry)
            def parse(document_id: str | None = None) -> None:
                job = self._jobs[PARSE]
                done = job.step_for(document_id) if job.step_for and document_id else job.step()
                if done:
                    self._done[PARSE] += 1

        if WEBHOOKS in self._jobs:

            @app.task(name=WEBHOOKS_TASK, queue=WEBHOOKS, retry=retry)
            def webhooks() -> None:
                if self._jobs[WEBHOOKS].step():
                    self._done[WEBHOOKS] += 1
                    self._producer.webhooks()  # more may wait: go on in the next job
                    return
                # Nothing due now: the next retry (the delivery's own backoff) is a job
                # scheduled for when it is due.
                with self._sessions() as session:
                    due = next_delivery_due(session)
                if due is not None and due > datetime.now(UTC):
                    self._producer.webhooks(at=due)

        if RECHECK in self._jobs:

            @app.task(name=RECHECK_TASK, queue=RECHECK, retry=retry)
            def recheck(slot: int = 0) -> None:
                if self._jobs[RECHECK].step():
                    self._done[RECHECK] += 1
                    self._producer.recheck(slot=slot)  # this chain goes on

        @app.periodic(cron=SWEEP_CRON)
        @app.task(name=SWEEP_TASK, queue=MAINTENANCE, queueing_lock=SWEEP_TASK)
        async def sweep(timestamp: int) -> None:
            await self._sweep_async()

        if daily is not None:

            @app.periodic(cron=daily_cron)
            @app.task(name=DAILY_TASK, queue=MAINTENANCE)
            def recheck_daily(timestamp: int) -> None:
                daily(datetime.fromtimestamp(timestamp, UTC))

    async def _sweep_async(self) -> None:
        """Put dead workers' jobs back, then defer jobs for work that has none."""
        manager = self._app.job_manager
        for job in await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_SECONDS):
            log.info("job_stalled_retried", task=job.task_name, job_id=job.id)
            await manager.retry_job(job)
        await asyncio.to_thread(self.enqueue_waiting, self.names)

    def enqueue_waiting(self, names: Iterable[str]) -> None:
        """Defer a job for every piece of waiting work of `names` that has none."""
        for name in names:
            if name == PARSE:
                self._producer.parse(())
            elif name == WEBHOOKS:
                self._producer.webhooks()
            elif name == RECHECK:
                with self._sessions() as session:
                    waiting = recheck_work_waiting(session)
                if waiting:
                    self._producer.recheck(waiting)

    # running -------------------------------------------------------------------------------

    def _worker_options(self, name: str) -> dict[str, Any]:
        job = self._jobs.get(name)
        return {
            "queues": [name],
            "name": f"assay-{name}",
            "concurrency": max(1, job.threads) if job else 1,
            "install_signal_handlers": False,
            "update_heartbeat_interval": HEARTBEAT_SECONDS,
            "stalled_worker_timeout": STALLED_SECONDS,
            "delete_jobs": "successful",
            "fetch_job_polling_interval": job.poll_seconds if job else 5.0,
            "shutdown_graceful_timeout": 10.0,
        }

    def start(self) -> None:
        for job in self._jobs.values():
            if job.on_start is not None:
                job.on_start()
        self._stopped.clear()
        started = threading.Event()

        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._main = asyncio.current_task()
            started.set()
            async with self._app.open_async():
                names = [*self._jobs, MAINTENANCE]
                await asyncio.gather(
                    *(self._app.run_worker_async(**self._worker_options(n)) for n in names)
                )

        def run() -> None:
            try:
                asyncio.run(main())
            except asyncio.CancelledError:
                pass
            except Exception:
                log.exception("procrastinate_worker_failed")
            finally:
                self._stopped.set()

        self._thread = threading.Thread(target=run, name="procrastinate-workers", daemon=True)
        self._thread.start()
        started.wait(10)

    def stop(self, timeout: float = 15.0) -> None:
        loop, main = self._loop, self._main
        if loop is not None and main is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop ended meanwhile
                loop.call_soon_threadsafe(main.cancel)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._stopped.set()

    def wait(self, timeout: float) -> bool:
        return self._stopped.wait(timeout)

    def wake(self, name: str) -> None:
        """Work was committed: procrastinate's own NOTIFY wakes the workers (nothing to do)."""

    def drain(self, name: str, limit: int = 10_000) -> int:
        """Defer jobs for all waiting work of `name`, run a worker until its queue is empty;
        returns how many units of work were done (tests, `assay worker --once`)."""
        before = self._done[name]
        self.enqueue_waiting([name])
        options = self._worker_options(name) | {"wait": False, "listen_notify": False}

        async def main() -> None:
            async with self._app.open_async():
                await self._app.run_worker_async(**options)

        asyncio.run(main())
        return self._done[name] - before
