"""SOC 2 bridge letter extraction (CONTRACT.md §2, `soc2_bridge_letter`)."""

import pytest

from app.core.extract.bridge import extract_bridge_letter
from tests.core.extract.pdftext import text_pages

LETTER = (
    "15 January 2026\nTo our customers,\n"
    "Our SOC 2 Type 2 report was issued by Halden Carr LLP and covers the period 1 October 2024\n"
    "to 30 September 2025; the report was dated 20 November 2025.\n"
    "{changes}\nYours faithfully,\nManagement of Brightwater Data Ltd"
)


@pytest.mark.parametrize(
    ("changes", "material", "bridge_end"),
    [
        (
            "As of 31 December 2025, there have been no material changes to our controls.",
            False,
            "2025-12-31",
        ),
        (
            "Through 31 December 2025 the following material changes were made: a new IdP.",
            True,
            "2025-12-31",
        ),
        ("We will write again.", None, None),
    ],
    ids=["no-change", "changes", "silent"],
)
def test_bridge_facts(changes: str, material: bool | None, bridge_end: str | None) -> None:
    extraction = extract_bridge_letter(text_pages(LETTER.format(changes=changes)))
    facts = extraction.facts.model_dump(mode="json")
    assert facts == {
        "service_organization": "Brightwater Data Ltd",
        "service_auditor": "Halden Carr LLP",
        "letter_date": "2026-01-15",
        "report_period_start": "2024-10-01",
        "report_period_end": "2025-09-30",
        "bridge_period_end": bridge_end,
        "material_changes": material,
        "report_date": "2025-11-20",
    }
    assert set(extraction.evidence) == {k for k, v in facts.items() if v is not None}
    assert extraction.warnings == []
