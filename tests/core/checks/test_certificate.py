"""Certificate rules at their boundaries: the day before and after each deadline."""

from datetime import date, timedelta

import pytest

from app.core.findings import FindingCode, Severity
from app.core.kinds import DocumentKind
from tests.builders import AS_OF, doc, make_certificate_facts, make_context, make_profile, raised

C = FindingCode
DAY = timedelta(days=1)


def _ctx(**facts: object):  # type: ignore[no-untyped-def]
    return make_context(doc("cert.pdf", make_certificate_facts(**facts)))


@pytest.mark.parametrize(
    ("code", "facts", "expected"),
    [
        (C.CERT_EXPIRED, {"expiry_date": AS_OF - DAY}, True),
        (C.CERT_EXPIRED, {"expiry_date": AS_OF}, False),
        (C.CERT_EXPIRING, {"expiry_date": AS_OF + timedelta(days=90)}, True),
        (C.CERT_EXPIRING, {"expiry_date": AS_OF + timedelta(days=91)}, False),
        (C.CERT_EXPIRING, {"expiry_date": AS_OF}, True),
        (C.CERT_EXPIRING, {"expiry_date": AS_OF - DAY}, False),
        (C.CERT_NOT_YET_VALID, {"issue_date": AS_OF + DAY}, True),
        (C.CERT_NOT_YET_VALID, {"issue_date": AS_OF}, False),
        (C.CERT_VALIDITY_EXCEEDS_CYCLE, {"issue_date": date(2026, 1, 10), "expiry_date": date(2029, 1, 11)}, True),
        (C.CERT_VALIDITY_EXCEEDS_CYCLE, {"issue_date": date(2026, 1, 10), "expiry_date": date(2029, 1, 10)}, False),
        (C.CERT_SUPERSEDED_STANDARD, {"standard_version": "2013"}, True),
        (C.CERT_SUPERSEDED_STANDARD, {"standard_version": "2022"}, False),
        (C.CERT_HOLDER_MISMATCH, {"holder": "Southwind Logistics GmbH"}, True),
        (C.CERT_HOLDER_MISMATCH, {"holder": "NORTHWIND ANALYTICS LIMITED"}, False),
        (C.CERT_HOLDER_MISMATCH, {"holder": "Northwind Analytics, Inc."}, False),
    ],
    ids=[
        "CERT_EXPIRED-day-after", "CERT_EXPIRED-on-expiry-day",
        "CERT_EXPIRING-90-days", "CERT_EXPIRING-91-days", "CERT_EXPIRING-last-day", "CERT_EXPIRING-expired",
        "CERT_NOT_YET_VALID-tomorrow", "CERT_NOT_YET_VALID-today",
        "CERT_VALIDITY_EXCEEDS_CYCLE-3y+1d", "CERT_VALIDITY_EXCEEDS_CYCLE-3y",
        "CERT_SUPERSEDED_STANDARD-2013", "CERT_SUPERSEDED_STANDARD-2022",
        "CERT_HOLDER_MISMATCH-other", "CERT_HOLDER_MISMATCH-suffix-case", "CERT_HOLDER_MISMATCH-other-suffix",
    ],
)  # fmt: skip
def test_certificate_rule_boundaries(
    code: FindingCode, facts: dict[str, object], expected: bool
) -> None:
    assert bool(raised(_ctx(**facts), code)) is expected


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2025, 10, 31), False), (date(2025, 11, 1), True)],
    ids=["CERT_SUPERSEDED_STANDARD-last-day", "CERT_SUPERSEDED_STANDARD-day-after"],
)
def test_superseded_standard_turns_on_after_transition_end(as_of: date, expected: bool) -> None:
    ctx = make_context(
        doc(
            "cert.pdf", make_certificate_facts(standard_version="2013", issue_date=date(2024, 3, 1))
        ),
        as_of=as_of,
    )
    found = raised(ctx, C.CERT_SUPERSEDED_STANDARD)
    assert bool(found) is expected
    assert all(f.severity is Severity.critical for f in found)


def test_expired_detail_states_dates_and_days_and_cites_evidence() -> None:
    (finding,) = raised(_ctx(expiry_date=date(2026, 3, 31)), C.CERT_EXPIRED)
    assert finding.severity is Severity.critical
    assert "2026-03-31" in finding.detail
    assert "237 days" in finding.detail
    assert finding.evidence[0].document == "cert.pdf"
    assert finding.evidence[0].quote == "2026-03-31"
    assert "renewed certificate" in finding.ask_vendor


