"""Buyer profile use cases: read the one profile of the deployment, set it (admin), and apply
the default file from settings at start-up. Services never commit."""

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from app.audit import service as audit_service
from app.buyer.files import read_buyer_file
from app.core import BuyerProfile, BuyerSector
from app.platform.auth import Principal
from app.platform.db import write_transaction
from app.platform.models import BuyerProfileRow

_ID = 1
# Re-checks assess thousands of vendors in one session: the profile is read once per session.
_CACHE = "assay.buyer_profile"


def _row(session: Session) -> BuyerProfileRow | None:
    return session.get(BuyerProfileRow, _ID)


def _profile(row: BuyerProfileRow) -> BuyerProfile:
    return BuyerProfile(
        sector=BuyerSector(row.sector), regions=row.regions, us_federal=row.us_federal
    )


def current(session: Session) -> BuyerProfile | None:
    """The buyer profile in force, or None when none is set (then nothing is derived)."""
    if _CACHE not in session.info:
        row = _row(session)
        session.info[_CACHE] = _profile(row) if row is not None else None
    cached: BuyerProfile | None = session.info[_CACHE]
    return cached


def read(session: Session) -> BuyerProfileRow | None:
    return _row(session)


def put(session: Session, *, profile: BuyerProfile, actor: Principal) -> BuyerProfileRow:
    """Set the buyer profile (it wins over the settings file from now on)."""
    row = _store(session, profile, source="api", by=actor.subject)
    audit_service.record(
        session,
        actor=actor,
        action="buyer_profile.updated",
        object_type="buyer_profile",
        object_id=_ID,
        detail=profile.model_dump(mode="json"),
    )
    return row


def _store(session: Session, profile: BuyerProfile, *, source: str, by: str) -> BuyerProfileRow:
    row = _row(session)
    if row is None:
        row = BuyerProfileRow(id=_ID)
        session.add(row)
    row.sector, row.regions, row.us_federal = (
        profile.sector.value,
        profile.regions,
        profile.us_federal,
    )
    row.source, row.updated_by, row.updated_at = source, by, datetime.now(UTC)
    session.flush()
    session.info[_CACHE] = profile
    return row


def apply_default_file(sessions: sessionmaker[Session], path: Path | None) -> None:
    """At start-up: the settings file is the profile unless an admin has set one with the API."""
    if path is None:
        return
    profile = read_buyer_file(path)
    with write_transaction(sessions) as session:
        row = _row(session)
        if row is None or row.source == "settings":
            _store(session, profile, source="settings", by="settings")
