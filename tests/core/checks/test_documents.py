"""Unreadable, self-contradicting and mismatched documents."""

from datetime import date

import pytest

from app.core.checks.context import AssessedDocument
from app.core.findings import FindingCode
from tests.builders import (
    doc,
    make_bridge_facts,
    make_certificate_facts,
    make_context,
    make_soa_facts,
    make_surveillance_facts,
    raised,
)

C = FindingCode
CERT = doc("cert.pdf", make_certificate_facts())


def test_unreadable_document() -> None:
    broken = AssessedDocument(ref="scan.pdf", parsed=None, error="encrypted PDF")
    (finding,) = raised(make_context(CERT, broken), C.DOCUMENT_UNREADABLE)
    assert "scan.pdf" in finding.detail
    assert "encrypted PDF" in finding.detail
    assert not raised(make_context(CERT), C.DOCUMENT_UNREADABLE)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"issue_date": date(2026, 1, 2), "expiry_date": date(2026, 1, 1)}, True),
        ({"issue_date": date(2025, 7, 7), "expiry_date": date(2026, 7, 6), "stated_validity_years": 3, "original_certification_date": None}, True),
        ({"issue_date": date(2023, 7, 31), "expiry_date": date(2024, 7, 31), "stated_validity_years": 1}, False),
        ({"issue_date": date(2025, 5, 17), "expiry_date": date(2028, 5, 16), "stated_validity_years": 3}, False),
        ({"issue_date": date(2025, 5, 17), "expiry_date": date(2027, 5, 16), "stated_validity_years": 3, "original_certification_date": date(2024, 5, 17)}, False),
        ({"issue_date": date(2025, 5, 17), "expiry_date": date(2029, 5, 16), "stated_validity_years": 3}, True),
    ],
    ids=[
        "DOCUMENT_INCONSISTENT-expiry-before-issue", "DOCUMENT_INCONSISTENT-3y-stated-1y-dates",
        "DOCUMENT_INCONSISTENT-1y-matches", "DOCUMENT_INCONSISTENT-3y-matches",
        "DOCUMENT_INCONSISTENT-mid-cycle-reissue", "DOCUMENT_INCONSISTENT-4y-dates",
    ],
)  # fmt: skip
def test_certificate_contradictions(facts: dict[str, object], expected: bool) -> None:
    ctx = make_context(doc("cert.pdf", make_certificate_facts(**facts)))
    assert bool(raised(ctx, C.DOCUMENT_INCONSISTENT)) is expected


@pytest.mark.parametrize(
    ("report_date", "expected"),
    [(date(2025, 6, 11), True), (date(2025, 2, 19), False)],
    ids=[
        "DOCUMENT_INCONSISTENT-letter-cites-later-report",
        "DOCUMENT_INCONSISTENT-letter-same-day",
    ],
)
def test_bridge_letter_citing_later_report(report_date: date, expected: bool) -> None:
    letter = make_bridge_facts(letter_date=date(2025, 2, 19), report_date=report_date)
    found = raised(make_context(doc("bridge.pdf", letter)), C.DOCUMENT_INCONSISTENT)
    assert bool(found) is expected
    if found:
        assert "2025-06-11" in found[0].detail
        assert "2025-02-19" in found[0].detail


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        (doc("letter.pdf", make_surveillance_facts(certificate_number="IS-712345")), False),
        (doc("letter.pdf", make_surveillance_facts(certificate_number="IS 999999")), True),
        (doc("letter.pdf", make_surveillance_facts(certificate_number=None, holder="Other Corp Ltd")), True),
        (doc("soa.pdf", make_soa_facts(certificate_number="IS 999999")), True),
        (doc("soa.pdf", make_soa_facts(holder="Northwind Analytics Limited")), False),
    ],
    ids=[
        "CERT_NUMBER_MISMATCH-same-number", "CERT_NUMBER_MISMATCH-other-number",
        "CERT_NUMBER_MISMATCH-other-holder", "CERT_NUMBER_MISMATCH-soa-number",
        "CERT_NUMBER_MISMATCH-soa-same-holder",
    ],
)  # fmt: skip
def test_cert_number_mismatch(other: AssessedDocument, expected: bool) -> None:
    assert bool(raised(make_context(CERT, other), C.CERT_NUMBER_MISMATCH)) is expected
