"""Certificate extraction on unseen wordings: labels, sentences, two columns, dates, German."""

from typing import Any

import pytest

from app.core.extract.certificate.extractor import extract_certificate
from app.core.kinds import DocumentKind
from app.core.pages import Page, quote_is_on_page
from app.core.parse.classify import classify
from tests.reference import MARKS


def _extract(*texts: str, kind: DocumentKind = DocumentKind.iso27001_certificate) -> Any:
    pages = [Page(number=i + 1, text=t) for i, t in enumerate(texts)]
    result = extract_certificate(pages, kind, marks=MARKS)
    facts = result.facts.model_dump(mode="json")
    for name, ev in result.evidence.items():
        assert quote_is_on_page(pages[ev.page - 1], ev.quote), name
    for name, value in facts.items():
        if value not in (None, []):
            assert name in result.evidence, f"{name} has no evidence"
    return facts, result.warnings


LABELLED = """CERTIFICATE OF REGISTRATION
{number_label} {number}
Organisation: Brackenfield Logistics Ltd
ISO/IEC 27001:2022
{issue_label} {issue}
{expiry_label} {expiry}
"""


@pytest.mark.parametrize(
    ("number_label", "number", "issue_label", "issue", "expiry_label", "expiry"),
    [
        (
            "Certificate No:",
            "IS 771203",
            "Date of issue:",
            "2025-02-03",
            "Expiry date:",
            "2028-02-02",
        ),
        (
            "Registration number:",
            "REG-4410-A",
            "Issue date:",
            "3 February 2025",
            "Valid until:",
            "2 February 2028",
        ),
        (
            "Cert. Reg. No.",
            "77/ISMS/0912",
            "Certification decision:",
            "February 3, 2025",
            "Expiration date:",
            "February 2, 2028",
        ),
        (
            "Certificate Number",
            "C-2025-0193",
            "Current issue date:",
            "03.02.2025",
            "Valid till:",
            "02.02.2028",
        ),
        (
            "Certificate ID:",
            "ISMS 88214",
            "Effective date:",
            "3rd February 2025",
            "Validity date:",
            "2nd February 2028",
        ),
    ],
    ids=["no-iso", "registration-named", "cert-reg-us", "number-dotted", "id-ordinal"],
)
def test_label_vocabularies(
    number_label: str, number: str, issue_label: str, issue: str, expiry_label: str, expiry: str
) -> None:
    text = LABELLED.format(
        number_label=number_label,
        number=number,
        issue_label=issue_label,
        issue=issue,
        expiry_label=expiry_label,
        expiry=expiry,
    )
    facts, warnings = _extract(text)
    assert facts["certificate_number"] == number
    assert facts["holder"] == "Brackenfield Logistics Ltd"
    assert (facts["issue_date"], facts["expiry_date"]) == ("2025-02-03", "2028-02-02")
    assert facts["standard"] == "ISO/IEC 27001"
    assert facts["standard_version"] == "2022"
    assert warnings == []


@pytest.mark.parametrize(
    ("text", "holder", "number"),
    [
        (
            "This is to certify that Quillon Data Systems Inc. has been assessed and found to "
            "conform to the requirements of ISO/IEC 27001:2022 under certificate number QDS-30117.",
            "Quillon Data Systems Inc.",
            "QDS-30117",
        ),
        (
            "We hereby certify that\nOstrava Cloud s.r.o.\noperates an Information Security "
            "Management System which complies with ISO/IEC 27001:2022.\nCertificate No. CZ 5521",
            "Ostrava Cloud s.r.o.",
            "CZ 5521",
        ),
        (
            "CERTIFICATE\nThe certification body certifies that the management system of\n"
            "Marrowby Health Analytics Limited\nfulfils ISO/IEC 27001:2022\nRegistration No: 2231-77",
            "Marrowby Health Analytics Limited",
            "2231-77",
        ),
    ],
    ids=["one-sentence", "certify-then-name-line", "management-system-of"],
)
def test_sentence_forms(text: str, holder: str, number: str) -> None:
    facts, _ = _extract(text)
    assert facts["holder"] == holder
    assert facts["certificate_number"] == number
    assert facts["standard_version"] == "2022"


