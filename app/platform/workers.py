"""One worker loop for every background job: the parse queue, webhook delivery, re-check
batches (issue 10 point 5, issue 14 point 4). This is the embedded engine (SQLite, one
process); on PostgreSQL the same jobs run on procrastinate (`app.platform.taskqueue`), behind
the same `Workers` face.

A `LoopJob` is a name, a `step` that does one unit of work and says whether it found any, a
thread count and a poll interval. `WorkerLoop` runs each job's threads: a step that did work
is followed at once by the next; an idle one waits for `wake(name)` or the poll interval.
The same class runs inside `assay serve` (embedded mode) and in `assay worker` processes
(scaled out), so there is one loop to reason about.

Every step claims its work in the database (conditional updates with a lease), so any number
of loops in any number of processes can share a queue; a wake-up only shortens the wait.
Wake-ups are sent after the transaction that created the work committed (see `Jobs`).
"""

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import structlog

log = structlog.get_logger(__name__)

PARSE, WEBHOOKS, RECHECK = "parse", "webhooks", "recheck"
ALL_JOBS = (PARSE, WEBHOOKS, RECHECK)


@dataclass(frozen=True)
class LoopJob:
    """A kind of background work: `step()` does at most one unit and returns True if it did."""

    name: str
    step: Callable[[], bool]
    threads: int = 1
    poll_seconds: float = 5.0
    # Called once when the loop starts (e.g. start the warm parse processes).
    on_start: Callable[[], None] | None = None
    # The unit of work named by a key (a document id), for engines that pass one.
    step_for: Callable[[str], bool] | None = None


class Workers(Protocol):
    """What the service and its tests need of a worker engine, whichever runs the jobs."""

    @property
    def names(self) -> tuple[str, ...]: ...

    def wake(self, name: str) -> None: ...

    def start(self) -> None: ...

    def stop(self, timeout: float = 15.0) -> None: ...

    def wait(self, timeout: float) -> bool: ...

    def drain(self, name: str, limit: int = 10_000) -> int: ...


class WorkerLoop:
    """Threads that run each job's step until stopped, woken early by `wake(name)`."""

    def __init__(self, jobs: Sequence[LoopJob]) -> None:
        self._jobs = {job.name: job for job in jobs}
        self._wake = {job.name: threading.Event() for job in jobs}
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._jobs)

    def wake(self, name: str) -> None:
        """Work for `name` was committed: run its step now rather than at the next poll."""
        event = self._wake.get(name)
        if event is not None:
            event.set()

    def start(self) -> None:
        self._stop.clear()
        for job in self._jobs.values():
            if job.on_start is not None:
                job.on_start()
            for i in range(max(1, job.threads)):
                thread = threading.Thread(
                    target=self._run, args=(job,), name=f"{job.name}-worker-{i}", daemon=True
                )
                thread.start()
                self._threads.append(thread)

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        for event in self._wake.values():
            event.set()
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()

    def wait(self, timeout: float) -> bool:
        """Block until stopped or `timeout` passed; True when stopped (for `assay worker`)."""
        return self._stop.wait(timeout)

    def drain(self, name: str, limit: int = 10_000) -> int:
        """Run `name`'s step in this thread until it finds nothing (tests, one-shot commands)."""
        job, done = self._jobs[name], 0
        while done < limit and job.step():
            done += 1
        return done

    def _run(self, job: LoopJob) -> None:
        wake = self._wake[job.name]
        while not self._stop.is_set():
            try:
                worked = job.step()
            except Exception:
                # A failed step (a locked SQLite database, a lost connection) is retried at the
                # next poll; claims are transactional or leased, so no work is lost.
                log.exception("worker_step_failed", job=job.name)
                worked = False
            if not worked:
                wake.wait(job.poll_seconds)
                wake.clear()


CHANNEL = "assay_jobs"


def _libpq_url(sqlalchemy_url: str) -> str:
    scheme, sep, rest = sqlalchemy_url.partition("://")
    return f"postgresql://{rest}" if sep and scheme.startswith("postgresql") else sqlalchemy_url


class PgNotifier:
    """Sends a wake-up to every worker process on PostgreSQL (`NOTIFY assay_jobs, 'parse'`),
    so separate `assay worker` processes start at once rather than at their next poll."""

    def __init__(self, database_url: str) -> None:
        self._url = _libpq_url(database_url)

    def __call__(self, name: str) -> None:
        import psycopg

        try:
            with psycopg.connect(self._url, autocommit=True, connect_timeout=5) as conn:
                conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, name))
        except psycopg.Error:  # a lost wake-up only costs the poll interval
            log.warning("notify_failed", job=name)


class PgListener:
    """A thread that LISTENs on PostgreSQL and wakes this process's loop for each job named."""

    def __init__(self, database_url: str, wake: Callable[[str], None]) -> None:
        self._url, self._wake = _libpq_url(database_url), wake
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pg-listener", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                with psycopg.connect(self._url, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    while not self._stop.is_set():
                        for notify in conn.notifies(timeout=1.0):
                            self._wake(notify.payload)
            except psycopg.Error:
                log.warning("listen_failed")
                self._stop.wait(2.0)
