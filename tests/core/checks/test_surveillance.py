"""Surveillance: due 12 months after the later of issue and the latest audit, plus grace."""

from datetime import date

import pytest

from app.core.findings import FindingCode, Severity
from app.core.risk_model import RiskModel
from tests.builders import (
    doc,
    make_certificate_facts,
    make_context,
    make_surveillance_facts,
    raised,
)

C = FindingCode
ISSUED = date(2024, 5, 20)
# Due 2025-05-20; 3 months' grace ends 2025-08-20: overdue from 2025-08-21.


def _cert(**overrides: object):  # type: ignore[no-untyped-def]
    base = {"issue_date": ISSUED, "expiry_date": date(2027, 5, 19)}
    return doc("cert.pdf", make_certificate_facts(**{**base, **overrides}))


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2025, 5, 20), None),
        (date(2025, 5, 21), None),
        (date(2025, 8, 20), None),
        (date(2025, 8, 21), Severity.high),
    ],
    ids=[
        "SURVEILLANCE_OVERDUE-due-day",
        "SURVEILLANCE_OVERDUE-day-after-due",
        "SURVEILLANCE_OVERDUE-last-day-of-grace",
        "SURVEILLANCE_OVERDUE-day-after-grace",
    ],
)
def test_overdue_after_twelve_months_and_grace(as_of: date, expected: Severity | None) -> None:
    """The contract's deadline: 12 months plus the grace; nothing before it."""
    found = raised(make_context(_cert(), as_of=as_of), C.SURVEILLANCE_OVERDUE)
    assert [f.severity for f in found] == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2025, 5, 20), None),
        (date(2025, 5, 21), Severity.low),
        (date(2025, 8, 20), Severity.low),
        (date(2025, 8, 21), Severity.high),
    ],
    ids=[
        "SURVEILLANCE_OVERDUE-printed-due-day",
        "SURVEILLANCE_OVERDUE-day-after-printed-due",
        "SURVEILLANCE_OVERDUE-printed-last-day-of-grace",
        "SURVEILLANCE_OVERDUE-printed-day-after-grace",
    ],
)
def test_printed_due_date_gives_an_early_warning(as_of: date, expected: Severity | None) -> None:
    """The certificate itself says when surveillance was due: past it, inside the grace, an
    early warning (low); after the grace: high."""
    cert = _cert(surveillance_due_dates=[date(2025, 5, 20)])
    found = raised(make_context(cert, as_of=as_of), C.SURVEILLANCE_OVERDUE)
    assert [f.severity for f in found] == ([expected] if expected else [])


def test_printed_due_date_earlier_than_twelve_months_counts() -> None:
    cert = _cert(surveillance_due_dates=[date(2025, 3, 1)])
    (finding,) = raised(make_context(cert, as_of=date(2025, 3, 2)), C.SURVEILLANCE_OVERDUE)
    assert finding.severity is Severity.low
    assert "2025-03-01" in finding.detail


def test_detail_states_due_date_deadline_and_days_overdue() -> None:
    (finding,) = raised(make_context(_cert(), as_of=date(2026, 11, 23)), C.SURVEILLANCE_OVERDUE)
    assert "2025-05-20" in finding.detail
    assert "2025-08-20" in finding.detail
    assert "552 days overdue" in finding.detail
    assert finding.severity is Severity.high


def test_grace_is_configurable() -> None:
    model = RiskModel(version="t", surveillance_grace_months=0)
    ctx = make_context(_cert(), as_of=date(2025, 5, 21), model=model)
    assert raised(ctx, C.SURVEILLANCE_OVERDUE)


@pytest.mark.parametrize(
    ("audit_date", "expected"),
    [(date(2025, 5, 1), False), (date(2024, 5, 19), True), (date(2027, 1, 1), True)],
    ids=[
        "SURVEILLANCE_OVERDUE-newer-audit-clears",
        "SURVEILLANCE_OVERDUE-older-audit",
        "SURVEILLANCE_OVERDUE-audit-after-as-of",
    ],
)
def test_only_newer_evidence_clears(audit_date: date, expected: bool) -> None:
    audit = doc(
        "letter.pdf", make_surveillance_facts(certificate_number="IS 712345", audit_date=audit_date)
    )
    ctx = make_context(_cert(), audit, as_of=date(2026, 1, 10))
    assert bool(raised(ctx, C.SURVEILLANCE_OVERDUE)) is expected


def test_evidence_for_another_certificate_does_not_clear() -> None:
    audit = doc(
        "letter.pdf",
        make_surveillance_facts(certificate_number="IS 999999", audit_date=date(2025, 5, 1)),
    )
    assert raised(make_context(_cert(), audit, as_of=date(2026, 1, 10)), C.SURVEILLANCE_OVERDUE)


def test_last_audit_date_on_certificate_restarts_the_clock() -> None:
    ctx = make_context(_cert(last_audit_date=date(2025, 5, 1)), as_of=date(2026, 1, 10))
    assert not raised(ctx, C.SURVEILLANCE_OVERDUE)


def test_printed_due_date_is_stated_when_overdue() -> None:
    cert = _cert(surveillance_due_dates=[date(2025, 5, 19)])
    (finding,) = raised(make_context(cert, as_of=date(2026, 1, 10)), C.SURVEILLANCE_OVERDUE)
    assert "prints surveillance due 2025-05-19" in finding.detail


def test_expired_certificate_is_not_also_overdue() -> None:
    cert = _cert(expiry_date=date(2025, 12, 31))
    assert not raised(make_context(cert, as_of=date(2026, 1, 10)), C.SURVEILLANCE_OVERDUE)


@pytest.mark.parametrize(
    ("facts", "severity"),
    [
        ({"outcome": "suspended"}, Severity.critical),
        ({"outcome": "withdrawn"}, Severity.critical),
        ({"outcome": "continued", "major_nonconformities": 1}, Severity.high),
        ({"outcome": "continued", "major_nonconformities": 0, "minor_nonconformities": 4}, None),
    ],
    ids=[
        "SURVEILLANCE_FAILED-suspended",
        "SURVEILLANCE_FAILED-withdrawn",
        "SURVEILLANCE_FAILED-major-nc",
        "SURVEILLANCE_FAILED-minor-only",
    ],
)
def test_failed_surveillance(facts: dict[str, object], severity: Severity | None) -> None:
    ctx = make_context(_cert(), doc("letter.pdf", make_surveillance_facts(**facts)))
    found = raised(ctx, C.SURVEILLANCE_FAILED)
    assert [f.severity for f in found] == ([severity] if severity else [])


def test_later_clean_audit_closes_major_nonconformity() -> None:
    first = doc(
        "a.pdf", make_surveillance_facts(audit_date=date(2025, 5, 1), major_nonconformities=2)
    )
    second = doc(
        "b.pdf", make_surveillance_facts(audit_date=date(2025, 8, 1), major_nonconformities=0)
    )
    assert not raised(make_context(_cert(), first, second), C.SURVEILLANCE_FAILED)


def test_suspended_audit_is_newer_evidence_and_a_failure() -> None:
    """The audit that suspended the certificate took place: it fails, it is not overdue."""
    audit = doc("l.pdf", make_surveillance_facts(audit_date=date(2025, 5, 1), outcome="suspended"))
    ctx = make_context(_cert(), audit, as_of=date(2026, 1, 10))
    assert not raised(ctx, C.SURVEILLANCE_OVERDUE)
    assert raised(ctx, C.SURVEILLANCE_FAILED)