def test_validity_sentence_gives_issue_and_expiry() -> None:
    text = (
        "Certificate of Registration\nThis is to certify that Fenmoor Payroll Ltd\n"
        "complies with ISO/IEC 27001:2022.\nThis certificate is valid from 14 January 2026 "
        "until 13 January 2029.\nCertificate No: FP-1184"
    )
    facts, _ = _extract(text)
    assert (facts["issue_date"], facts["expiry_date"]) == ("2026-01-14", "2029-01-13")


def test_two_column_layout() -> None:
    text = (
        "CERTIFICATE\n"
        "Certificate No:   GB-44019            Issue date:    11/09/2025\n"
        "Organisation:     Tallow Street Software Ltd\n"
        "Standard:         ISO/IEC 27001:2022   Expiry date:   10/09/2028\n"
        "Original certification date: 11/09/2019\n"
        "Certification body: Northgate Certification Services Ltd, London, United Kingdom\n"
    )
    facts, warnings = _extract(text)
    assert facts["certificate_number"] == "GB-44019"
    assert facts["holder"] == "Tallow Street Software Ltd"
    assert facts["issue_date"] == "2025-09-11"
    assert facts["expiry_date"] == "2028-09-10"
    assert facts["original_certification_date"] == "2019-09-11"
    assert facts["certification_body"] == "Northgate Certification Services Ltd"
    assert warnings == []


def test_dates_in_a_small_table() -> None:
    text = (
        "Certificate of Approval\nThis is to certify that Pennock Retail Group plc\n"
        "operates an ISMS compliant with ISO/IEC 27001:2022\n"
        "Original Approval   Current Certificate   Certificate Expiry\n"
        "05 June 2020        05 June 2026          04 June 2029\n"
        "Certificate Number: ISMS 612004\n"
    )
    facts, _ = _extract(text)
    assert facts["original_certification_date"] == "2020-06-05"
    assert facts["issue_date"] == "2026-06-05"
    assert facts["expiry_date"] == "2029-06-04"


def test_surveillance_due_dates_and_last_audit() -> None:
    text = (
        "Certificate No: ZX-1003\nThis is to certify that Harlow Vane Ltd complies with ISO/IEC "
        "27001:2022\nDate of issue: 2025-03-01\nExpiry date: 2028-02-28\n"
        "Date of last audit: 2025-01-20\n"
        "1st surveillance audit due: 2026-03-01\n2nd surveillance audit due: 2027-03-01\n"
    )
    facts, _ = _extract(text)
    assert facts["last_audit_date"] == "2025-01-20"
    assert facts["surveillance_due_dates"] == ["2026-03-01", "2027-03-01"]


def test_german_certificate() -> None:
    text = (
        "ZERTIFIKAT\nHiermit wird bescheinigt, dass\nBergmann Rechenzentrum GmbH\n"
        "Hafenstraße 4, 20457 Hamburg\nein Informationssicherheits-Managementsystem nach "
        "ISO/IEC 27001:2022 eingeführt hat und anwendet.\n"
        "Geltungsbereich:\nBetrieb von Rechenzentren und Managed-Hosting-Dienstleistungen\n"
        "Zertifikat-Registrier-Nr.: 44 121 250017\n"
        "Gültig ab: 15.01.2025\nGültig bis: 14.01.2028\nErstzertifizierung: 15.01.2019\n"
    )
    facts, _ = _extract(text)
    assert facts["holder"] == "Bergmann Rechenzentrum GmbH"
    assert facts["certificate_number"] == "44 121 250017"
    assert facts["issue_date"] == "2025-01-15"
    assert facts["expiry_date"] == "2028-01-14"
    assert facts["original_certification_date"] == "2019-01-15"
    assert facts["scope"] == "Betrieb von Rechenzentren und Managed-Hosting-Dienstleistungen"


def test_ambiguous_dates_are_warned_and_null() -> None:
    text = (
        "Certificate No: AM-3001\nThis is to certify that Corvale Systems Ltd complies with "
        "ISO/IEC 27001:2022\nIssue date: 03/04/2025\nExpiry date: 02/04/2028\n"
    )
    facts, warnings = _extract(text)
    assert facts["issue_date"] is None
    assert facts["expiry_date"] is None
    assert any("issue_date" in w and "03/04/2025" in w for w in warnings)
    assert any("expiry_date" in w for w in warnings)


