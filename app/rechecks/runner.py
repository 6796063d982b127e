"""Wiring re-checks to their surroundings: the cron scheduler and the run after an import.
Both only queue a run; the workers (`recheck` loop job) plan it and work its batches."""

from datetime import UTC, datetime

import structlog
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.orm import Session, sessionmaker

from app.platform.db import write_transaction
from app.platform.state import AppState, Jobs
from app.rechecks import service as recheck_service

log = structlog.get_logger(__name__)


def queue_run(
    sessions: sessionmaker[Session], jobs: Jobs, *, trigger: str, tick: str | None
) -> None:
    """Queue a run as of today (UTC) and wake the workers; a busy or taken tick is skipped."""
    try:
        with write_transaction(sessions) as session:
            run = recheck_service.start_run(
                session, as_of=datetime.now(UTC).date(), trigger=trigger, tick=tick
            )
            run_id = run.id
    except recheck_service.RunInProgress as exc:
        log.info("recheck_skipped", reason=str(exc), trigger=trigger)
        return
    log.info("recheck_queued", run_id=str(run_id), trigger=trigger)
    jobs.recheck_queued()


def scheduled_run(state: AppState) -> None:
    """The scheduler's job: one run for this tick (other replicas find the tick taken)."""
    scheduled_run_at(state, datetime.now(UTC))


def scheduled_run_at(state: AppState, at: datetime) -> None:
    """One run for the schedule tick at `at` (a second queue of the same tick is refused)."""
    tick = at.astimezone(UTC).replace(second=0, microsecond=0).isoformat()
    queue_run(state.sessions, state.jobs, trigger="schedule", tick=tick)


def run_after_import(state: AppState) -> None:
    """After new reference data: re-assess now, so accreditation changes are notified."""
    queue_run(state.sessions, state.jobs, trigger="import", tick=None)


def make_scheduler(state: AppState, cron: str) -> BackgroundScheduler:
    """A background scheduler queueing the re-check on `cron` (UTC)."""
    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.add_job(
        scheduled_run,
        CronTrigger.from_crontab(cron, timezone=UTC),
        args=[state],
        id="recheck",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=3600,
    )
    return scheduler
