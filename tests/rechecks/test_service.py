"""Re-check runs: snapshots only on change, deadline events once each, archived vendors
skipped, and exactly one run per schedule tick even when replicas race."""

import multiprocessing
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.adapters.reference.loader import load_registry
from app.adapters.reference.risk_model import load_risk_model
from app.core.accreditation.verify import Registry
from app.core.risk_model import RiskModel
from app.platform.db import make_engine, make_sessionmaker
from app.platform.models import Assessment, Event, RecheckRun
from app.rechecks import service as recheck_service
from tests.builders import make_certificate_facts, make_parsed, make_profile, make_soa_facts
from tests.rechecks import replica
from tests.seed import seed_vendor

EXPIRY = date(2027, 3, 1)


@pytest.fixture
def sessions(database_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


@pytest.fixture(scope="module")
def model() -> RiskModel:
    return load_risk_model()


def _seed(
    sessions: sessionmaker[Session], *, name: str = "Northwind Analytics", archived: bool = False
) -> str:
    with sessions.begin() as session:
        vendor = seed_vendor(
            session,
            make_profile(name=name),
            [
                make_parsed(
                    make_certificate_facts(
                        issue_date=date(2026, 3, 2),
                        expiry_date=EXPIRY,
                        original_certification_date=date(2024, 3, 2),
                    )
                ),
                make_parsed(make_soa_facts()),
            ],
        )
        if archived:
            from datetime import UTC, datetime

            vendor.archived_at = datetime.now(UTC)
        return str(vendor.id)


def _run(
    sessions: sessionmaker[Session],
    registry: Registry,
    model: RiskModel,
    as_of: date,
    tick: str | None = None,
) -> recheck_service.RecheckSummary:
    return recheck_service.run_recheck(
        sessions, as_of=as_of, registry=registry, model=model, trigger="test", tick=tick
    )


def _events(sessions: sessionmaker[Session], kind: str) -> list[Event]:
    with sessions() as session:
        return list(
            session.scalars(select(Event).where(Event.type == kind).order_by(Event.created_at))
        )


def test_expiring_event_once_per_threshold(
    sessions: sessionmaker[Session], registry: Registry, model: RiskModel
) -> None:
    _seed(sessions)
    _run(sessions, registry, model, EXPIRY - timedelta(days=91))
    assert _events(sessions, "certificate.expiring") == []
    _run(sessions, registry, model, EXPIRY - timedelta(days=90))
    _run(sessions, registry, model, EXPIRY - timedelta(days=89))
    first = _events(sessions, "certificate.expiring")
    assert [e.data["threshold_days"] for e in first] == [90]
    assert first[0].data["document_id"] and first[0].data["vendor_id"]
    _run(sessions, registry, model, EXPIRY - timedelta(days=60))
    _run(sessions, registry, model, EXPIRY - timedelta(days=29))
    assert [e.data["threshold_days"] for e in _events(sessions, "certificate.expiring")] == [
        90,
        60,
        30,
    ]
    _run(sessions, registry, model, EXPIRY + timedelta(days=1))
    _run(sessions, registry, model, EXPIRY + timedelta(days=2))
    assert len(_events(sessions, "certificate.expired")) == 1


def test_snapshot_stored_only_when_something_changed(
    sessions: sessionmaker[Session], registry: Registry, model: RiskModel
) -> None:
    _seed(sessions)
    day = date(2026, 11, 23)
    first = _run(sessions, registry, model, day)
    second = _run(sessions, registry, model, day + timedelta(days=1))
    assert (first.vendors_checked, first.vendors_changed) == (1, 1)
    # Nothing can have changed the next day: the vendor is not even looked at.
    assert (second.vendors_checked, second.vendors_changed, second.vendors_skipped) == (0, 0, 0)
    expired = _run(sessions, registry, model, EXPIRY + timedelta(days=1))
    assert expired.vendors_changed == 1
    with sessions() as session:
        snapshots = session.scalars(select(Assessment).order_by(Assessment.created_at)).all()
        assert len(snapshots) == 2
        assert "CERT_EXPIRED" in {f["code"] for f in snapshots[-1].findings}
    assert _events(sessions, "assessment.tier_changed")[0].data["tier_to"] == snapshots[-1].tier


def test_archived_vendors_are_not_rechecked(
    sessions: sessionmaker[Session], registry: Registry, model: RiskModel
) -> None:
    _seed(sessions, name="Active")
    _seed(sessions, name="Gone", archived=True)
    assert _run(sessions, registry, model, date(2026, 11, 23)).vendors_checked == 1


def test_a_tick_runs_once(
    sessions: sessionmaker[Session], registry: Registry, model: RiskModel
) -> None:
    _seed(sessions)
    _run(sessions, registry, model, date(2026, 11, 23), tick="2026-11-23T02:00:00+00:00")
    with pytest.raises(recheck_service.RunInProgress):
        _run(sessions, registry, model, date(2026, 11, 23), tick="2026-11-23T02:00:00+00:00")


def test_concurrent_replicas_run_a_tick_exactly_once(
    database_url: str, sessions: sessionmaker[Session]
) -> None:
    """Three processes (as three replicas would) fire the same schedule tick at once."""
    _seed(sessions)
    tick = "2026-11-24T02:00:00+00:00"
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        outcomes = pool.starmap(replica.run_tick, [(database_url, tick)] * 3)
    assert sorted(outcomes) == ["ran", "skipped", "skipped"]
    with sessions() as session:
        runs = session.scalars(select(RecheckRun).where(RecheckRun.tick == tick)).all()
    assert len(runs) == 1 and runs[0].vendors_checked == 1


def _suspend(registry: Registry, cb_name: str) -> Registry:
    """The same data with `cb_name`'s accreditations suspended, under a new version."""
    from dataclasses import replace

    from app.core.accreditation.registry import AccreditationStatus

    bodies = tuple(
        replace(
            cb,
            accreditations=tuple(
                replace(a, status=AccreditationStatus("suspended")) for a in cb.accreditations
            ),
        )
        if cb.name == cb_name
        else cb
        for cb in registry.certification_bodies
    )
    return replace(registry, version=registry.version + "+suspended", certification_bodies=bodies)


def test_accreditation_change_after_a_data_update_emits_an_event(
    sessions: sessionmaker[Session], registry: Registry, model: RiskModel
) -> None:
    _seed(sessions)
    day = date(2026, 11, 23)
    _run(sessions, registry, model, day)
    assert _events(sessions, "accreditation.changed") == []
    changed = _run(sessions, _suspend(registry, "BSI Assurance UK Ltd"), model, day)
    assert changed.vendors_changed == 1
    events = _events(sessions, "accreditation.changed")
    assert len(events) == 1
    assert "CB_ACCREDITATION_SUSPENDED" in events[0].data["findings_after"]
    assert events[0].data["document_id"]


def test_a_vendor_failing_in_the_database_does_not_hold_back_the_batch(
    sessions: sessionmaker[Session],
    registry: Registry,
    model: RiskModel,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sqlalchemy.exc import IntegrityError

    from app.assessments import service as assessment_service

    good, bad = _seed(sessions, name="Good Vendor"), _seed(sessions, name="Bad Vendor")
    real = assessment_service.run_and_store

    def failing(session: Session, **kwargs):  # type: ignore[no-untyped-def]
        if str(kwargs["vendor"].id) == bad:
            raise IntegrityError("INSERT", {}, Exception("duplicate key"))
        return real(session, **kwargs)

    monkeypatch.setattr(assessment_service, "run_and_store", failing)
    summary = _run(sessions, registry, model, date(2026, 11, 23))
    assert (summary.vendors_checked, summary.vendors_changed) == (1, 1)
    assert [e["vendor_id"] for e in summary.errors] == [bad]
    assert summary.status == "partial"
    with sessions() as session:
        assessed = {str(v) for v in session.scalars(select(Assessment.vendor_id))}
    assert assessed == {good}