@pytest.mark.parametrize(
    ("place", "issue", "expiry"),
    [
        ("Austin, Texas, USA", "2025-03-04", "2028-03-02"),
        ("Leeds, United Kingdom", "2025-04-03", "2028-04-02"),
    ],
    ids=["us-month-first", "uk-day-first"],
)
def test_issuer_country_settles_ambiguous_dates(place: str, issue: str, expiry: str) -> None:
    text = (
        f"Certificate No: AM-3002\nThis is to certify that Corvale Systems Ltd complies with "
        f"ISO/IEC 27001:2022\nIssue date: 03/04/2025\nExpiry date: 03/02/2028\n"
        f"Issued by Harwood Certification Ltd, {place}"
    )
    expiry_text = "02/04/2028" if "Kingdom" in place else "03/02/2028"
    facts, warnings = _extract(text.replace("03/02/2028", expiry_text))
    assert (facts["issue_date"], facts["expiry_date"]) == (issue, expiry)
    assert warnings == []


@pytest.mark.parametrize(
    ("mark", "body", "number"),
    [
        ("UKAS MANAGEMENT SYSTEMS 0003", "UKAS", "0003"),
        ("ANAB ACCREDITED MANAGEMENT SYSTEMS CERTIFICATION BODY", "ANAB", None),
        ("Accreditation No. 012/2019\nDAkkS D-ZM-16002-01-00", "DAKKS", None),
    ],
    ids=["ukas-with-number", "anab-no-number", "dakks"],
)
def test_accreditation_mark_printed_as_text(mark: str, body: str, number: str | None) -> None:
    text = (
        "Certificate No: MK-9001\nThis is to certify that Lindqvist Payments AB complies with "
        f"ISO/IEC 27001:2022\nIssued by Crestmoor Certification Ltd\n{mark}\n"
    )
    facts, _ = _extract(text)
    assert facts["accreditation_body"] is not None
    assert facts["accreditation_body"].upper().replace("-", "") == body
    if number is not None:
        assert facts["accreditation_number"] == number


def test_accreditation_number_beside_an_image_mark() -> None:
    """The logo is an image; only "Accreditation No. 4471" is text beside it."""
    text = (
        "Certificate No: MK-9002\nThis is to certify that Hollins Freight Ltd complies with "
        "ISO/IEC 27001:2022\nIssued by Crestmoor Certification Ltd\nAccreditation No. 4471\n"
    )
    facts, _ = _extract(text)
    assert facts["accreditation_number"] == "4471"


def test_accredited_by_lookalike_keeps_its_name() -> None:
    text = (
        "Certificate No: LA-18\nThis is to certify that Pimlico Apps Ltd complies with "
        "ISO/IEC 27001:2022\nAccredited by Global Accreditation Council for Standards.\n"
    )
    facts, _ = _extract(text)
    assert facts["accreditation_body"] == "Global Accreditation Council for Standards"


@pytest.mark.parametrize(
    ("kind", "standard_line", "standard", "version"),
    [
        (DocumentKind.iso42001_certificate, "ISO/IEC 42001:2023", "ISO/IEC 42001", "2023"),
        (DocumentKind.iso27701_certificate, "ISO/IEC 27701:2019", "ISO/IEC 27701", "2019"),
        (DocumentKind.iso27001_certificate, "ISO/IEC 27001:2013", "ISO/IEC 27001", "2013"),
        (DocumentKind.iso27001_certificate, "EN ISO/IEC 27001:2017", "ISO/IEC 27001", "2013"),
    ],
    ids=["42001", "27701", "27001-2013", "en-2017-is-2013"],
)
def test_standard_and_edition(
    kind: DocumentKind, standard_line: str, standard: str, version: str
) -> None:
    text = (
        f"Certificate No: SE-1\nThis is to certify that Arden Bay Ltd complies with {standard_line}"
    )
    facts, _ = _extract(text, kind=kind)
    assert (facts["standard"], facts["standard_version"]) == (standard, version)


