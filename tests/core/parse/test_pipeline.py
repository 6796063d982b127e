"""parse_pages: kind from content, the kind's extractor, declared kinds checked, not trusted."""

import pytest

from app.core.facts import CertificateFacts, ScopeFacts, SurveillanceFacts, UnknownFacts
from app.core.kinds import DocumentKind
from app.core.pages import Page
from app.core.parse.pipeline import parse_pages

CERTIFICATE = (
    "CERTIFICATE OF REGISTRATION\nThis is to certify that Elmstead Genomics Ltd\n"
    "operates an information security management system which complies with "
    "ISO/IEC 27001:2022\nCertificate No: EG-5512\nDate of issue: 2025-09-01\n"
    "Expiry date: 2028-08-31\n"
)
AI_CERTIFICATE = CERTIFICATE.replace("information security", "AI").replace("27001", "42001")
LETTER = (
    "Harwick Certification Services Ltd\nClient: Elmstead Genomics Ltd\n"
    "Dear Dr Rao,\nWe conducted the surveillance audit on 3 March 2026. No major "
    "nonconformities were identified; certification is continued.\n"
)
SCOPE = (
    "ISMS Scope Statement\nOrganisation: Elmstead Genomics Ltd\nScope:\nSequencing data "
    "processing services and the supporting cloud platform.\n"
)
TRAINING = (
    "CERTIFICATE OF ACHIEVEMENT\nThis is to certify that Priya Nair\nhas successfully "
    "completed the ISO/IEC 27001:2022 Lead Auditor training course\nCourse dates: "
    "2-6 June 2025\n"
)


def _pages(*texts: str, ocr: bool = False) -> list[Page]:
    return [Page(number=i + 1, text=t, ocr=ocr) for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    ("text", "kind", "facts_type"),
    [
        (CERTIFICATE, DocumentKind.iso27001_certificate, CertificateFacts),
        (AI_CERTIFICATE, DocumentKind.iso42001_certificate, CertificateFacts),
        (LETTER, DocumentKind.surveillance_evidence, SurveillanceFacts),
        (SCOPE, DocumentKind.scope_statement, ScopeFacts),
        (TRAINING, DocumentKind.unknown, UnknownFacts),
        ("Lunch menu: soup, bread.", DocumentKind.unknown, UnknownFacts),
    ],
    ids=["27001", "42001", "surveillance", "scope", "training-is-unknown", "unrelated"],
)
def test_kind_and_extractor(text: str, kind: DocumentKind, facts_type: type) -> None:
    parsed = parse_pages(_pages(text))
    assert parsed.kind == kind
    assert isinstance(parsed.facts, facts_type)
    assert parsed.pages == 1
    assert parsed.kind_mismatch is None


def test_certificate_facts_and_evidence() -> None:
    parsed = parse_pages(_pages(CERTIFICATE))
    facts = parsed.facts_json()
    assert facts["holder"] == "Elmstead Genomics Ltd"
    assert facts["expiry_date"] == "2028-08-31"
    assert parsed.evidence_json()["expiry_date"] == {
        "page": 1,
        "quote": "Expiry date: 2028-08-31",
    }


def test_contradicting_declared_kind_is_reported_not_trusted() -> None:
    parsed = parse_pages(_pages(CERTIFICATE), declared_kind=DocumentKind.soa)
    assert parsed.kind == DocumentKind.iso27001_certificate
    assert parsed.declared_kind == DocumentKind.soa
    assert parsed.kind_mismatch is not None
    assert "soa" in parsed.kind_mismatch and "iso27001_certificate" in parsed.kind_mismatch


def test_matching_declared_kind_is_no_mismatch() -> None:
    parsed = parse_pages(_pages(CERTIFICATE), declared_kind=DocumentKind.iso27001_certificate)
    assert parsed.kind_mismatch is None


def test_declared_kind_used_when_content_is_not_recognised() -> None:
    text = "Organisation: Elmstead Genomics Ltd\nScope:\nSequencing data processing services."
    parsed = parse_pages(_pages(text), declared_kind=DocumentKind.scope_statement)
    assert parsed.kind == DocumentKind.scope_statement
    assert parsed.kind_mismatch is None
    assert parsed.facts_json()["holder"] == "Elmstead Genomics Ltd"


@pytest.mark.parametrize(
    ("ocr_pages", "ocr_arg", "expected"),
    [(False, False, False), (True, False, True), (False, True, True)],
    ids=["text", "ocr-page", "ocr-flag"],
)
def test_ocr_flag(ocr_pages: bool, ocr_arg: bool, expected: bool) -> None:
    assert parse_pages(_pages(CERTIFICATE, ocr=ocr_pages), ocr=ocr_arg).ocr is expected


def test_ambiguous_dates_reach_the_parsed_document_as_warnings() -> None:
    text = CERTIFICATE.replace("2025-09-01", "03/04/2025").replace("2028-08-31", "02/04/2028")
    parsed = parse_pages(_pages(text))
    assert parsed.facts_json()["issue_date"] is None
    assert any("03/04/2025" in w for w in parsed.warnings)


def test_empty_document_is_unknown() -> None:
    parsed = parse_pages(_pages("", "   "))
    assert parsed.kind == DocumentKind.unknown
    assert parsed.pages == 2
    assert parsed.evidence == {}
