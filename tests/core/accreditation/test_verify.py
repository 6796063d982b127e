"""CB look-up and certificate verification against a small hand-built registry (app/core/accreditation/verify.py): three states, groups and entities, provenance."""

from datetime import date

import pytest

from app.core.accreditation.verify import (
    Accreditation,
    AccreditationBody,
    AccreditationStatus,
    CbGroup,
    CertificationBody,
    LookalikeBody,
    LookupVerdict,
    MlaStatus,
    Provenance,
    Registry,
    Source,
    SubScope,
    lookup,
    verify_certification,
)
from app.core.findings import FindingCode

CURATED = Source(Provenance.curated, "maintainer-curated", register="https://register.example/")
REPORTED = Source(Provenance.reported, "AB news", "2025-09-30")
VERIFIED = Source(
    Provenance.verified,
    "AB register",
    register="https://register.example/",
    verified_on=date(2026, 1, 5),
)


def _ab(
    code: str, isms: SubScope = SubScope.recognised, mla: MlaStatus = MlaStatus.signatory
) -> AccreditationBody:
    return AccreditationBody(code, f"{code} body", "X", mla, isms, SubScope.unknown, CURATED)


def _acc(body: str, standard: str = "27001", status: AccreditationStatus = AccreditationStatus.active,
         number: str | None = None, source: Source = CURATED) -> Accreditation:  # fmt: skip
    return Accreditation(body, standard, status, source, number)


def _cb(
    cb_id: str,
    name: str,
    *accs: Accreditation,
    aliases: tuple[str, ...] = (),
    group: str | None = None,
    country: str | None = None,
) -> CertificationBody:
    return CertificationBody(cb_id, name, CURATED, aliases, group, country, accs)


REGISTRY = Registry(
    version="test-1",
    accreditation_bodies=(
        _ab("UKAS"), _ab("ANAB"), _ab("DAkkS"), _ab("EGAC", SubScope.unknown), _ab("JAS-ANZ"),
        _ab("NOTMS", SubScope.not_recognised), _ab("GAC", SubScope.unknown, MlaStatus.not_signatory),
        AccreditationBody("ISMS-AC", "ISMS Accreditation Center", "Japan", MlaStatus.signatory,
                          SubScope.recognised, SubScope.unknown, CURATED, directory="https://isms.example/"),
    ),
    lookalikes=(
        LookalikeBody("EURO-UK", "Euro UK Accreditation Licensing Services", "printed on a certificate", "not in IAF", REPORTED, ("Euro UK",)),
    ),
    certification_bodies=(
        _cb("bsi", "BSI Assurance UK Ltd", _acc("UKAS", number="003"), group="BSI", country="United Kingdom"),
        _cb("bsi-us", "BSI Group America Inc.", _acc("ANAB"), group="BSI", country="United States"),
        _cb("coalfire", "Coalfire ISO, Inc.", _acc("ANAB", source=VERIFIED), aliases=("Coalfire ISO",), group="Coalfire"),
        _cb("tuv-sud", "TÜV SÜD Management Service GmbH", _acc("DAkkS"), group="TÜV SÜD"),
        _cb("tuv-rh", "TÜV Rheinland Cert GmbH", _acc("DAkkS"), group="TÜV Rheinland"),
        _cb("sgs-uk", "SGS United Kingdom Limited", _acc("UKAS"), group="SGS"),
        _cb("sgs-na", "SGS North America Inc.", _acc("ANAB"), group="SGS"),
        _cb("suspended", "Lapsed Certification Ltd", _acc("UKAS", status=AccreditationStatus.suspended)),
        _cb("scope", "Only Quality Ltd", _acc("UKAS", standard="42001")),
        _cb("mhm", "MHM Advisory Ltd", _acc("ANAB", standard="42001", source=REPORTED)),
        _cb("claims", "QRO Certification LLP", _acc("EGAC", status=AccreditationStatus.claimed, number="011905", source=REPORTED)),
        _cb("notms", "Odd Registrar Pvt. Ltd.", _acc("NOTMS")),
        _cb("cac", "CAC Conformity Assessment Center d.o.o.", _acc("DAkkS")),
        _cb("linford", "Linford & Company LLP", _acc("ANAB"), _acc("ANAB", "42001", AccreditationStatus.not_accredited, source=REPORTED)),
        _cb("negative", "Refused Registrar Ltd", _acc("UKAS", status=AccreditationStatus.not_accredited, source=REPORTED)),
    ),
    groups=(CbGroup("BSI", CURATED, ("British Standards Institution", "BSI Group")),),
)  # fmt: skip

