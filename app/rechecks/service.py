"""Re-check runs: re-assess the vendors whose outcome may have changed, as of a date, from
stored facts and the reference data in force (STYLE.md rule 12, issue 14 point 3).

A run goes `queued` -> `running` -> `succeeded` | `partial` | `failed`, in three steps any
worker may take (the scheduler, `assay recheck`, `POST /rechecks` only queue it):
1. **Plan** (one worker claims the queued run): documents parsed by an older extractor go
   back to the parse queue (re-parsing is never done inside a re-check), and the vendors
   that need a look are split into batches. A vendor needs a look when the date its
   assessment could next change has come (`vendors.recheck_on`), when it was never
   assessed, assessed with other reference data / risk model / extractor versions, assessed
   as of a later date, or when its profile or documents changed since.
2. **Batches** (any worker, one at a time each, under a lease): each vendor's inputs are
   fingerprinted; a vendor whose fingerprint is unchanged and whose date has not come is
   skipped, the others re-assessed, a snapshot stored only when the outcome changed, and
   the events that follow written to the outbox in the same transaction.
3. The worker that finishes the last batch closes the run with the totals.
A worker that dies loses nothing: its batch's lease runs out and another worker redoes it
(re-assessing is idempotent: same fingerprint, no new snapshot; deadline events are keyed).
"""

import sys
import time
import uuid
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import structlog
from sqlalchemy import delete, exists, func, or_, select, text, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.assessments import service as assessment_service
from app.buyer import service as buyer_service
from app.core import BuyerProfile, Registry, RiskModel
from app.documents.queue import requeue_outdated, worker_id
from app.platform.db import count_and_page, write_transaction
from app.platform.models import Document, RecheckBatch, RecheckRun, Vendor
from app.vendors import service as vendor_service

log = structlog.get_logger(__name__)
ADVISORY_LOCK_KEY = 0x4153_5341_59  # "ASSAY"
BATCH = 500
LEASE = timedelta(minutes=5)
ACTIVE = ("queued", "planning", "running")


class RunInProgress(Exception):
    """Another re-check is queued or running, or this schedule tick already has a run."""


@dataclass
class RecheckSummary:
    run_id: uuid.UUID
    as_of: date
    status: str
    vendors_checked: int = 0
    vendors_changed: int = 0
    vendors_skipped: int = 0
    reparse_queued: int = 0
    events: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)


def start_run(
    session: Session, *, as_of: date, trigger: str, tick: str | None = None
) -> RecheckRun:
    """Queue a run (the caller commits, then wakes the workers). Raises RunInProgress when
    one is already queued or running, or when this schedule tick already has its run."""
    if session.get_bind().dialect.name == "postgresql":
        # Serialise concurrent starts across replicas for this transaction.
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_LOCK_KEY})
    busy = session.scalar(select(RecheckRun.id).where(RecheckRun.status.in_(ACTIVE)).limit(1))
    if busy is not None:
        raise RunInProgress(f"re-check run {busy} is still queued or running")
    run = RecheckRun(
        trigger=trigger,
        tick=tick,
        as_of=as_of,
        started_at=datetime.now(UTC),
        status="queued",
        errors=[],
    )
    session.add(run)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise RunInProgress(f"schedule tick {tick} has already run") from exc
    return run


def get_run(session: Session, *, run_id: uuid.UUID) -> RecheckRun | None:
    return session.get(RecheckRun, run_id)


def list_runs(session: Session, *, limit: int, offset: int) -> tuple[Sequence[RecheckRun], int]:
    """Re-check runs, newest first."""
    return count_and_page(
        session,
        select(RecheckRun),
        RecheckRun.started_at.desc(),
        RecheckRun.id,
        limit=limit,
        offset=offset,
    )


# --- step 1: plan --------------------------------------------------------------------------


def _claimable_run(now: datetime) -> Any:
    return (RecheckRun.status == "queued") | (
        (RecheckRun.status == "planning") & (RecheckRun.lease_expires_at < now)
    )


