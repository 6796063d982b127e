"""Surveillance evidence: outcome, nonconformity counts, audit type and date, parties."""

from typing import Any

import pytest

from app.core.extract.surveillance import extract_surveillance
from app.core.kinds import DocumentKind
from app.core.pages import Page, quote_is_on_page
from app.core.parse.classify import classify


def _extract(*texts: str) -> tuple[dict[str, Any], list[str]]:
    pages = [Page(number=i + 1, text=t) for i, t in enumerate(texts)]
    result = extract_surveillance(pages)
    for name, ev in result.evidence.items():
        assert quote_is_on_page(pages[ev.page - 1], ev.quote), name
    facts = result.facts.model_dump(mode="json")
    assert {k for k, v in facts.items() if v is not None} <= set(result.evidence) | {"standard"}
    return facts, result.warnings


LETTER = """Harwick Certification Services Ltd
12 Mill Lane, York, United Kingdom
Client: Stourton Cloud Ltd
Certificate No: HCS-20931
Dear Ms Patel,
{body}
"""


@pytest.mark.parametrize(
    ("body", "outcome"),
    [
        ("Following the surveillance audit, certification is continued.", "continued"),
        ("We recommend continued certification after the surveillance audit.", "continued"),
        ("The certificate remains valid following this surveillance audit.", "continued"),
        ("As a result of the surveillance audit your certificate has been suspended.", "suspended"),
        (
            "After the surveillance audit the registration is suspended pending closure.",
            "suspended",
        ),
        ("Following the surveillance audit the certificate has been withdrawn.", "withdrawn"),
        ("The surveillance audit led to withdrawal of the certificate.", "withdrawn"),
        ("The surveillance audit took place; the report is attached.", None),
    ],
    ids=[
        "continued",
        "recommend-continued",
        "remains-valid",
        "suspended",
        "registration-suspended",
        "withdrawn",
        "withdrawal-of",
        "not-stated",
    ],
)
def test_outcomes(body: str, outcome: str | None) -> None:
    facts, _ = _extract(LETTER.format(body=body))
    assert facts["outcome"] == outcome


@pytest.mark.parametrize(
    ("body", "major", "minor"),
    [
        ("Findings: two minor nonconformities and no major nonconformities.", 0, 2),
        ("Major nonconformities: 1\nMinor nonconformities: 4", 1, 4),
        ("Major NCs: 0 / Minor NCs: 3", 0, 3),
        ("The audit raised 1 major and 2 minor nonconformities.", 1, 2),
        ("No nonconformities were identified during the audit.", 0, 0),
        ("Nonconformities: 0 (major), 5 (minor)", 0, 5),
        ("three minor non-conformities were raised; zero major.", None, 3),
    ],
    ids=["words", "labels", "nc-abbrev", "sentence", "none-at-all", "parenthesised", "zero-word"],
)
def test_nonconformity_counts(body: str, major: int | None, minor: int | None) -> None:
    facts, _ = _extract(LETTER.format(body=f"Surveillance audit report.\n{body}"))
    assert facts["minor_nonconformities"] == minor
    if major is not None:
        assert facts["major_nonconformities"] == major


@pytest.mark.parametrize(
    ("body", "audit_type"),
    [
        ("This letter confirms the surveillance audit of your ISMS.", "surveillance"),
        ("This letter confirms the re-certification audit of your ISMS.", "recertification"),
        ("Your recertification audit is complete.", "recertification"),
        ("Das Überwachungsaudit wurde durchgeführt.", "surveillance"),
    ],
    ids=["surveillance", "re-certification", "recertification", "german"],
)
def test_audit_type(body: str, audit_type: str) -> None:
    facts, _ = _extract(LETTER.format(body=body))
    assert facts["audit_type"] == audit_type


@pytest.mark.parametrize(
    ("body", "audit_date", "warned"),
    [
        ("The surveillance audit was conducted on 14 October 2026.", "2026-10-14", False),
        ("The audit was carried out between 2026-10-14 and 2026-10-15.", "2026-10-14", False),
        ("Audit dates: 14/10/2026 - 15/10/2026", "2026-10-14", False),
        ("The surveillance audit was performed on 05/06/2026.", None, True),
    ],
    ids=["named-month", "between", "audit-dates-label", "ambiguous"],
)
def test_audit_date(body: str, audit_date: str | None, warned: bool) -> None:
    text = LETTER.format(body=body).replace(", United Kingdom", "")
    facts, warnings = _extract(text)
    assert facts["audit_date"] == audit_date
    assert bool(warnings) is warned


def test_parties_and_number() -> None:
    facts, _ = _extract(LETTER.format(body="Surveillance audit: certification is continued."))
    assert facts["certification_body"] == "Harwick Certification Services Ltd"
    assert facts["holder"] == "Stourton Cloud Ltd"
    assert facts["certificate_number"] == "HCS-20931"