NAME_CASES = [
    ("BSI Assurance UK Limited", "BSI Assurance UK Ltd"),
    ("BSI ASSURANCE UK LTD.", "BSI Assurance UK Ltd"),
    ("Linford & Co LLP", "Linford & Company LLP"),
    ("Linford and Company", "Linford & Company LLP"),
    ("Coalfire ISO Inc", "Coalfire ISO, Inc."),
    ("Coalfire", "Coalfire ISO, Inc."),
    ("TUV SUD Management Service GmbH", "TÜV SÜD Management Service GmbH"),
    ("TUEV SUED Management Service GmbH", "TÜV SÜD Management Service GmbH"),
    ("TÜV SÜD Management Service", "TÜV SÜD Management Service GmbH"),
    ("TÜV Rheinland Cert GmbH", "TÜV Rheinland Cert GmbH"),
    ("CAC Conformity Assessment Center doo", "CAC Conformity Assessment Center d.o.o."),
    ("CAC Conformity Assesment Centre d.o.o.", "CAC Conformity Assessment Center d.o.o."),
    ("BSl Assurance UK Ltd", "BSI Assurance UK Ltd"),
    ("Northwind Holdings LLC dba Coalfire ISO", "Coalfire ISO, Inc."),
    ("Odd Registrar Private Limited", "Odd Registrar Pvt. Ltd."),
]


@pytest.mark.parametrize(("printed", "expected"), NAME_CASES, ids=[c[0] for c in NAME_CASES])
def test_printed_name_variants_match_the_legal_entity(printed: str, expected: str) -> None:
    result = lookup(REGISTRY, printed, "27001")
    assert result.match is not None
    assert result.match.name == expected
    assert result.score is not None
    assert result.score >= 88


@pytest.mark.parametrize(
    ("group", "expected"),
    [
        ("SGS", {"SGS United Kingdom Limited", "SGS North America Inc."}),
        ("TÜV", {"TÜV SÜD Management Service GmbH", "TÜV Rheinland Cert GmbH"}),
        ("TUV", {"TÜV SÜD Management Service GmbH", "TÜV Rheinland Cert GmbH"}),
        ("BSI", {"BSI Assurance UK Ltd", "BSI Group America Inc."}),
        ("The British Standards Institution", {"BSI Assurance UK Ltd", "BSI Group America Inc."}),
        ("BSI Group Japan K.K.", {"BSI Assurance UK Ltd", "BSI Group America Inc."}),
    ],
    ids=["SGS", "TÜV", "TUV", "BSI", "group-alias", "group-entity-not-in-data"],
)
def test_group_name_alone_is_ambiguous(group: str, expected: set[str]) -> None:
    result = lookup(REGISTRY, group, "27001")
    assert result.verdict is LookupVerdict.ambiguous
    assert result.match is None
    assert {c.cb.name for c in result.alternatives} == expected


@pytest.mark.parametrize(
    "printed", ["Certification Services Ltd", "Acme Quality Registrars", "", "Assurance"],
    ids=["generic-words", "unknown", "empty", "generic-single"],
)  # fmt: skip
def test_below_threshold_is_not_found_never_the_nearest(printed: str) -> None:
    result = lookup(REGISTRY, printed, "27001")
    assert result.verdict in (LookupVerdict.not_found, LookupVerdict.ambiguous)
    assert result.match is None
    assert result.provenance is None