def plan_next(
    sessions: sessionmaker[Session],
    *,
    registry: Registry,
    model: RiskModel,
    batch_size: int = BATCH,
) -> bool:
    """Claim a queued run (or one whose planner died) and split it in batches."""
    now = datetime.now(UTC)
    with write_transaction(sessions) as session:
        run_id = session.scalar(
            select(RecheckRun.id)
            .where(_claimable_run(now))
            .order_by(RecheckRun.started_at)
            .limit(1)
        )
        if run_id is None:
            return False
        claimed = session.execute(
            update(RecheckRun)
            .where(RecheckRun.id == run_id, _claimable_run(now))
            .values(status="planning", lease_expires_at=now + LEASE)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return True
    with write_transaction(sessions) as session:
        run = session.get(RecheckRun, run_id)
        assert run is not None
        session.execute(delete(RecheckBatch).where(RecheckBatch.run_id == run_id))
        run.reparse_queued = requeue_outdated(session)
        vendor_ids = due_vendors(session, as_of=run.as_of, registry=registry, model=model)
        for seq, start in enumerate(range(0, len(vendor_ids), batch_size)):
            chunk = [str(v) for v in vendor_ids[start : start + batch_size]]
            session.add(RecheckBatch(run_id=run_id, seq=seq, vendor_ids=chunk, status="pending"))
        run.batches_total = -(-len(vendor_ids) // batch_size)
        run.batches_done = 0
        run.status = "running"
        run.lease_expires_at = None
        if run.batches_total == 0:  # nothing due: the run is done at once
            _close(session, run)
    log.info("recheck_planned", run_id=str(run_id), vendors=len(vendor_ids))
    return True


def due_vendors(
    session: Session, *, as_of: date, registry: Registry, model: RiskModel
) -> list[uuid.UUID]:
    """Active vendors whose assessment may differ as of `as_of` (see the module docstring)."""
    label = assessment_service.versions_label(registry, model, buyer_service.current(session))
    # Compared with the newest input timestamp the assessment saw (stored values, so no
    # comparison with this machine's clock).
    since = Vendor.inputs_seen_at
    document_moved = exists().where(
        Document.vendor_id == Vendor.id,
        or_(
            Document.uploaded_at > since,
            Document.parsed_at > since,
            Document.deleted_at > since,
        ),
    )
    query = (
        select(Vendor.id)
        .where(
            Vendor.archived_at.is_(None),
            or_(
                Vendor.inputs_seen_at.is_(None),
                Vendor.recheck_on <= as_of,
                Vendor.assessed_on > as_of,
                Vendor.assessed_with.is_(None),
                Vendor.assessed_with != label,
                Vendor.updated_at > since,
                document_moved,
            ),
        )
        .order_by(Vendor.id)
    )
    return list(session.scalars(query))


# --- step 2: batches -----------------------------------------------------------------------


@dataclass
class _BatchResult:
    checked: int = 0
    changed: int = 0
    skipped: int = 0
    events: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "changed": self.changed,
            "skipped": self.skipped,
            "events": self.events,
            "errors": self.errors,
        }


def batches_waiting(sessions: sessionmaker[Session]) -> int:
    """Batches of running runs that wait for a worker (how many workers may help now)."""
    with sessions() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(RecheckBatch)
                .where(RecheckBatch.status == "pending")
            )
            or 0
        )


