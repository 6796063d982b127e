"""Golden fixtures: every tests/fixtures/documents/certificates/<case>.pdf matches its expected.json."""

import json
from pathlib import Path

import pytest

from app.adapters.pdf.reader import read_pdf
from app.core.pages import quote_is_on_page
from app.core.parse.pipeline import parse_pages
from tests.reference import MARKS

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "certificates"
CASES = sorted(HERE.glob("*.pdf"))


@pytest.mark.parametrize("pdf_path", CASES, ids=[p.stem for p in CASES])
def test_fixture_kind_facts_and_evidence(pdf_path: Path) -> None:
    expected = json.loads(pdf_path.with_suffix(".expected.json").read_text())
    pages = read_pdf(pdf_path.read_bytes(), max_pages=20, ocr=False)
    parsed = parse_pages(pages, marks=MARKS)
    assert parsed.kind.value == expected["kind"]
    facts = parsed.facts_json()
    for name, value in expected["facts"].items():
        assert facts.get(name) == value, name
    for name, ev in parsed.evidence.items():
        assert facts[name] not in (None, []), name
        assert quote_is_on_page(pages[ev.page - 1], ev.quote)
    for name, value in facts.items():
        if value not in (None, [], {}):
            assert name in parsed.evidence, f"{name} has no evidence"