@pytest.mark.parametrize(
    ("name", "standard", "verdict", "provenance"),
    [
        ("Coalfire ISO, Inc.", "27001", LookupVerdict.accredited, Provenance.verified),
        ("BSI Assurance UK Ltd", "27001", LookupVerdict.accredited, Provenance.curated),
        ("BSI Assurance UK Ltd", "42001", LookupVerdict.not_accredited_for_standard, Provenance.curated),
        ("MHM Advisory Ltd", "42001", LookupVerdict.accredited, Provenance.reported),
        ("Lapsed Certification Ltd", "27001", LookupVerdict.suspended, Provenance.curated),
        ("QRO Certification LLP", "27001", LookupVerdict.not_accredited_for_standard, Provenance.curated),
        ("Odd Registrar Pvt Ltd", "27001", LookupVerdict.not_accredited_for_standard, Provenance.curated),
        ("Linford & Co", "42001", LookupVerdict.not_accredited_for_standard, Provenance.reported),
        ("Nobody Certs Ltd", "27001", LookupVerdict.not_found, None),
    ],
    ids=["verified", "curated", "scope", "reported-42001", "suspended", "claim-only", "ab-not-recognised",
         "explicitly-not-accredited", "not-found"],
)  # fmt: skip
def test_lookup_verdict_and_deciding_provenance(
    name: str, standard: str, verdict: LookupVerdict, provenance: Provenance | None
) -> None:
    result = lookup(REGISTRY, name, standard)
    assert (result.verdict, result.provenance) == (verdict, provenance)
    assert result.version == "test-1"


def test_an_extension_standard_is_judged_by_its_base_and_says_so() -> None:
    result = lookup(REGISTRY, "BSI Assurance UK Ltd", "27701")
    assert result.verdict is LookupVerdict.accredited
    assert "no ISO/IEC 27701 record; 27701 extends 27001" in result.record
    assert lookup(REGISTRY, "BSI Assurance UK Ltd", "42001").verdict is (
        LookupVerdict.not_accredited_for_standard
    )


def test_curated_record_is_never_described_as_verified() -> None:
    result = lookup(REGISTRY, "BSI Assurance UK Ltd", "27001")
    assert "curated, not verified" in result.record
    assert "verified in" not in result.record
    assert (
        "verified in https://register.example/ on 2026-01-05"
        in lookup(REGISTRY, "Coalfire ISO", "27001").record
    )


def _codes(
    cb: str | None, ab: str | None, number: str | None = None, standard: str = "27001"
) -> list[FindingCode]:
    v = verify_certification(
        REGISTRY,
        certification_body=cb,
        accreditation_body=ab,
        accreditation_number=number,
        standard=standard,
    )
    return [i.code for i in v.issues]