def work_next_batch(
    sessions: sessionmaker[Session], *, registry: Registry, model: RiskModel
) -> bool:
    """Claim one pending (or abandoned) batch of any running run and re-check it."""
    now = datetime.now(UTC)
    claimable = (RecheckBatch.status == "pending") | (
        (RecheckBatch.status == "running") & (RecheckBatch.lease_expires_at < now)
    )
    with write_transaction(sessions) as session:
        batch_id = session.scalar(
            select(RecheckBatch.id).where(claimable).order_by(RecheckBatch.seq).limit(1)
        )
        if batch_id is None:
            return False
        claimed = session.execute(
            update(RecheckBatch)
            .where(RecheckBatch.id == batch_id, claimable)
            .values(
                status="running",
                lease_expires_at=now + LEASE,
                claimed_by=worker_id(),
                attempts=RecheckBatch.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return True
        batch = session.get(RecheckBatch, batch_id, populate_existing=True)
        assert batch is not None
        run = session.get(RecheckRun, batch.run_id)
        assert run is not None
        run_id, as_of, attempt = run.id, run.as_of, batch.attempts
        vendor_ids = [uuid.UUID(v) for v in batch.vendor_ids]
    result = _check_batch(sessions, vendor_ids, as_of=as_of, registry=registry, model=model)
    _finish_batch(sessions, batch_id, run_id, attempt, result)
    return True


def _finish_batch(
    sessions: sessionmaker[Session],
    batch_id: uuid.UUID,
    run_id: uuid.UUID,
    attempt: int,
    result: _BatchResult,
) -> None:
    with write_transaction(sessions) as session:
        done = session.execute(
            update(RecheckBatch)
            .where(
                RecheckBatch.id == batch_id,
                RecheckBatch.attempts == attempt,
                RecheckBatch.status == "running",
            )
            .values(status="done", result=result.as_json(), lease_expires_at=None)
            .execution_options(synchronize_session=False)
        )
        if done.rowcount != 1:  # type: ignore[attr-defined]
            return  # our lease ran out and another worker redid the batch
        session.execute(
            update(RecheckRun)
            .where(RecheckRun.id == run_id)
            .values(batches_done=RecheckRun.batches_done + 1)
            .execution_options(synchronize_session=False)
        )
        run = session.get(RecheckRun, run_id, populate_existing=True)
        assert run is not None
        if run.batches_done >= run.batches_total:
            _close(session, run)


def _close(session: Session, run: RecheckRun) -> None:
    """Totals from the batches; the run's final status."""
    summary = summarise(session, run)
    run.vendors_checked, run.vendors_changed = summary.vendors_checked, summary.vendors_changed
    run.vendors_skipped = summary.vendors_skipped
    run.events_emitted = sum(summary.events.values())
    run.errors = summary.errors[:100]
    run.status = "succeeded" if not summary.errors else "partial"
    run.finished_at = datetime.now(UTC)


def summarise(session: Session, run: RecheckRun) -> RecheckSummary:
    """The run's totals so far, from its finished batches."""
    summary = RecheckSummary(
        run_id=run.id, as_of=run.as_of, status=run.status, reparse_queued=run.reparse_queued
    )
    for result in session.scalars(
        select(RecheckBatch.result).where(
            RecheckBatch.run_id == run.id, RecheckBatch.status == "done"
        )
    ):
        if not result:
            continue
        summary.vendors_checked += int(result["checked"])
        summary.vendors_changed += int(result["changed"])
        summary.vendors_skipped += int(result["skipped"])
        summary.errors += result["errors"]
        for kind, count in result["events"].items():
            summary.events[kind] = summary.events.get(kind, 0) + int(count)
    return summary


def _check_batch(
    sessions: sessionmaker[Session],
    vendor_ids: list[uuid.UUID],
    *,
    as_of: date,
    registry: Registry,
    model: RiskModel,
) -> _BatchResult:
    """Re-check a batch in one transaction, written in one flush (fast, above all on SQLite).
    If that transaction fails, redo the batch with a savepoint per vendor, so one vendor's
    database error cannot hold back the others."""
    try:
        return _run_batch(
            sessions, vendor_ids, isolate=False, as_of=as_of, registry=registry, model=model
        )
    except SQLAlchemyError:
        log.warning("recheck_batch_retry", vendors=len(vendor_ids))
        return _run_batch(
            sessions, vendor_ids, isolate=True, as_of=as_of, registry=registry, model=model
        )


def _run_batch(
    sessions: sessionmaker[Session],
    vendor_ids: list[uuid.UUID],
    *,
    isolate: bool,
    as_of: date,
    registry: Registry,
    model: RiskModel,
) -> _BatchResult:
    result = _BatchResult()
    with write_transaction(sessions) as session:
        vendors = {
            v.id: v
            for v in session.scalars(
                select(Vendor).where(Vendor.id.in_(vendor_ids), Vendor.archived_at.is_(None))
            )
        }
        inputs = assessment_service.load_inputs_many(session, vendor_ids=list(vendors))
        previous = assessment_service.latest_many(session, vendor_ids=list(vendors))
        buyer = buyer_service.current(session)
        for vendor_id in (v for v in vendor_ids if v in vendors):
            vendor = vendors[vendor_id]
            if _unchanged(vendor, inputs[vendor_id], as_of, registry, model, previous, buyer):
                result.skipped += 1
                continue
            try:
                with session.begin_nested() if isolate else nullcontext():
                    snapshot, emitted = assessment_service.run_and_store(
                        session,
                        vendor=vendor,
                        as_of=as_of,
                        registry=registry,
                        model=model,
                        trigger="recheck",
                        only_if_changed=True,
                        prefetched=(inputs[vendor_id], previous.get(vendor_id)),
                    )
            except SQLAlchemyError:
                if not isolate:
                    raise
                _record_error(result, vendor_id, sys.exc_info()[1])
                continue
            except Exception as exc:  # a bug in the rules for this vendor's facts
                _record_error(result, vendor_id, exc)
                continue
            result.checked += 1
            result.changed += snapshot is not None
            for kind in emitted:
                result.events[kind] = result.events.get(kind, 0) + 1
    return result


def _unchanged(
    vendor: Vendor,
    inputs: assessment_service.Inputs,
    as_of: date,
    registry: Registry,
    model: RiskModel,
    previous: dict[uuid.UUID, Any],
    buyer: BuyerProfile | None,
) -> bool:
    """True when the stored assessment provably still holds as of `as_of`: same inputs
    fingerprint, assessed as of an earlier (or the same) day, and its date not come."""
    if vendor.id not in previous or vendor.assessed_on is None or vendor.assessed_on > as_of:
        return False
    if vendor.recheck_on is not None and vendor.recheck_on <= as_of:
        return False
    profile = vendor_service.vendor_profile(vendor)
    digest = assessment_service.digest_inputs(inputs, profile, registry, model, buyer)
    return digest == vendor.inputs_digest


def _record_error(result: _BatchResult, vendor_id: uuid.UUID, exc: BaseException | None) -> None:
    log.exception("recheck_vendor_failed", vendor_id=str(vendor_id))
    result.errors.append({"vendor_id": str(vendor_id), "error": f"{type(exc).__name__}: {exc}"})


# --- one call for scripts and tests --------------------------------------------------------


def run_recheck(
    sessions: sessionmaker[Session],
    *,
    as_of: date,
    registry: Registry,
    model: RiskModel,
    trigger: str,
    tick: str | None = None,
) -> RecheckSummary:
    """Queue a run and work it to the end in this process (other workers may help); raises
    RunInProgress if another run is active or this `tick` already ran."""
    with write_transaction(sessions) as session:
        run_id = start_run(session, as_of=as_of, trigger=trigger, tick=tick).id
    while True:
        summary = current_summary(sessions, run_id)
        if summary.status not in ACTIVE:
            return summary
        worked = plan_next(sessions, registry=registry, model=model) or work_next_batch(
            sessions, registry=registry, model=model
        )
        if not worked:  # the last batches are with other workers
            time.sleep(0.2)


def current_summary(sessions: sessionmaker[Session], run_id: uuid.UUID) -> RecheckSummary:
    """The run's status and totals now."""
    with sessions() as session:
        run = session.get(RecheckRun, run_id)
        assert run is not None
        summary = summarise(session, run)
        summary.status = run.status
        return summary
