"""One re-check run: recompute every active vendor's assessment as of a date from stored facts
and the current reference data, store a snapshot only where something changed, and write the
events that follow (STYLE.md rule 12). Used by the scheduler, `assay recheck` and the API.

Concurrency: a scheduled run claims its tick in `recheck_runs.tick` (unique), so with several
replicas exactly one run happens per tick; on PostgreSQL an advisory lock also keeps any two
runs (scheduled or manual) from overlapping.
"""

import sys
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial

import structlog
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.assessments import service as assessment_service
from app.core import EXTRACTOR_VERSION, Registry, RiskModel
from app.platform.db import count_and_page
from app.platform.models import Document, RecheckRun, Vendor

log = structlog.get_logger(__name__)
ADVISORY_LOCK_KEY = 0x4153_5341_59  # "ASSAY"
BATCH = 200
_local_lock = threading.Lock()

ReparseFn = Callable[[Session, Document], None]


@dataclass
class RecheckSummary:
    run_id: uuid.UUID | None
    as_of: date
    status: str
    vendors_checked: int = 0
    vendors_changed: int = 0
    events: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)
    reparsed: int = 0


class RunInProgress(Exception):
    """Another re-check holds the lock, or this schedule tick already ran."""


@contextmanager
def _exclusive(sessions: sessionmaker[Session]) -> Iterator[None]:
    if not _local_lock.acquire(blocking=False):
        raise RunInProgress("a re-check is already running in this process")
    try:
        engine = sessions.kw["bind"]
        if engine.dialect.name != "postgresql":
            yield
            return
        with engine.connect() as conn:
            if not conn.execute(
                text("SELECT pg_try_advisory_lock(:k)"), {"k": ADVISORY_LOCK_KEY}
            ).scalar():
                raise RunInProgress("a re-check is already running on another replica")
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ADVISORY_LOCK_KEY})
                conn.commit()
    finally:
        _local_lock.release()


def run_recheck(
    sessions: sessionmaker[Session],
    *,
    as_of: date,
    registry: Registry,
    model: RiskModel,
    trigger: str,
    tick: str | None = None,
    reparse: ReparseFn | None = None,
) -> RecheckSummary:
    """Re-assess every active vendor as of `as_of`; raises RunInProgress if another run holds
    the lock or this `tick` already ran."""
    with _exclusive(sessions):
        run_id = _start_run(sessions, as_of=as_of, trigger=trigger, tick=tick)
        summary = RecheckSummary(run_id=run_id, as_of=as_of, status="running")
        try:
            for batch in _vendor_batches(sessions):
                _check_batch(
                    sessions,
                    batch,
                    summary,
                    as_of=as_of,
                    registry=registry,
                    model=model,
                    reparse=reparse,
                )
            summary.status = "succeeded" if not summary.errors else "partial"
        except Exception as exc:
            summary.status = "failed"
            summary.errors.append({"vendor_id": "", "error": f"{type(exc).__name__}: {exc}"})
            raise
        finally:
            _finish_run(sessions, summary)
    return summary


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


def _start_run(
    sessions: sessionmaker[Session], *, as_of: date, trigger: str, tick: str | None
) -> uuid.UUID:
    try:
        with sessions.begin() as session:
            run = RecheckRun(
                trigger=trigger,
                tick=tick,
                as_of=as_of,
                started_at=datetime.now(UTC),
                status="running",
                errors=[],
            )
            session.add(run)
            session.flush()
            return run.id
    except IntegrityError as exc:
        raise RunInProgress(f"schedule tick {tick} has already run") from exc


def _finish_run(sessions: sessionmaker[Session], summary: RecheckSummary) -> None:
    with sessions.begin() as session:
        run = session.get(RecheckRun, summary.run_id)
        assert run is not None
        run.finished_at = datetime.now(UTC)
        run.status = summary.status
        run.vendors_checked, run.vendors_changed = summary.vendors_checked, summary.vendors_changed
        run.events_emitted = sum(summary.events.values())
        run.errors = summary.errors[:100]


def _vendor_batches(sessions: sessionmaker[Session]) -> Iterator[list[uuid.UUID]]:
    with sessions() as session:
        ids = session.scalars(
            select(Vendor.id).where(Vendor.archived_at.is_(None)).order_by(Vendor.id)
        ).all()
    for start in range(0, len(ids), BATCH):
        yield list(ids[start : start + BATCH])


@dataclass
class _BatchResult:
    checked: int = 0
    changed: int = 0
    reparsed: int = 0
    events: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)


def _check_batch(
    sessions: sessionmaker[Session],
    vendor_ids: list[uuid.UUID],
    summary: RecheckSummary,
    *,
    as_of: date,
    registry: Registry,
    model: RiskModel,
    reparse: ReparseFn | None,
) -> None:
    """Re-check a batch in one transaction, written in one flush (fast, above all on SQLite).
    If that transaction fails, redo the batch with a savepoint per vendor, so one vendor's
    database error cannot hold back the others."""
    run = partial(
        _run_batch,
        sessions,
        vendor_ids,
        as_of=as_of,
        registry=registry,
        model=model,
        reparse=reparse,
    )
    try:
        result = run(isolate=False)
    except SQLAlchemyError:
        log.warning("recheck_batch_retry", vendors=len(vendor_ids))
        result = run(isolate=True)
    summary.vendors_checked += result.checked
    summary.vendors_changed += result.changed
    summary.reparsed += result.reparsed
    summary.errors += result.errors
    for kind, count in result.events.items():
        summary.events[kind] = summary.events.get(kind, 0) + count


def _run_batch(
    sessions: sessionmaker[Session],
    vendor_ids: list[uuid.UUID],
    *,
    isolate: bool,
    as_of: date,
    registry: Registry,
    model: RiskModel,
    reparse: ReparseFn | None,
) -> _BatchResult:
    result = _BatchResult()
    with sessions.begin() as session:
        if reparse is not None:
            result.reparsed = _reparse_outdated(session, vendor_ids, reparse, result)
        vendors = {
            v.id: v for v in session.scalars(select(Vendor).where(Vendor.id.in_(vendor_ids)))
        }
        inputs = assessment_service.load_inputs_many(session, vendor_ids=vendor_ids)
        previous = assessment_service.latest_many(session, vendor_ids=vendor_ids)
        for vendor_id in (v for v in vendor_ids if v in vendors):
            try:
                with session.begin_nested() if isolate else nullcontext():
                    snapshot, emitted = assessment_service.run_and_store(
                        session,
                        vendor=vendors[vendor_id],
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


def _record_error(summary: "_BatchResult", vendor_id: uuid.UUID, exc: BaseException | None) -> None:
    log.exception("recheck_vendor_failed", vendor_id=str(vendor_id))
    summary.errors.append({"vendor_id": str(vendor_id), "error": f"{type(exc).__name__}: {exc}"})


def _reparse_outdated(
    session: Session, vendor_ids: list[uuid.UUID], reparse: ReparseFn, summary: "_BatchResult"
) -> int:
    """Parse again the documents an older extractor version produced."""
    outdated = session.scalars(
        select(Document).where(
            Document.vendor_id.in_(vendor_ids),
            Document.deleted_at.is_(None),
            Document.status.in_(("parsed", "failed")),
            Document.extractor_version != EXTRACTOR_VERSION,
        )
    ).all()
    for document in outdated:
        try:
            with session.begin_nested():
                reparse(session, document)
        except Exception as exc:
            _record_error(summary, document.vendor_id, exc)
    return len(outdated)
