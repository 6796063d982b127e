"""Golden documents for SoA, SOC 2 and bridge-letter extraction (CONTRACT.md §2): every fact in
each `<case>.expected.json` (own fixtures and the shared corpus) must be extracted, and every
piece of evidence must quote its page."""

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from app.core.extract import Extraction
from app.core.extract.bridge import extract_bridge_letter
from app.core.extract.soa.extractor import extract_soa
from app.core.extract.soc2.extractor import extract_soc2_report
from app.core.pages import Page, quote_is_on_page
from tests.core.extract.pdftext import pdf_pages

ROOT = Path(__file__).resolve().parents[2]
OWN = ROOT / "tests" / "fixtures" / "documents" / "reports"
CORPUS = ROOT.parent / "shared" / "corpus" / "cases"
REALWORLD = ROOT.parent / "shared" / "realworld"
EXTRACTORS: dict[str, Callable[[Sequence[Page]], Extraction[Any]]] = {
    "soa": extract_soa,
    "soc2_report": extract_soc2_report,
    "soc2_bridge_letter": extract_bridge_letter,
}


def _cases() -> list[Any]:
    cases = [
        pytest.param(p, json.loads(p.with_suffix(".expected.json").read_text()), id=p.stem)
        for p in sorted(OWN.glob("*.pdf"))
    ]
    for expected_file in sorted(CORPUS.glob("*/expected.json")):
        for name, doc in json.loads(expected_file.read_text())["documents"].items():
            if doc["kind"] in EXTRACTORS:
                cases.append(pytest.param(expected_file.parent / name, doc, id=name))
    return cases


def summarise(kind: str, facts: dict[str, Any]) -> dict[str, Any]:
    """Facts in the corpus' summarised form (SoA controls as count and exclusions)."""
    if kind == "soa":
        controls = facts.pop("controls")
        excluded = [c for c in controls if c["applicable"] is False]
        facts["controls_count"] = len(controls)
        facts["excluded_controls"] = sorted(c["id"] for c in excluded)
        facts["unjustified_exclusions"] = sorted(
            c["id"] for c in excluded if not c["justification"]
        )
    return facts


@pytest.mark.parametrize(("path", "expected"), _cases())
def test_golden_document(path: Path, expected: dict[str, Any]) -> None:
    if not path.exists():
        pytest.skip(f"{path} not present")
    pages = pdf_pages(path)
    extraction = EXTRACTORS[expected["kind"]](pages)
    got = summarise(expected["kind"], extraction.facts.model_dump(mode="json"))
    for key, want in expected["facts"].items():
        if isinstance(want, list) and key in ("excluded_controls", "unjustified_exclusions"):
            want = sorted(want)
        assert got[key] == want, key
    for name, ev in extraction.evidence.items():
        assert quote_is_on_page(pages[ev.page - 1], ev.quote), name
    for name, value in got.items():
        if value not in (None, [], 0) and name not in (
            "controls_count",
            "excluded_controls",
            "unjustified_exclusions",
            "unknown_control_ids",
            "duplicate_control_ids",
        ):
            assert name in extraction.evidence, f"no evidence for {name}"


def test_realworld_bridge_letter_cites_a_later_report() -> None:
    path = REALWORLD / "soc2-bridge-letter-gsi-uhy-rapidreconciler.pdf"
    if not path.exists():
        pytest.skip("shared realworld documents not present")
    extraction = extract_bridge_letter(pdf_pages(path))
    facts = extraction.facts.model_dump(mode="json")
    assert facts == {
        "service_organization": "Global Systems Integration",
        "service_auditor": "UHY",
        "letter_date": "2025-02-19",
        "report_period_start": "2024-04-01",
        "report_period_end": "2025-03-31",
        "bridge_period_end": "2025-02-18",
        "material_changes": False,
        "report_date": "2025-06-11",
    }
    assert extraction.evidence["report_date"].quote == "June 11, 2025 report"
    assert any("after the letter" in w for w in extraction.warnings)