# Whole letters and reports in wordings written for these tests.
LETTERS = {
    "letter-us": """SCHELLMAN
Schellman & Company, LLC
4010 W Boy Scout Blvd, Tampa, FL 33607
March 12, 2026
Inferra AI, Inc.
Attn: Compliance Team
Re: ISO/IEC 27001:2022 Surveillance Audit - Certificate 1899172-1
Dear Ms. Okafor,
Schellman completed the first surveillance audit of Inferra AI, Inc.'s information security management system on February 24-26, 2026.
The audit team identified no major nonconformities and two minor nonconformities. Corrective action plans were accepted.
Based on the results of the audit, Schellman has determined that Inferra AI, Inc.'s certification remains in effect.
Sincerely,
Jordan Blake, Principal
""",
    "report-table": """AUDIT REPORT
Stage: Recertification audit
Client: Halcyon Freight Ltd
Certificate number: HFL-77120
Standard: ISO/IEC 27001:2022
Audit dates: 09-11 September 2025
Lead auditor: P. Singh
Certification body: Meridian Assurance Services Ltd
Summary of findings
Major nonconformities 1
Minor nonconformities 3
Opportunities for improvement 5
Recommendation: Certification is not recommended until the major nonconformity is closed. The certificate has been suspended.
""",
    "letter-de": """TÜV Nordwest Zertifizierung GmbH
Kessler Datentechnik GmbH
Betreff: Überwachungsaudit ISO/IEC 27001:2022, Zertifikat-Nr. 44 121 250017
Sehr geehrte Damen und Herren,
das Überwachungsaudit wurde am 14.10.2026 durchgeführt. Es wurden keine Abweichungen festgestellt.
Die Zertifizierung bleibt bestehen.
""",
}

LETTER_FACTS = {
    "letter-us": {
        "certification_body": "Schellman & Company, LLC",
        "holder": "Inferra AI, Inc.",
        "certificate_number": "1899172-1",
        "audit_type": "surveillance",
        "audit_date": "2026-02-24",
        "outcome": "continued",
        "major_nonconformities": 0,
        "minor_nonconformities": 2,
    },
    "report-table": {
        "certification_body": "Meridian Assurance Services Ltd",
        "holder": "Halcyon Freight Ltd",
        "certificate_number": "HFL-77120",
        "audit_type": "recertification",
        "audit_date": "2025-09-09",
        "outcome": "suspended",
        "major_nonconformities": 1,
        "minor_nonconformities": 3,
    },
    "letter-de": {
        "certification_body": "TÜV Nordwest Zertifizierung GmbH",
        "holder": "Kessler Datentechnik GmbH",
        "certificate_number": "44 121 250017",
        "audit_type": "surveillance",
        "audit_date": "2026-10-14",
        "outcome": "continued",
        "major_nonconformities": 0,
        "minor_nonconformities": 0,
    },
}


@pytest.mark.parametrize("name", list(LETTERS), ids=list(LETTERS))
def test_whole_letters(name: str) -> None:
    assert classify([Page(number=1, text=LETTERS[name])]) == DocumentKind.surveillance_evidence
    facts, warnings = _extract(LETTERS[name])
    assert {k: facts[k] for k in LETTER_FACTS[name]} == LETTER_FACTS[name]
    assert warnings == []


@pytest.mark.parametrize(
    ("body", "outcome"),
    [
        (
            "Your certificate is suspended with immediate effect. If the nonconformity is not "
            "closed within 90 days, the certificate will be withdrawn.",
            "suspended",
        ),
        (
            "Following the suspension notified earlier this year, the certificate has now been "
            "withdrawn.",
            "withdrawn",
        ),
        ("We are pleased to confirm that your certification has been maintained.", "continued"),
        ("In case the audit is not allowed, this certificate shall be suspended.", None),
        ("Das Zertifikat wird mit sofortiger Wirkung ausgesetzt.", "suspended"),
    ],
    ids=[
        "suspended-then-conditional-withdrawal",
        "withdrawn-after-suspension",
        "maintained",
        "only-conditional",
        "german-suspended",
    ],
)
def test_outcome_is_the_stated_one_not_a_condition(body: str, outcome: str | None) -> None:
    facts, _ = _extract(LETTER.format(body=body))
    assert facts["outcome"] == outcome


def test_sender_is_never_the_addressee() -> None:
    letter = (
        "LRQA LRQA Limited\n1 Trinity Park, Birmingham B37 7ES\n29 May 2026\nMs Adaeze Okafor\n"
        "Head of Compliance\nQuillmate Labs Ltd\nUnit 4, 22 Hoxton Square, London N1 6NT\n"
        "Dear Ms Okafor,\nSubject: surveillance audit - certificate ISC 733120\n"
        "We are pleased to confirm that your certification has been maintained.\n"
        "Yours sincerely,\nTom Reyes\nCertification Manager\nISO Certification Services\n"
    )
    facts, _ = _extract(letter)
    assert (facts["certification_body"], facts["holder"]) == ("LRQA Limited", "Quillmate Labs Ltd")
