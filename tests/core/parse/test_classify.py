"""Kind detection from content (CONTRACT §1)."""

import pytest

from app.core.kinds import DocumentKind as K
from app.core.pages import Page
from app.core.parse.classify import check_declared, classify

CASES = [
    (
        "This is to certify that Acme Ltd operates an ISMS meeting ISO/IEC 27001:2022. Certificate No 12",
        K.iso27001_certificate,
    ),
    (
        "Certificate. Acme Ltd conforms to ISO/IEC 42001:2023 artificial intelligence management system",
        K.iso42001_certificate,
    ),
    (
        "Certificate: ISO/IEC 27701:2019 privacy extension to ISO/IEC 27001. Certificate No: P-1",
        K.iso27701_certificate,
    ),
    (
        "ZERTIFIKAT Die Zertifizierungsstelle bescheinigt, dass ... ISO/IEC 27001:2022 Geltungsbereich",
        K.iso27001_certificate,
    ),
    (
        "This is to certify that Jane Doe has successfully completed the ISO 27001 Lead Auditor training course",
        K.unknown,
    ),
    (
        "Dear Sir, the surveillance audit was conducted on 1 May 2026. Nonconformities: 0 major, 1 minor. Certification continues.",
        K.surveillance_evidence,
    ),
    (
        "Acme Ltd - ISMS scope. Scope statement. The ISMS covers the Acme platform.",
        K.scope_statement,
    ),
    (
        "SOC 2 bridge letter. No material changes to the system since the report period.",
        K.soc2_bridge_letter,
    ),
    (
        "SOC 2 Type 2 report. Report of the independent service auditor on controls. In our "
        "opinion, the controls operated effectively.",
        K.soc2_report,
    ),
    ("Quarterly newsletter about our products", K.unknown),
    (
        "Acme Cloud is ISO/IEC 27001 certified and has completed a SOC 2 Type II audit. Our "
        "certificate and report are available on request. Contact sales.",
        K.unknown,
    ),
    (
        "Trust centre. Our SOC 2 Type 2 report covers security and availability; request it here.",
        K.unknown,
    ),
    (
        "SOC 1 Type 2 report. Independent service auditor's report on controls relevant to user "
        "entities' internal control over financial reporting. In our opinion ...",
        K.soc1_report,
    ),
    (
        "SOC 3 report for general use. Independent service auditor's report. In our opinion ...",
        K.soc3_report,
    ),
]


@pytest.mark.parametrize(
    ("text", "kind"), CASES, ids=[k.value + str(i) for i, (_, k) in enumerate(CASES)]
)
def test_classify(text: str, kind: K) -> None:
    assert classify([Page(number=1, text=text)]) == kind


def test_declared_mismatch_is_reported_not_trusted() -> None:
    assert check_declared(K.soa, K.iso27001_certificate) is not None
    assert check_declared(K.soa, K.soa) is None
    assert check_declared(K.unknown, K.soa) is None
