"""Statement of Applicability rules."""

from datetime import date

import pytest

from app.core.extract.soa.annex_a import ANNEX_A_2013, ANNEX_A_2022
from app.core.findings import FindingCode
from tests.builders import (
    doc,
    make_certificate_facts,
    make_context,
    make_profile,
    make_soa_controls,
    make_soa_facts,
    raised,
)

C = FindingCode
CERT = doc("cert.pdf", make_certificate_facts())


def _ctx(profile=None, cert=CERT, **soa: object):  # type: ignore[no-untyped-def]
    return make_context(cert, doc("soa.pdf", make_soa_facts(**soa)), profile=profile)


def test_soa_missing_boundary() -> None:
    assert raised(make_context(CERT), C.SOA_MISSING)
    assert not raised(_ctx(), C.SOA_MISSING)
    assert not raised(make_context(), C.SOA_MISSING)  # no certificate: NO_ISO27001 says it


@pytest.mark.parametrize(
    ("soa", "expected"),
    [
        ({"standard_version": "2013", "controls": make_soa_controls(ids=ANNEX_A_2013)}, True),
        ({"standard_version": None, "controls": make_soa_controls(ids=ANNEX_A_2013)}, True),
        ({}, False),
    ],
    ids=["SOA_OUTDATED-2013", "SOA_OUTDATED-2013-by-ids", "SOA_OUTDATED-2022"],
)
def test_soa_outdated(soa: dict[str, object], expected: bool) -> None:
    assert bool(raised(_ctx(**soa), C.SOA_OUTDATED)) is expected


def test_soa_incomplete_names_missing_controls() -> None:
    controls = make_soa_controls(ids=[c for c in ANNEX_A_2022 if c not in ("A.5.7", "A.8.25")])
    (finding,) = raised(_ctx(controls=controls), C.SOA_INCOMPLETE)
    assert "91 of the 93" in finding.detail
    assert "A.5.7, A.8.25" in finding.detail
    assert not raised(_ctx(), C.SOA_INCOMPLETE)
    assert not raised(_ctx(controls=[]), C.SOA_INCOMPLETE)  # nothing read: a parse problem


@pytest.mark.parametrize(
    ("excluded", "expected"),
    [
        ({"A.7.4": None, "A.7.12": "No physical site"}, ["A.7.4"]),
        ({"A.8.23": "  n/a "}, ["A.8.23"]),
        ({"A.7.12": "No physical site"}, []),
    ],
    ids=[
        "SOA_EXCLUSION_UNJUSTIFIED-empty",
        "SOA_EXCLUSION_UNJUSTIFIED-na",
        "SOA_EXCLUSION_UNJUSTIFIED-justified",
    ],
)
def test_unjustified_exclusions(excluded: dict[str, str | None], expected: list[str]) -> None:
    found = raised(_ctx(controls=make_soa_controls(excluded)), C.SOA_EXCLUSION_UNJUSTIFIED)
    assert [e.quote for f in found for e in f.evidence] == expected


@pytest.mark.parametrize(
    ("ai_vendor", "excluded", "expected"),
    [
        (True, {"A.8.25": "We do not develop software"}, True),
        (True, {"A.5.34": "No PII"}, True),
        (True, {"A.7.12": "No physical site"}, False),
        (False, {"A.8.25": "We do not develop software"}, False),
    ],
    ids=[
        "SOA_AI_CONTROL_EXCLUDED-secure-dev",
        "SOA_AI_CONTROL_EXCLUDED-privacy",
        "SOA_AI_CONTROL_EXCLUDED-other-control",
        "SOA_AI_CONTROL_EXCLUDED-not-ai",
    ],
)
def test_ai_control_excluded(ai_vendor: bool, excluded: dict[str, str], expected: bool) -> None:
    ctx = _ctx(profile=make_profile(ai_vendor=ai_vendor), controls=make_soa_controls(excluded))
    found = raised(ctx, C.SOA_AI_CONTROL_EXCLUDED)
    assert bool(found) is expected
    if found:
        assert next(iter(excluded)) in found[0].detail


@pytest.mark.parametrize(
    ("reference", "soa", "expected"),
    [
        ("Statement of Applicability v3.1, 2026-02-01", {"version": "3.1"}, False),
        ("Statement of Applicability v3.0, 2025-02-01", {"version": "3.1"}, True),
        ("SoA Version 3.10", {"version": "3.1"}, True),
        ("SoA 26.10.2024 Rev.00", {"version": "Rev.00"}, False),
        ("SoA dated 2026-02-01", {"version": None, "date": date(2026, 2, 1)}, False),
        ("SoA dated 2025-02-01", {"version": None, "date": date(2026, 2, 1)}, True),
        ("See the SoA", {"version": "3.1"}, False),
    ],
    ids=[
        "SOA_REFERENCE_MISMATCH-same", "SOA_REFERENCE_MISMATCH-older", "SOA_REFERENCE_MISMATCH-3.10-vs-3.1",
        "SOA_REFERENCE_MISMATCH-rev", "SOA_REFERENCE_MISMATCH-date-same", "SOA_REFERENCE_MISMATCH-date-other",
        "SOA_REFERENCE_MISMATCH-uncomparable",
    ],
)  # fmt: skip
def test_soa_reference_mismatch(reference: str, soa: dict[str, object], expected: bool) -> None:
    cert = doc("cert.pdf", make_certificate_facts(soa_reference=reference))
    assert bool(raised(_ctx(cert=cert, **soa), C.SOA_REFERENCE_MISMATCH)) is expected


def test_latest_soa_is_judged() -> None:
    old = doc(
        "old.pdf",
        make_soa_facts(
            date=date(2023, 1, 1),
            standard_version="2013",
            controls=make_soa_controls(ids=ANNEX_A_2013),
        ),
    )
    new = doc("new.pdf", make_soa_facts(date=date(2026, 1, 1)))
    assert not raised(make_context(CERT, old, new), C.SOA_OUTDATED)
