"""Surveillance evidence: outcome, nonconformity counts, audit type and date, parties."""

from typing import Any

import pytest

from app.core.extract.surveillance import extract_surveillance
from app.core.pages import Page, quote_is_on_page


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
