"""Golden documents on the production parse path (issue 10 point 6): every document of the
shared corpus, the house-style packages, the fixtures and the real documents is parsed by
`parse_bytes` (plan, OCR, tables, kind detection, one extraction); its kind and every
expected fact must come out, every quote must be on its page, and the page, quote and
confidence of every fact are pinned by a snapshot (`snapshot.py` rewrites them)."""

from pathlib import Path
from typing import Any

import pytest

from app.core.pages import quote_is_on_page
from tests.adapters.pdf.ocr_gate import require_tesseract
from tests.golden.documents import (
    documents,
    load_snapshots,
    needs_ocr,
    parsed,
    same,
    snapshot_key,
    snapshot_of,
    summarise,
    text_pages,
)

# Lists kept for the checks to see, not facts a page prints.
DIAGNOSTIC = frozenset({"unknown_control_ids", "duplicate_control_ids"})
CASES = [
    pytest.param(
        s, p, d, id=f"{s}/{snapshot_key(s, p)}", marks=[pytest.mark.ocr] if needs_ocr(p) else []
    )
    for s, p, d in documents()
]


@pytest.mark.parametrize(("set_name", "path", "expected"), CASES)
def test_document_reads_as_expected(set_name: str, path: Path, expected: dict[str, Any]) -> None:
    if needs_ocr(path):
        require_tesseract()
    doc = parsed(path)
    assert doc.kind.value == expected["kind"]
    facts = summarise(doc.facts_json())
    wrong = {
        name: (facts.get(name), want)
        for name, want in expected["facts"].items()
        if not same(want, facts.get(name), ocr=doc.ocr)
    }
    assert not wrong, wrong
    for name, value in facts.items():
        if (
            value not in (None, [], {})
            and name in type(doc.facts).model_fields
            and name not in DIAGNOSTIC
        ):
            assert name in doc.evidence, f"{name} has no evidence"
            assert name in doc.confidence, f"{name} has no confidence"
    if not needs_ocr(path):
        pages = text_pages(path)
        for name, ev in doc.evidence.items():
            assert quote_is_on_page(pages[ev.page - 1], ev.quote), name
        pinned = load_snapshots(set_name).get(snapshot_key(set_name, path))
        assert pinned is not None, f"no snapshot for {path.name}: run tests/golden/snapshot.py"
        assert snapshot_of(doc) == pinned


def test_bridge_letter_citing_a_later_report_says_so() -> None:
    """The real bridge letter (dated 2025-02-19) cites a June 11, 2025 report."""
    found = [p for s, p, _ in documents() if p.name.startswith("soc2-bridge-letter-gsi")]
    if not found:
        pytest.skip("shared realworld documents not present")
    doc = parsed(found[0])
    assert doc.evidence["report_date"].quote == "June 11, 2025 report"
    assert any("after the letter" in w for w in doc.warnings)