def test_scope_soa_reference_validity_period_and_sites_over_pages() -> None:
    page1 = (
        "Certificate No: MP-220\nThis is to certify that Wexcombe Imaging Ltd\n"
        "complies with ISO/IEC 27001:2022\n"
        "Scope of certification:\nThe provision of medical image archiving and AI-assisted "
        "reporting services to hospitals.\n"
        "In accordance with Statement of Applicability version 4.2 dated 2025-01-10.\n"
        "Certificate period: 3 years\n"
    )
    page2 = (
        "Appendix to certificate MP-220\nCertified sites:\n"
        "- 12 Quay Road, Bristol BS1 4QA\n- Unit 7, Enterprise Park, Cardiff CF10 2HH\n"
    )
    facts, _ = _extract(page1, page2)
    assert facts["scope"] == (
        "The provision of medical image archiving and AI-assisted reporting services to hospitals."
    )
    assert facts["soa_reference"].startswith("Statement of Applicability version 4.2")
    assert facts["stated_validity_years"] == 3
    assert facts["sites"] == [
        "12 Quay Road, Bristol BS1 4QA",
        "Unit 7, Enterprise Park, Cardiff CF10 2HH",
    ]


def test_nothing_printed_gives_nulls_not_guesses() -> None:
    facts, warnings = _extract("Thank you for your business.")
    assert {k for k, v in facts.items() if v not in (None, [])} == set()
    assert warnings == []


@pytest.mark.parametrize(
    ("line", "fact", "value"),
    [
        ("Certified since: 9 July 2018", "original_certification_date", "2018-07-09"),
        ("First issued on 2018-07-09", "original_certification_date", "2018-07-09"),
        ("Initial registration date: July 9, 2018", "original_certification_date", "2018-07-09"),
        ("Date of certification decision: 2025-07-01", "issue_date", "2025-07-01"),
        ("Reissued: 01 Jul 2025", "issue_date", "2025-07-01"),
        ("Expires on 30 June 2028", "expiry_date", "2028-06-30"),
        ("Valid through June 30, 2028", "expiry_date", "2028-06-30"),
        ("Recertification audit completed on 2025-05-21", "last_audit_date", "2025-05-21"),
        ("Next surveillance audit: 2026-06-30", "surveillance_due_dates", ["2026-06-30"]),
    ],
    ids=[
        "certified-since",
        "first-issued",
        "initial-registration",
        "decision",
        "reissued",
        "expires-on",
        "valid-through",
        "recert-audit",
        "next-surveillance",
    ],
)
def test_date_label_vocabulary(line: str, fact: str, value: object) -> None:
    text = (
        "Certificate No: DV-77\nThis is to certify that Ottery Mills Ltd complies with "
        f"ISO/IEC 27001:2022\n{line}\n"
    )
    facts, warnings = _extract(text)
    assert facts[fact] == value
    assert warnings == []


@pytest.mark.parametrize(
    ("marks", "number"),
    [("UKAS MANAGEMENT SYSTEMS 0003", "0003"), ("EGAC\nCAB # 011905", "011905")],
    ids=["number-in-mark", "number-below-logo-word"],
)
def test_accreditation_number_evidence_quotes_the_number(marks: str, number: str) -> None:
    text = (
        "Certificate No: MK-9003\nThis is to certify that Selby Drones Ltd complies with "
        f"ISO/IEC 27001:2022\nIssued by Crestmoor Certification Ltd\n{marks}\n"
    )
    result = extract_certificate([Page(number=1, text=text)], marks=MARKS)
    assert result.facts.model_dump()["accreditation_number"] == number
    assert number in result.evidence["accreditation_number"].quote


