"""A daily re-check looks only at vendors whose date came or whose inputs moved, and that is
safe: after any sequence of runs, every vendor's latest stored assessment equals a full
recompute as of the last run's date (a hypothesis property over random vendors, random
dates and random edits between runs)."""

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.adapters.reference.loader import load_registry
from app.adapters.reference.risk_model import load_risk_model
from app.assessments import service as assessment_service
from app.core import ParsedDocument, assess, outcome_digest
from app.platform import migrate
from app.platform.db import make_engine, make_sessionmaker
from app.platform.models import Document, Vendor
from app.rechecks import service as recheck_service
from app.vendors import service as vendor_service
from tests.builders import (
    make_certificate_facts,
    make_parsed,
    make_profile,
    make_soc2_facts,
    make_surveillance_facts,
)
from tests.seed import seed_vendor

REGISTRY, MODEL = load_registry(), load_risk_model()
DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2029, 12, 31))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "assay.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@st.composite
def vendor_documents(draw: st.DrawFn) -> list[ParsedDocument]:
    issue = draw(DAYS)
    docs: list[ParsedDocument] = [
        make_parsed(
            make_certificate_facts(
                issue_date=issue, expiry_date=issue + timedelta(days=draw(st.integers(300, 1200)))
            )
        )
    ]
    if draw(st.booleans()):
        docs.append(
            make_parsed(
                make_surveillance_facts(
                    audit_date=issue + timedelta(days=draw(st.integers(100, 500)))
                )
            )
        )
    if draw(st.booleans()):
        end = draw(DAYS)
        docs.append(
            make_parsed(make_soc2_facts(period_start=end - timedelta(days=365), period_end=end))
        )
    return docs


def _sessions(template: Path, tmp: Path) -> Iterator[sessionmaker[Session]]:
    db = tmp / "assay.db"
    shutil.copy(template, db)
    engine = make_engine(f"sqlite:///{db}")
    try:
        yield make_sessionmaker(engine)
    finally:
        engine.dispose()


def _full_recompute(sessions: sessionmaker[Session], as_of: date) -> dict[str, str]:
    with sessions() as session:
        vendors = session.scalars(select(Vendor).where(Vendor.archived_at.is_(None))).all()
        out = {}
        for vendor in vendors:
            inputs = assessment_service.load_inputs(session, vendor_id=vendor.id)
            profile = vendor_service.vendor_profile(vendor)
            result = assess(inputs.documents, profile, REGISTRY, as_of=as_of, model=MODEL)
            out[str(vendor.id)] = outcome_digest(result)
        return out


def _stored(sessions: sessionmaker[Session]) -> dict[str, str]:
    with sessions() as session:
        vendors = session.scalars(select(Vendor).where(Vendor.archived_at.is_(None))).all()
        latest = assessment_service.latest_many(session, vendor_ids=[v.id for v in vendors])
        return {str(v): a.fingerprint for v, a in latest.items()}


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    vendors=st.lists(vendor_documents(), min_size=1, max_size=6),
    start=DAYS,
    steps=st.lists(
        st.tuples(st.integers(1, 400), st.sampled_from(["none", "rename", "delete"])),
        min_size=1,
        max_size=4,
    ),
)
def test_skipped_vendors_equal_a_full_recompute(
    template: Path,
    tmp_path_factory: pytest.TempPathFactory,
    vendors: list[list[ParsedDocument]],
    start: date,
    steps: list[tuple[int, str]],
) -> None:
    for sessions in _sessions(template, tmp_path_factory.mktemp("run")):
        with sessions.begin() as session:
            for i, documents in enumerate(vendors):
                seed_vendor(
                    session,
                    make_profile(name=f"Vendor {i}", legal_names=["Northwind Analytics Ltd"]),
                    documents,
                )
        day = start
        recheck_service.run_recheck(
            sessions, as_of=day, registry=REGISTRY, model=MODEL, trigger="test"
        )
        looked_at = []
        for gap, edit in steps:
            _edit(sessions, edit)
            day += timedelta(days=gap)
            summary = recheck_service.run_recheck(
                sessions, as_of=day, registry=REGISTRY, model=MODEL, trigger="test"
            )
            looked_at.append(summary.vendors_checked + summary.vendors_skipped)
            assert _stored(sessions) == _full_recompute(sessions, day)


def _edit(sessions: sessionmaker[Session], edit: str) -> None:
    """An input change between runs, made as the API would make it."""
    with sessions.begin() as session:
        vendor = session.scalars(select(Vendor).order_by(Vendor.id).limit(1)).one()
        now = datetime.now(UTC)
        if edit == "rename":
            vendor.legal_names = ["Someone Else Ltd"]
            vendor.updated_at = now
        elif edit == "delete":
            document = session.scalars(
                select(Document)
                .where(Document.vendor_id == vendor.id, Document.deleted_at.is_(None))
                .limit(1)
            ).first()
            if document is not None:
                document.deleted_at = now


def test_the_next_day_looks_at_no_vendor_whose_date_has_not_come(
    template: Path, tmp_path: Path
) -> None:
    for sessions in _sessions(template, tmp_path):
        with sessions.begin() as session:
            for i in range(20):
                facts = make_certificate_facts(
                    issue_date=date(2026, 1, 10), expiry_date=date(2029, 1, 9)
                )
                seed_vendor(session, make_profile(name=f"V{i}"), [make_parsed(facts)])
        first = recheck_service.run_recheck(
            sessions, as_of=date(2026, 6, 1), registry=REGISTRY, model=MODEL, trigger="t"
        )
        second = recheck_service.run_recheck(
            sessions, as_of=date(2026, 6, 2), registry=REGISTRY, model=MODEL, trigger="t"
        )
        assert first.vendors_checked == 20
        assert (second.vendors_checked, second.vendors_skipped) == (0, 0)
        # New reference data: every vendor is looked at again.
        from dataclasses import replace

        third = recheck_service.run_recheck(
            sessions,
            as_of=date(2026, 6, 3),
            registry=replace(REGISTRY, version="other"),
            model=MODEL,
            trigger="t",
        )
        assert third.vendors_checked == 20
