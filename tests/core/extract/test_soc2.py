"""SOC 2 report extraction from text (CONTRACT.md §2, `soc2_report`)."""

import pytest

from app.core.extract.soc2.deviations import is_deviation
from app.core.extract.soc2.extractor import extract_soc2_report
from tests.core.extract.pdftext import text_pages

AUDITOR_REPORT = (
    "Independent Service Auditor's Report\nTo the Management of Vela Systems, Inc.:\n"
    "We examined the system for the period January 1, 2025 to December 31, 2025, based on the\n"
    "trust services criteria relevant to security and confidentiality.\n"
    "Vela uses Amazon Web Services, Inc. as a subservice organization (carve-out method).\n"
    "Opinion\n{opinion}\nRidge & Vale LLP\nBoston, Massachusetts\nMarch 3, 2026"
)
TESTS = (
    "Section IV Tests of Controls\nRef Control Test Result\n"
    "CC-1.1 Access reviewed Inspected sample No exceptions noted.\n"
    "CC-1.2 MFA enforced Inspected config Exception noted: one admin\nwithout MFA.\n"
    "CC-1.3 Backups run Inspected logs No deviations noted.\n"
    "CC-1.4 Changes approved Inspected tickets Deviation noted.\nRe-performed: exceptions were noted.\n"
)


@pytest.mark.parametrize(
    ("sentence", "opinion"),
    [
        (
            "In our opinion, in all material respects, the controls operated effectively.",
            "unqualified",
        ),
        (
            "In our opinion, except for the matter described above, the controls operated.",
            "qualified",
        ),
        ("Because of the significance of the matter, we do not express an opinion.", "disclaimer"),
        ("In our adverse opinion the controls did not operate effectively.", "adverse"),
    ],
    ids=["unqualified", "qualified", "disclaimer", "adverse"],
)
def test_report_facts(sentence: str, opinion: str) -> None:
    pages = text_pages(
        "Vela Systems, Inc.\nSOC 2 Type II Report", AUDITOR_REPORT.format(opinion=sentence), TESTS
    )
    extraction = extract_soc2_report(pages)
    facts = extraction.facts.model_dump(mode="json")
    assert facts == {
        "report_type": "type2",
        "service_organization": "Vela Systems, Inc.",
        "service_auditor": "Ridge & Vale LLP",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "report_date": "2026-03-03",
        "trust_services_categories": ["security", "confidentiality"],
        "opinion": opinion,
        "exceptions_count": 2,
        "subservice_organizations": [{"name": "Amazon Web Services, Inc.", "method": "carve-out"}],
        "system_description": [],
    }
    assert set(extraction.evidence) == {k for k, v in facts.items() if v not in (None, [])}


def test_type1_as_of_has_equal_start_and_end() -> None:
    pages = text_pages(
        "Report on controls as of March 31, 2025",
        "Type 1\nIn our opinion, the controls were suitably designed.",
    )
    facts = extract_soc2_report(pages).facts
    assert (facts.report_type, facts.period_start, facts.period_end) == (
        "type1",
        facts.period_end,
        facts.period_end,
    )
    assert str(facts.period_end) == "2025-03-31"


@pytest.mark.parametrize(
    ("text", "deviation"),
    [
        ("No exceptions noted.", False),
        ("no deviations were noted", False),
        ("Exception noted: 2 of 25", True),
        ("Deviation noted.", True),
        ("the following exceptions were noted", True),
        ("No relevant exceptions noted.", False),
    ],
    ids=["no-exc", "no-dev-were", "exc", "dev", "were-noted", "no-relevant"],
)
def test_deviation_phrases(text: str, deviation: bool) -> None:
    assert (is_deviation(text) is not None) == deviation


def test_summary_sentence_alone_is_not_counted_as_test_rows() -> None:
    tests = (
        TESTS
        + "Section V Other Information Provided by Vela\nCC-1.3 Management response: exception noted later.\n"
    )
    pages = text_pages(
        "SOC 2 Type 2", AUDITOR_REPORT.format(opinion="In our opinion, fine."), tests
    )
    assert extract_soc2_report(pages).facts.exceptions_count == 2
