"""Issue 12's check on the shipped reference data: 12 look-ups and the calibrated certificate
verdicts (bench/accreditation.py prints the same), and the data changes the sources support."""

from datetime import date

import pytest

from app.adapters.reference.risk_model import load_risk_model
from app.core import (
    AssessedDocument,
    CertificateFacts,
    DocumentKind,
    Provenance,
    SubScope,
    VendorProfile,
    assess,
    lookup,
    make_parsed,
)
from tests.reference import BUILTIN

AS_OF = date(2026, 11, 23)
LOOKUPS = [
    ("BSI Assurance UK Limited", "27001", "accredited"),
    ("British Standards Institution", "27001", "ambiguous"),
    ("Schellman & Company, LLC", "42001", "accredited"),
    ("Schellman & Co.", "27001", "accredited"),
    ("A-LIGN Compliance & Security, Inc.", "27001", "accredited"),
    ("A-LIGN Compliance and Security, Inc.", "27001", "accredited"),
    ("Coalfire ISO Inc", "27001", "accredited"),
    ("SGS", "27001", "ambiguous"),
    ("TUEV SUED Management Service GmbH", "27001", "accredited"),
    ("Linford & Co LLP", "42001", "not_accredited_for_standard"),
    ("MHM Advisory Ltd", "42001", "accredited"),
    ("Harbourline Certification Ltd", "27001", "not_found"),
]


@pytest.mark.parametrize(
    ("name", "standard", "verdict"), LOOKUPS, ids=[f"{n}-{s}" for n, s, _ in LOOKUPS]
)
def test_lookup(name: str, standard: str, verdict: str) -> None:
    assert lookup(BUILTIN, name, standard).verdict.value == verdict


_ACCREDITATION = {
    "CB_NOT_ACCREDITED", "CB_ACCREDITATION_UNVERIFIED", "CB_ACCREDITATION_SCOPE",
    "AB_NOT_RECOGNISED", "AB_MISMATCH", "CB_ACCREDITATION_SUSPENDED",
}  # fmt: skip


def _codes(cb: str, ab: str) -> set[str]:
    facts = CertificateFacts(
        standard="ISO/IEC 27001", standard_version="2022", certificate_number="C-1",
        holder="Northwind Analytics Ltd", certification_body=cb, accreditation_body=ab,
        issue_date=date(2026, 1, 5), expiry_date=date(2029, 1, 4), scope="The Northwind platform.",
    )  # fmt: skip
    result = assess(
        [AssessedDocument("cert.pdf", make_parsed(DocumentKind.iso27001_certificate, facts))],
        VendorProfile(name="Northwind Analytics", legal_names=["Northwind Analytics Ltd"]),
        BUILTIN, as_of=AS_OF, model=load_risk_model(),
    )  # fmt: skip
    return {f.code.value for f in result.findings} & _ACCREDITATION


VERDICTS = [
    ("unknown-cb-anab-mark", "Northgate Assurance Services Ltd", "ANAB", {"CB_ACCREDITATION_UNVERIFIED"}),
    ("bsi-group-name-anab-mark", "The British Standards Institution", "ANAB", set()),
    ("bsi-japan-anab-mark", "BSI Group Japan K.K.", "ANAB", {"CB_ACCREDITATION_UNVERIFIED"}),
    ("bsi-japan-isms-ac-mark", "BSI Group Japan K.K.", "ISMS-AC", {"CB_ACCREDITATION_UNVERIFIED"}),
    ("bsi-uk-anab-mark", "BSI Assurance UK Ltd", "ANAB", {"CB_ACCREDITATION_UNVERIFIED"}),
    ("invented-cb-invented-ab", "Harbourline Certification Ltd", "IBMSA", {"CB_NOT_ACCREDITED", "AB_NOT_RECOGNISED"}),
    ("unknown-cb-lookalike", "Harbourline Certification Ltd", "UK-ABCB", {"CB_NOT_ACCREDITED", "AB_NOT_RECOGNISED"}),
    ("coalfire-ukas-mark", "Coalfire ISO, Inc.", "UKAS", {"AB_MISMATCH"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("cb", "ab", "expected"), [v[1:] for v in VERDICTS], ids=[v[0] for v in VERDICTS]
)
def test_calibrated_verdicts(cb: str, ab: str, expected: set[str]) -> None:
    assert _codes(cb, ab) == expected


def test_unverified_points_at_the_ab_directory_from_the_data() -> None:
    facts = CertificateFacts(
        certification_body="Northgate Assurance Services Ltd", accreditation_body="ANAB"
    )
    result = assess(
        [AssessedDocument("cert.pdf", make_parsed(DocumentKind.iso27001_certificate, facts))],
        VendorProfile(name="Northwind"), BUILTIN, as_of=AS_OF, model=load_risk_model(),
    )  # fmt: skip
    (finding,) = [f for f in result.findings if f.code.value == "CB_ACCREDITATION_UNVERIFIED"]
    assert finding.severity.value == "high"
    assert "https://anabdirectory.remoteauditor.com/" in finding.detail
    assert "ANAB" in finding.ask_vendor


def test_the_sources_change_the_data_as_the_readme_says() -> None:
    jas_anz = BUILTIN.accreditation_body("JAS-ANZ")
    assert jas_anz is not None and jas_anz.isms is SubScope.unknown
    for code in ("ANAB", "JAB", "ISMS-AC", "SNAS", "NABCB", "TAF"):
        ab = BUILTIN.accreditation_body(code)
        assert ab is not None and ab.isms is SubScope.recognised, code
        assert ab.source.provenance is Provenance.reported, code
    assert BUILTIN.lookalike("UK-ABCB") is not None
    schellman = lookup(BUILTIN, "Schellman Compliance, LLC", "42001")
    assert schellman.provenance is Provenance.reported
    assert all(
        a.source.provenance is not Provenance.verified
        for cb in BUILTIN.certification_bodies
        for a in cb.accreditations
    )
