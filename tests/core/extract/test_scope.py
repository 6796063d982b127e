"""Scope statements: holder, whole scope text and date, on wordings the fixtures do not have."""

from typing import Any

import pytest

from app.core.extract.scope import extract_scope
from app.core.pages import Page, quote_is_on_page


def _extract(*texts: str) -> tuple[dict[str, Any], list[str]]:
    pages = [Page(number=i + 1, text=t) for i, t in enumerate(texts)]
    result = extract_scope(pages)
    for name, ev in result.evidence.items():
        assert quote_is_on_page(pages[ev.page - 1], ev.quote), name
    facts = result.facts.model_dump(mode="json")
    assert {k for k, v in facts.items() if v is not None} == set(result.evidence)
    return facts, result.warnings


@pytest.mark.parametrize(
    ("text", "holder", "scope", "date"),
    [
        (
            "ISMS Scope Statement\nOrganisation: Kestrel Ledger Ltd\nVersion 2.1\n"
            "Date: 14 February 2026\nIn scope:\nThe development, hosting and support of the "
            "Kestrel Ledger accounting platform,\nincluding its production AWS environment.\n"
            "Out of scope:\nCorporate marketing website.",
            "Kestrel Ledger Ltd",
            "The development, hosting and support of the Kestrel Ledger accounting platform, "
            "including its production AWS environment.",
            "2026-02-14",
        ),
        (
            "Palisade Robotics Inc. - ISMS Scope\nIssued: 2025-11-03\n"
            "Scope:\nDesign and operation of the Palisade fleet telemetry service and its "
            "machine-learning training pipeline.\nExclusions: none.",
            "Palisade Robotics Inc.",
            "Design and operation of the Palisade fleet telemetry service and its "
            "machine-learning training pipeline.",
            "2025-11-03",
        ),
        (
            "Statement of Scope\nWindle & Hart LLP\nThe scope of the ISMS covers the provision "
            "of managed payroll services from our Leeds office.\nApproved by: Chief Executive\n",
            "Windle & Hart LLP",
            "the provision of managed payroll services from our Leeds office.",
            None,
        ),
    ],
    ids=["in-scope-heading", "title-holder", "legal-name-line"],
)
def test_scope_statements(text: str, holder: str, scope: str, date: str | None) -> None:
    facts, _ = _extract(text)
    assert facts["holder"] == holder
    assert facts["scope"] == scope
    assert facts["date"] == date


def test_ambiguous_date_is_warned_and_null() -> None:
    facts, warnings = _extract(
        "Scope statement\nCompany: Tarn Valley Water Ltd\nDate: 04/05/2026\n"
        "Scope: Operation of the telemetry and billing systems for water customers."
    )
    assert facts["date"] is None
    assert warnings and "04/05/2026" in warnings[0]


def test_scope_ends_at_the_next_heading() -> None:
    facts, _ = _extract(
        "Scope statement\nCompany: Ferrow Analytics Ltd\n"
        "Scope of the ISMS:\nHosting of the Ferrow analytics service.\n"
        "Sites:\nManchester head office\n"
    )
    assert facts["scope"] == "Hosting of the Ferrow analytics service."


def test_no_scope_printed() -> None:
    facts, warnings = _extract("Meeting notes\nNothing to see here.")
    assert facts == {"holder": None, "scope": None, "date": None}
    assert warnings == []


SCOPE_DOC = """Information Security Management System
Scope Document
Document ID: ISMS-DOC-002   Version: 3.0   Classification: Internal
Owner: CISO   Approved: 2026-01-19
1. Purpose
This document defines the scope of the ISMS of Tern Harbour Health Ltd.
2. Scope
The ISMS covers the design, development, hosting and support of the TernCare patient triage platform, including its machine-learning models, training data pipelines and inference services hosted on Microsoft Azure (UK South).
3. Exclusions
Physical security of the Azure data centres is excluded.
"""
SCOPE_DE = """Geltungsbereich des ISMS
Unternehmen: Kessler Datentechnik GmbH
Stand: 12.03.2026
Geltungsbereich:
Entwicklung und Betrieb der Kessler Cloud-Plattform einschließlich Rechenzentrum Hamburg.
Ausschlüsse: keine
"""


@pytest.mark.parametrize(
    ("text", "holder", "scope", "date"),
    [
        (
            SCOPE_DOC,
            "Tern Harbour Health Ltd",
            "The ISMS covers the design, development, hosting and support of the TernCare "
            "patient triage platform, including its machine-learning models, training data "
            "pipelines and inference services hosted on Microsoft Azure (UK South).",
            "2026-01-19",
        ),
        (
            SCOPE_DE,
            "Kessler Datentechnik GmbH",
            "Entwicklung und Betrieb der Kessler Cloud-Plattform einschließlich Rechenzentrum "
            "Hamburg.",
            "2026-03-12",
        ),
    ],
    ids=["numbered-sections", "german"],
)
def test_whole_scope_documents(text: str, holder: str, scope: str, date: str) -> None:
    facts, warnings = _extract(text)
    assert (facts["holder"], facts["scope"], facts["date"]) == (holder, scope, date)
    assert warnings == []