C = FindingCode
VERIFY_CASES = [
    ("accredited-number", "BSI Assurance UK Ltd", "UKAS", "0003", "27001", []),
    ("accredited-suffix", "BSI Assurance UK Limited", "UKAS", None, "27001", []),
    # unknown CB: the mark decides between not accredited and unverified
    ("CB_ACCREDITATION_UNVERIFIED-unknown-cb-recognised-mark", "Nobody Certs Ltd", "UKAS", None, "27001", [C.CB_ACCREDITATION_UNVERIFIED]),
    ("CB_ACCREDITATION_UNVERIFIED-unconfirmed-subscope", "Nobody Certs Ltd", "EGAC", None, "27001", [C.CB_ACCREDITATION_UNVERIFIED]),
    ("CB_NOT_ACCREDITED-unknown-cb-no-mark", "Nobody Certs Ltd", None, None, "27001", [C.CERT_NO_ACCREDITATION_MARK, C.CB_NOT_ACCREDITED]),
    ("CB_NOT_ACCREDITED-unknown-cb-lookalike", "Nobody Certs Ltd", "EURO-UK", None, "27001", [C.AB_NOT_RECOGNISED, C.CB_NOT_ACCREDITED]),
    ("CB_NOT_ACCREDITED-unknown-cb-unknown-ab", "Nobody Certs Ltd", "IBMSA", None, "27001", [C.AB_NOT_RECOGNISED, C.CB_NOT_ACCREDITED]),
    # known only from a claim: as unknown
    ("CB_ACCREDITATION_UNVERIFIED-claim-only", "QRO Certification LLP", "EGAC", "011905", "27001", [C.CB_ACCREDITATION_UNVERIFIED]),
    # known CBs
    ("CB_ACCREDITATION_SCOPE", "BSI Assurance UK Ltd", "UKAS", None, "42001", [C.CB_ACCREDITATION_SCOPE]),
    # 27701 extends a 27001 ISMS: with no 27701 record, the 27001 accreditation speaks for it
    ("27701-extension-of-accredited-27001", "BSI Assurance UK Ltd", "UKAS", None, "27701", []),
    ("CB_ACCREDITATION_SUSPENDED-27701-extension", "Lapsed Certification Ltd", "UKAS", None, "27701", [C.CB_ACCREDITATION_SUSPENDED]),
    ("CB_ACCREDITATION_SCOPE-explicit-negative", "Linford & Co LLP", "ANAB", None, "42001", [C.CB_ACCREDITATION_SCOPE]),
    ("CB_NOT_ACCREDITED-known-negative", "Refused Registrar Ltd", "UKAS", None, "27001", [C.CB_NOT_ACCREDITED]),
    ("CB_NOT_ACCREDITED-known-unrecognised-ab", "Odd Registrar Pvt. Ltd.", "NOTMS", None, "27001", [C.AB_NOT_RECOGNISED, C.CB_NOT_ACCREDITED]),
    ("AB_NOT_RECOGNISED-lookalike-code", "BSI Assurance UK Ltd", "EURO-UK", None, "27001", [C.AB_NOT_RECOGNISED]),
    ("AB_NOT_RECOGNISED-lookalike-name", "BSI Assurance UK Ltd", "Euro UK", None, "27001", [C.AB_NOT_RECOGNISED]),
    ("AB_NOT_RECOGNISED-unknown", "BSI Assurance UK Ltd", "NOSUCHAB", None, "27001", [C.AB_NOT_RECOGNISED]),
    ("AB_NOT_RECOGNISED-not-signatory", "BSI Assurance UK Ltd", "GAC", None, "27001", [C.AB_NOT_RECOGNISED]),
    ("AB_MISMATCH-single-entity", "Coalfire ISO, Inc.", "UKAS", None, "27001", [C.AB_MISMATCH]),
    ("AB_MISMATCH-number", "BSI Assurance UK Ltd", "UKAS", "0008", "27001", [C.AB_MISMATCH]),
    ("CB_ACCREDITATION_UNVERIFIED-multi-ab-group", "BSI Assurance UK Ltd", "ANAB", None, "27001", [C.CB_ACCREDITATION_UNVERIFIED]),
    ("CERT_NO_ACCREDITATION_MARK", "BSI Assurance UK Ltd", None, None, "27001", [C.CERT_NO_ACCREDITATION_MARK]),
    ("CB_ACCREDITATION_SUSPENDED", "Lapsed Certification Ltd", "UKAS", None, "27001", [C.CB_ACCREDITATION_SUSPENDED]),
    ("nothing-read", None, None, None, "27001", [C.CERT_NO_ACCREDITATION_MARK, C.CB_NOT_ACCREDITED]),
    ("CB_ACCREDITATION_UNVERIFIED-no-name-recognised-mark", None, "UKAS", None, "27001", [C.CB_ACCREDITATION_UNVERIFIED]),
    # groups: the printed AB, number or country picks the entity
    ("group-narrowed-by-ab", "SGS", "ANAB", None, "27001", []),
    ("group-ambiguous-no-mark", "SGS", None, None, "27001", [C.CERT_NO_ACCREDITATION_MARK]),
    ("CB_ACCREDITATION_UNVERIFIED-group-no-entity-by-ab", "SGS", "JAS-ANZ", None, "27001", [C.CB_ACCREDITATION_UNVERIFIED]),
    ("group-alias-narrowed-by-ab", "The British Standards Institution", "ANAB", None, "27001", []),
    ("CB_ACCREDITATION_UNVERIFIED-group-entity-in-another-country", "BSI Group Japan K.K.", "ANAB", None, "27001", [C.CB_ACCREDITATION_UNVERIFIED]),
    ("CB_ACCREDITATION_UNVERIFIED-group-entity-other-ab", "BSI Group Japan K.K.", "ISMS-AC", None, "27001", [C.CB_ACCREDITATION_UNVERIFIED]),
    ("group-brand-prefix-narrowed-by-ab", "TÜV", "DAkkS", None, "27001", []),
]  # fmt: skip


