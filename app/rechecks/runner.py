"""Wiring a re-check to its surroundings: the re-parse callback and the cron scheduler."""

from datetime import UTC, datetime
from functools import partial
from typing import Any

import structlog
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from app.documents.queue import reparse_now
from app.rechecks import service as recheck_service
from app.rechecks.service import ReparseFn

log = structlog.get_logger(__name__)


def reparse_function(state: Any) -> ReparseFn:
    return partial(reparse_now, store=state.blob_store, settings=state.settings)


def scheduled_run(state: Any) -> None:
    """The scheduler's job: one run for this tick (other replicas find the tick taken)."""
    now = datetime.now(UTC)
    _run_in_background(
        state, trigger="schedule", tick=now.replace(second=0, microsecond=0).isoformat()
    )


def run_after_import(state: Any) -> None:
    """After new reference data: re-assess now, so accreditation changes are notified."""
    _run_in_background(state, trigger="import", tick=None)


def _run_in_background(state: Any, *, trigger: str, tick: str | None) -> None:
    try:
        summary = recheck_service.run_recheck(
            state.sessionmaker,
            as_of=datetime.now(UTC).date(),
            registry=state.registry_store.current(),
            model=state.risk_model,
            trigger=trigger,
            tick=tick,
            reparse=reparse_function(state),
        )
    except recheck_service.RunInProgress as exc:
        log.info("recheck_skipped", reason=str(exc))
        return
    log.info(
        "recheck_finished",
        vendors=summary.vendors_checked,
        changed=summary.vendors_changed,
        events=summary.events,
        errors=len(summary.errors),
    )
    wake = getattr(state, "webhook_worker", None)
    if wake is not None:
        wake.wakeup()


def make_scheduler(state: Any, cron: str) -> BackgroundScheduler:
    """A background scheduler running the re-check on `cron` (UTC), one run at a time."""
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
