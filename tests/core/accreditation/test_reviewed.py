"""Reviewer-verified records in force on a date (app/core/accreditation/reviewed.py): used with
provenance `verified` (who, when, where), shown in look-ups, aged out after the period."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from app.core.accreditation.reviewed import in_force
from app.core.accreditation.verify import (
    Accreditation,
    AccreditationBody,
    AccreditationStatus,
    CertificationBody,
    LookupVerdict,
    MlaStatus,
    Provenance,
    Registry,
    ReviewedRecord,
    Source,
    SubScope,
    lookup,
    verify_certification,
)
from app.core.findings import FindingCode

AS_OF = date(2026, 11, 23)
CURATED = Source(Provenance.curated, "maintainer-curated", register="https://register.example/")


def _ab(code: str) -> AccreditationBody:
    return AccreditationBody(
        code, f"{code} body", "X", MlaStatus.signatory, SubScope.recognised, SubScope.unknown,
        CURATED, directory=f"https://{code.lower()}.example/directory",
    )  # fmt: skip


BASE = Registry(
    version="test-2",
    accreditation_bodies=(_ab("UKAS"), _ab("ANAB")),
    certification_bodies=(
        CertificationBody(
            "bsi", "BSI Assurance UK Ltd", CURATED, group="BSI",
            accreditations=(Accreditation("UKAS", "27001", AccreditationStatus.active, CURATED, "003"),),
        ),
    ),
    review_max_age_days=365,
)  # fmt: skip


def _record(**overrides: object) -> ReviewedRecord:
    base: dict[str, object] = {
        "certification_body": "Northgate Assurance Services Ltd",
        "accreditation_body": "ANAB",
        "standard": "27001",
        "status": AccreditationStatus.active,
        "checked_on": date(2026, 10, 1),
        "checked_by": "alice@example.com",
        "source_url": "https://anab.example/directory/northgate",
        "number": "CB-1234",
        "note": "scope includes ISO/IEC 27001:2022",
    }
    return ReviewedRecord(**{**base, **overrides})  # type: ignore[arg-type]


def _verify(registry: Registry, cb: str, ab: str, as_of: date = AS_OF) -> list[FindingCode]:
    v = verify_certification(
        registry, certification_body=cb, accreditation_body=ab, accreditation_number=None,
        standard="27001", as_of=as_of,
    )  # fmt: skip
    return [i.code for i in v.issues]


def test_a_recorded_check_turns_unverified_into_verified_accredited() -> None:
    unknown = "Northgate Assurance Services Ltd"
    assert _verify(BASE, unknown, "ANAB") == [FindingCode.CB_ACCREDITATION_UNVERIFIED]
    reviewed = replace(BASE, reviewed=(_record(),))
    assert _verify(reviewed, unknown, "ANAB") == []
    result = lookup(reviewed, unknown, "27001", as_of=AS_OF)
    assert (result.verdict, result.provenance) == (LookupVerdict.accredited, Provenance.verified)
    assert "verified in https://anab.example/directory/northgate on 2026-10-01" in result.record
    assert "by alice@example.com" in result.record


def test_a_record_about_a_known_cb_replaces_its_data_row() -> None:
    negative = _record(
        certification_body="BSI Assurance UK Limited", accreditation_body="UKAS",
        status=AccreditationStatus.withdrawn, number="003",
    )  # fmt: skip
    reviewed = replace(BASE, reviewed=(negative,))
    assert _verify(reviewed, "BSI Assurance UK Ltd", "UKAS") == [
        FindingCode.CB_ACCREDITATION_SUSPENDED
    ]
    assert len(in_force(reviewed, AS_OF).certification_bodies) == 1


def test_not_accredited_record_makes_a_known_cb_not_accredited() -> None:
    record = _record(
        certification_body="BSI Assurance UK Ltd", accreditation_body="UKAS",
        status=AccreditationStatus.not_accredited,
    )  # fmt: skip
    v = verify_certification(
        replace(BASE, reviewed=(record,)), certification_body="BSI Assurance UK Ltd",
        accreditation_body="UKAS", accreditation_number=None, standard="27001", as_of=AS_OF,
    )  # fmt: skip
    (issue,) = v.issues
    assert issue.code is FindingCode.CB_NOT_ACCREDITED
    assert issue.provenance is Provenance.verified


@pytest.mark.parametrize(
    ("checked_on", "applied"),
    [
        (AS_OF - timedelta(days=365), True),
        (AS_OF - timedelta(days=366), False),
        (AS_OF, True),
        (AS_OF + timedelta(days=1), False),
    ],
    ids=["365-days-old", "aged-out", "same-day", "after-as-of"],
)
def test_records_age_out_back_to_unverified(checked_on: date, applied: bool) -> None:
    reviewed = replace(BASE, reviewed=(_record(checked_on=checked_on),))
    codes = _verify(reviewed, "Northgate Assurance Services Ltd", "ANAB")
    assert (codes == []) is applied
    if not applied:
        assert codes == [FindingCode.CB_ACCREDITATION_UNVERIFIED]


def test_the_period_is_configurable() -> None:
    reviewed = replace(
        BASE, reviewed=(_record(checked_on=date(2026, 8, 1)),), review_max_age_days=30
    )
    assert _verify(reviewed, "Northgate Assurance Services Ltd", "ANAB") == [
        FindingCode.CB_ACCREDITATION_UNVERIFIED
    ]


def test_an_old_verified_data_row_is_shown_as_reported() -> None:
    old = Source(
        Provenance.verified, "UKAS register", register="https://ukas.example/", verified_on=date(2024, 1, 5)
    )  # fmt: skip
    cb = replace(
        BASE.certification_bodies[0],
        accreditations=(Accreditation("UKAS", "27001", AccreditationStatus.active, old),),
    )
    registry = replace(BASE, certification_bodies=(cb,))
    aged = lookup(registry, "BSI Assurance UK Ltd", "27001", as_of=AS_OF)
    assert aged.provenance is Provenance.reported
    assert "read the register again" in aged.record
    fresh = lookup(registry, "BSI Assurance UK Ltd", "27001", as_of=date(2024, 6, 1))
    assert fresh.provenance is Provenance.verified
    assert lookup(registry, "BSI Assurance UK Ltd", "27001").provenance is Provenance.verified


def test_in_force_is_computed_once_per_date() -> None:
    reviewed = replace(BASE, reviewed=(_record(),))
    assert in_force(reviewed, AS_OF) is in_force(reviewed, AS_OF)
    assert in_force(BASE, AS_OF) is BASE
    assert in_force(reviewed, None) is reviewed