@pytest.mark.parametrize(
    ("cb", "ab", "number", "standard", "expected"), [c[1:] for c in VERIFY_CASES],
    ids=[c[0] for c in VERIFY_CASES],
)  # fmt: skip
def test_verification_issues(
    cb: str | None, ab: str | None, number: str | None, standard: str, expected: list[FindingCode]
) -> None:
    assert _codes(cb, ab, number, standard) == expected


def test_group_name_narrowed_by_the_printed_mark() -> None:
    v = verify_certification(
        REGISTRY,
        certification_body="SGS",
        accreditation_body="ANAB",
        accreditation_number=None,
        standard="27001",
    )
    assert (v.verdict, v.matched_cb) == (LookupVerdict.accredited, "SGS North America Inc.")


def test_issue_detail_names_record_and_provenance() -> None:
    v = verify_certification(
        REGISTRY,
        certification_body="BSI Assurance UK Ltd",
        accreditation_body="UKAS",
        accreditation_number="0008",
        standard="27001",
    )
    (issue,) = v.issues
    assert issue.provenance is Provenance.curated
    assert "accreditations.csv" in issue.detail
    assert "UKAS 003" in issue.detail
    assert "curated, not verified" in issue.detail
    assert issue.facts == ("certification_body", "accreditation_body", "accreditation_number")


def test_unverified_says_where_to_check_and_what_to_send() -> None:
    v = verify_certification(
        REGISTRY,
        certification_body="BSI Group Japan K.K.",
        accreditation_body="ISMS-AC",
        accreditation_number=None,
        standard="27001",
    )
    (issue,) = v.issues
    assert issue.code is FindingCode.CB_ACCREDITATION_UNVERIFIED
    assert issue.where is not None
    assert "https://isms.example/" in issue.where
    assert "https://isms.example/" in issue.detail
    assert "not 'invalid'" in issue.detail
    assert issue.ask is not None
    assert "BSI Group Japan K.K." in issue.ask
    assert "ISMS-AC" in issue.ask
    assert "ISO/IEC 27001" in issue.ask


def test_multi_ab_group_names_the_entity_the_printed_ab_accredits() -> None:
    v = verify_certification(
        REGISTRY,
        certification_body="BSI Assurance UK Ltd",
        accreditation_body="ANAB",
        accreditation_number=None,
        standard="27001",
    )
    (issue,) = v.issues
    assert "BSI Group America Inc." in issue.detail
    assert "ANAB, UKAS" in issue.detail


def test_unconfirmed_ab_subscope_is_told_not_raised() -> None:
    v = verify_certification(
        REGISTRY,
        certification_body="QRO Certification LLP",
        accreditation_body="EGAC",
        accreditation_number="011905",
        standard="27001",
    )
    assert [i.code for i in v.issues] == [FindingCode.CB_ACCREDITATION_UNVERIFIED]
    assert "EGAC" in v.issues[0].detail
    assert "not confirmed" in v.issues[0].detail
    assert "only from claims" in v.issues[0].detail
    assert v.notes
    assert v.version == "test-1"