def test_no_iso27001_only_without_a_27001_certificate() -> None:
    cert42 = doc(
        "ai.pdf",
        make_certificate_facts(standard="ISO/IEC 42001"),
        DocumentKind.iso42001_certificate,
    )
    assert raised(make_context(cert42), C.NO_ISO27001)
    assert not raised(make_context(cert42, doc("c.pdf", make_certificate_facts())), C.NO_ISO27001)


def test_expiry_rules_apply_to_42001_certificates_too() -> None:
    cert42 = doc(
        "ai.pdf", make_certificate_facts(expiry_date=AS_OF - DAY), DocumentKind.iso42001_certificate
    )
    assert raised(make_context(cert42), C.CERT_EXPIRED)
    # The 2013 cut-off concerns ISO/IEC 27001 only.
    old42 = doc(
        "ai.pdf", make_certificate_facts(standard_version="2013"), DocumentKind.iso42001_certificate
    )
    assert not raised(make_context(old42), C.CERT_SUPERSEDED_STANDARD)


def test_holder_may_match_trading_name() -> None:
    ctx = make_context(
        doc("c.pdf", make_certificate_facts(holder="Acme Holdings Ltd")),
        profile=make_profile(name="Acme", legal_names=["Acme Holdings Limited"]),
    )
    assert not raised(ctx, C.CERT_HOLDER_MISMATCH)


def test_holder_with_turkish_letters_and_legal_form() -> None:
    ctx = make_context(
        doc("c.pdf", make_certificate_facts(holder="MC SİSTEM BİLGİ TEKNOLOJİLERİ A.Ş.")),
        profile=make_profile(name="MC Sistem", legal_names=["MC Sistem Bilgi Teknolojileri AS"]),
    )
    assert not raised(ctx, C.CERT_HOLDER_MISMATCH)


@pytest.mark.parametrize(
    ("holder", "names", "expected"),
    [
        ("CENTRO TEKNOLOJI ANONIM SIRKETI", ["Centro Teknoloji A.Ş."], False),
        ("MC SISTEM ELEKTRONIK ELEKTRIK MUHENDISLIK A.S.", ["MC Sistem"], False),
        ("Global Systems Integration Inc", ["Global"], True),
        ("Lattice Harbor Software, Inc.", ["Harbor Software"], True),
    ],
    ids=[
        "CERT_HOLDER_MISMATCH-turkish-legal-form",
        "CERT_HOLDER_MISMATCH-trading-name-prefix",
        "CERT_HOLDER_MISMATCH-one-word-prefix",
        "CERT_HOLDER_MISMATCH-not-a-prefix",
    ],
)
def test_holder_name_forms(holder: str, names: list[str], expected: bool) -> None:
    ctx = make_context(
        doc("c.pdf", make_certificate_facts(holder=holder)),
        profile=make_profile(name=names[0], legal_names=names),
    )
    assert bool(raised(ctx, C.CERT_HOLDER_MISMATCH)) is expected


OLD = make_certificate_facts(
    standard_version="2013", issue_date=date(2022, 3, 1), expiry_date=date(2025, 2, 28)
)
RENEWED = make_certificate_facts(issue_date=date(2025, 2, 20), expiry_date=date(2028, 2, 19))


@pytest.mark.parametrize(
    "code",
    [C.CERT_EXPIRED, C.CERT_SUPERSEDED_STANDARD],
    ids=["CERT_EXPIRED", "CERT_SUPERSEDED_STANDARD"],
)
def test_certificate_replaced_by_its_renewal_is_not_judged(code: FindingCode) -> None:
    alone = make_context(doc("old.pdf", OLD), as_of=date(2025, 12, 1))
    renewed = make_context(doc("old.pdf", OLD), doc("new.pdf", RENEWED), as_of=date(2025, 12, 1))
    assert raised(alone, code)
    assert not raised(renewed, code)


def test_renewal_by_another_holder_does_not_replace() -> None:
    other = make_certificate_facts(holder="Southwind Ltd", issue_date=date(2025, 2, 20))
    ctx = make_context(doc("old.pdf", OLD), doc("other.pdf", other), as_of=date(2025, 12, 1))
    assert raised(ctx, C.CERT_EXPIRED)


def test_surveillance_of_a_replaced_certificate_is_not_judged() -> None:
    old = make_certificate_facts(issue_date=date(2023, 1, 10), expiry_date=date(2026, 1, 9))
    new = make_certificate_facts(issue_date=date(2025, 6, 1), expiry_date=date(2028, 5, 31))
    assert raised(
        make_context(doc("old.pdf", old), as_of=date(2025, 12, 1)), C.SURVEILLANCE_OVERDUE
    )
    both = make_context(doc("old.pdf", old), doc("new.pdf", new), as_of=date(2025, 12, 1))
    assert not raised(both, C.SURVEILLANCE_OVERDUE)