# Whole certificates in the layouts of large certification bodies (wording written for these
# tests): a renewal that prints the previous cycle, a validity range, a certifier sentence.
LAYOUTS = {
    "bv-style": """Certification
Awarded to
NORTHBRIDGE PAYMENTS LIMITED
1 Canada Square, London, E14 5AB, United Kingdom
Bureau Veritas Certification certify that the management system of the above organisation has been audited and found to be in accordance with the requirements of the management system standards detailed below
Standard
ISO/IEC 27001:2022
Scope of certification
Provision of card payment processing services.
Original cycle start date: 12 May 2019
Expiry date of previous cycle: 11 May 2025
Certification / Recertification Audit date: 02 April 2025
Certification / Recertification cycle start date: 12 May 2025
Subject to the continued satisfactory operation of the organisation's Management System, this certificate expires on: 11 May 2028
Certificate No. UK123456
Version: 1 Revision date: 12 May 2025
Bureau Veritas Certification Holding SAS - UK Branch
UKAS MANAGEMENT SYSTEMS 0008
""",
    "dnv-style": """MANAGEMENT SYSTEM CERTIFICATE
Certificate no.: 10000234567-MSC-UKAS-GBR
Initial certification date: 14 March 2021
Valid: 14 March 2024 - 13 March 2027
This is to certify that the management system of
Coldharbour Robotics Ltd.
Unit 4, Science Park, Cambridge, CB4 0WS, United Kingdom
has been found to conform to the Information Security Management System standard:
ISO/IEC 27001:2022
This certificate is valid for the following scope:
Design, development and support of autonomous warehouse robots and their cloud control platform.
Statement of Applicability: version 3, 2024-01-15
Place and date: London, 14 March 2024
For the issuing office: DNV - Business Assurance
""",
    "us-style": """CERTIFICATE OF REGISTRATION
A-LIGN Compliance and Security, Inc.
certifies that
Bluefin Data Corp.
400 Main St, Austin, TX 78701, USA
has implemented an Information Security Management System conforming to ISO/IEC 27001:2022
Certificate Number: 2025-0918
Initial Registration Date: 09/18/2022
Registration Date: 09/18/2025
Expiration Date: 09/17/2028
ANAB Accredited Management Systems Certification Body
""",
    "42001": """CERTIFICATE
Schellman & Company, LLC
hereby certifies that
Inferra AI, Inc.
operates an Artificial Intelligence Management System that complies with the requirements of ISO/IEC 42001:2023
for the following scope: the development and operation of the Inferra large language model platform, including training pipelines and inference APIs.
Certificate No.: 1899172-1
Issue date: January 8, 2026
Expiration date: January 7, 2029
""",
}

LAYOUT_FACTS = {
    "bv-style": {
        "certificate_number": "UK123456",
        "holder": "NORTHBRIDGE PAYMENTS LIMITED",
        "certification_body": "Bureau Veritas Certification Holding SAS",
        "accreditation_body": "UKAS",
        "accreditation_number": "0008",
        "original_certification_date": "2019-05-12",
        "issue_date": "2025-05-12",
        "expiry_date": "2028-05-11",
        "last_audit_date": "2025-04-02",
        "scope": "Provision of card payment processing services.",
    },
    "dnv-style": {
        "certificate_number": "10000234567-MSC-UKAS-GBR",
        "holder": "Coldharbour Robotics Ltd.",
        "certification_body": "DNV - Business Assurance",
        "original_certification_date": "2021-03-14",
        "issue_date": "2024-03-14",
        "expiry_date": "2027-03-13",
        "scope": "Design, development and support of autonomous warehouse robots and their "
        "cloud control platform.",
        "soa_reference": "Statement of Applicability: version 3, 2024-01-15",
    },
    "us-style": {
        "certificate_number": "2025-0918",
        "holder": "Bluefin Data Corp.",
        "certification_body": "A-LIGN Compliance and Security, Inc.",
        "accreditation_body": "ANAB",
        "original_certification_date": "2022-09-18",
        "issue_date": "2025-09-18",
        "expiry_date": "2028-09-17",
    },
    "42001": {
        "standard": "ISO/IEC 42001",
        "holder": "Inferra AI, Inc.",
        "certification_body": "Schellman & Company, LLC",
        "issue_date": "2026-01-08",
        "expiry_date": "2029-01-07",
    },
}


@pytest.mark.parametrize("name", list(LAYOUTS), ids=list(LAYOUTS))
def test_certification_body_layouts(name: str) -> None:
    kind = (
        DocumentKind.iso42001_certificate if name == "42001" else DocumentKind.iso27001_certificate
    )
    assert classify([Page(number=1, text=LAYOUTS[name])]) == kind
    facts, warnings = _extract(LAYOUTS[name], kind=kind)
    assert {k: facts[k] for k in LAYOUT_FACTS[name]} == LAYOUT_FACTS[name]
    assert warnings == []


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Certificate No: 9101927025 issued under accreditation", "9101927025"),
        ("Zertifikat-Nr.: 44 121 250017", "44 121 250017"),
        ("Subject: audit, Zertifikat-Nr. 44 121 250017, Hamburg", "44 121 250017"),
        ("Certificate No: ISMS/230620/12239", "ISMS/230620/12239"),
    ],
    ids=["words-after-number", "german-label", "german-mid-line", "slashes"],
)
def test_certificate_number_without_trailing_words(line: str, number: str) -> None:
    facts, _ = _extract(
        f"This is to certify that Brisk Ltd complies with ISO/IEC 27001:2022\n{line}"
    )
    assert facts["certificate_number"] == number


