"""Orphan blobs: files written by an upload whose transaction never committed.

An upload writes its bytes (fsynced, renamed to their sha256) *before* its row commits, so a
crash or a failed commit in between leaves a file that no row references, and a crash while
streaming leaves a `tmp/*.part` file. Neither is ever acknowledged to a client. The sweep
deletes both once they are older than a grace period (an upload in flight is younger than
that, and re-uploading identical bytes renews the file's time), and never touches a file that
a document row (deleted or not) references.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.adapters.blobs import BlobStore
from app.platform.db import READ_ONLY
from app.platform.models import Document
from app.platform.settings import Settings

log = structlog.get_logger(__name__)
_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class SweepResult:
    scanned: int
    deleted: int
    partials_deleted: int


def _blob_files(root: Path) -> Iterator[Path]:
    for first in root.iterdir():
        if len(first.name) != 2 or not first.is_dir() or not set(first.name) <= _HEX:
            continue
        for second in first.iterdir():
            if second.is_dir():
                yield from (p for p in second.iterdir() if p.is_file())


def _older_than(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:
        return False


def sweep_orphan_blobs(
    session: Session, *, store: BlobStore, now: datetime, grace: timedelta
) -> SweepResult:
    """Delete stored files older than `grace` that no document row references."""
    cutoff = (now - grace).timestamp()
    candidates = [p for p in _blob_files(store.root) if _older_than(p, cutoff)]
    referenced: set[str] = set()
    names = [p.name for p in candidates]
    for start in range(0, len(names), 500):
        batch = names[start : start + 500]
        referenced.update(
            session.scalars(select(Document.sha256).where(Document.sha256.in_(batch))).all()
        )
    deleted = 0
    for path in candidates:
        if path.name not in referenced and _older_than(path, cutoff):
            path.unlink(missing_ok=True)
            deleted += 1
    partials = 0
    tmp = store.root / "tmp"
    for part in tmp.glob("*.part") if tmp.is_dir() else ():
        if _older_than(part, cutoff):
            part.unlink(missing_ok=True)
            partials += 1
    result = SweepResult(scanned=len(candidates), deleted=deleted, partials_deleted=partials)
    if deleted or partials:
        log.info("orphan_blobs_swept", **result.__dict__)
    return result


def sweep_at_startup(
    sessions: sessionmaker[Session], *, store: BlobStore, settings: Settings
) -> SweepResult | None:
    """The start-up sweep (a failure is logged, never fatal: the files are only clutter)."""
    try:
        with sessions() as session:
            session.connection(execution_options={READ_ONLY: True})
            return sweep_orphan_blobs(
                session,
                store=store,
                now=datetime.now(UTC),
                grace=timedelta(minutes=settings.orphan_blob_minutes),
            )
    except Exception:
        log.exception("orphan_blob_sweep_failed")
        return None