GERMAN_42001 = """ZERTIFIKAT
Die Zertifizierungsstelle der DQS GmbH bescheinigt hiermit, dass das Unternehmen
Lernwerk KI GmbH
Am Sandtorkai 4
20457 Hamburg
ein Managementsystem für künstliche Intelligenz eingeführt hat und anwendet.
Geltungsbereich:
Entwicklung und Bereitstellung von KI-gestützten Lernplattformen
Durch ein Audit wurde der Nachweis erbracht, dass die Forderungen der ISO/IEC 42001:2023 erfüllt sind.
Zertifikat-Registrier-Nr. 561234 AIMS23
Gültig ab 2026-02-01
Gültig bis 2029-01-31
Zertifiziert seit 2026-02-01
DAkkS Deutsche Akkreditierungsstelle D-ZM-16019-01-00
"""


def test_german_42001_certificate_with_dakks_mark() -> None:
    facts, warnings = _extract(GERMAN_42001, kind=DocumentKind.iso42001_certificate)
    assert facts["certification_body"] == "DQS GmbH"
    assert facts["holder"] == "Lernwerk KI GmbH"
    assert facts["scope"] == "Entwicklung und Bereitstellung von KI-gestützten Lernplattformen"
    assert (facts["issue_date"], facts["expiry_date"]) == ("2026-02-01", "2029-01-31")
    assert facts["accreditation_body"] == "DAkkS"
    assert facts["accreditation_number"] == "D-ZM-16019-01-00"
    assert facts["standard_version"] == "2023"
    assert warnings == []


INDIA = """CERTIFICATE OF REGISTRATION
This is to certify that the Information Security Management System of
VEDANTA SOFTLABS PRIVATE LIMITED
Plot 22, HITEC City, Hyderabad, Telangana 500081, India
has been assessed and found to comply with the requirements of
ISO/IEC 27001:2022
for the following activities:
Software development and maintenance services for banking clients.
Certificate Number: IN/ISMS/2025/0412
Date of Initial Certification: 05/06/2022
Date of Current Certification: 05/06/2025
Certificate Expiry: 04/06/2028
Next Surveillance Audit Due: 04/05/2026
Accreditation Body: NABCB
Sunrise Certification Services Pvt. Ltd.
"""
UNTIL_SENTENCE = """Certificate
Certificate Registration No. 2025-ISMS-0071
We hereby certify that Portwell Digital B.V., Amsterdam, The Netherlands, has established and applies an information security management system conforming to ISO/IEC 27001:2022.
This certificate is valid until 2028-05-16 subject to satisfactory surveillance audits.
Issue date 2025-05-17
JAS-ANZ accredited
Kingfisher Certification Pty Ltd
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            INDIA,
            {
                "holder": "VEDANTA SOFTLABS PRIVATE LIMITED",
                "certificate_number": "IN/ISMS/2025/0412",
                "accreditation_body": "NABCB",
                # All numeric dates are ambiguous; the issuer's country (India) settles them.
                "original_certification_date": "2022-06-05",
                "issue_date": "2025-06-05",
                "expiry_date": "2028-06-04",
                "surveillance_due_dates": ["2026-05-04"],
                "scope": "Software development and maintenance services for banking clients.",
            },
        ),
        (
            UNTIL_SENTENCE,
            {
                "holder": "Portwell Digital B.V.",
                "certificate_number": "2025-ISMS-0071",
                "certification_body": "Kingfisher Certification Pty Ltd",
                "accreditation_body": "JAS-ANZ",
                "issue_date": "2025-05-17",
                "expiry_date": "2028-05-16",
            },
        ),
    ],
    ids=["india-current-certification", "valid-until-sentence"],
)
def test_more_certificate_wordings(text: str, expected: dict[str, object]) -> None:
    facts, warnings = _extract(text)
    assert {k: facts[k] for k in expected} == expected
    assert warnings == []
