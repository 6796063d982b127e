"""Sector evidence and 42001 readiness fixtures through the production parse path (CONTRACT.md
§1, §2, §9): kind detected from content, every fact of `<case>.expected.json`, every non-null
fact with verbatim evidence and a confidence.

`tune/` is what the extractors were written against: all facts must match. `heldout/` and
`aside/` hold fresh samples and layouts the extractors were not written for (bench/sector.py
reports their accuracy): kinds must all be right and facts may fall short only by abstaining
(null), never by a wrong value.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from app.core.pages import Page, quote_is_on_page
from app.core.parse.pipeline import parse_pages
from tests.core.extract.pdftext import pdf_pages

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "sector"
TUNE = sorted((HERE / "tune").glob("*.pdf"))
HELDOUT = sorted((HERE / "heldout").glob("*.pdf")) + sorted((HERE / "aside").glob("*.pdf"))


def _read(path: Path) -> tuple[list[Page], dict[str, Any], Any]:
    expected = json.loads(path.with_suffix(".expected.json").read_text())
    pages = pdf_pages(path)
    return pages, expected, parse_pages(pages)


def _evidence_holds(pages: list[Page], parsed: Any) -> None:
    facts = parsed.facts_json()
    for name, value in facts.items():
        if value not in (None, [], {}):
            assert name in parsed.evidence, f"{name} has no evidence"
            assert name in parsed.confidence, f"{name} has no confidence"
    for name, ev in parsed.evidence.items():
        assert quote_is_on_page(pages[ev.page - 1], ev.quote), name


@pytest.mark.parametrize("path", TUNE, ids=[p.stem for p in TUNE])
def test_tuning_fixture(path: Path) -> None:
    pages, expected, parsed = _read(path)
    assert parsed.kind.value == expected["kind"]
    facts = parsed.facts_json()
    for name, want in expected["facts"].items():
        assert facts[name] == want, (name, parsed.warnings)
    _evidence_holds(pages, parsed)


@pytest.mark.parametrize("path", HELDOUT, ids=[f"{p.parent.name}-{p.stem}" for p in HELDOUT])
def test_heldout_fixture_is_right_or_abstains(path: Path) -> None:
    pages, expected, parsed = _read(path)
    assert parsed.kind.value == expected["kind"]
    facts = parsed.facts_json()
    wrong = {
        n: (facts[n], w) for n, w in expected["facts"].items() if facts[n] not in (w, None, [])
    }
    assert wrong == {}
    _evidence_holds(pages, parsed)


def test_fixture_sets_cover_every_kind_in_several_layouts() -> None:
    layouts: dict[str, set[str]] = {}
    for path in TUNE:
        kind = json.loads(path.with_suffix(".expected.json").read_text())["kind"]
        layouts.setdefault(kind, set()).add(path.stem.rsplit("_", 1)[0])
    assert len(layouts) == 7
    assert all(len(names) >= 3 for names in layouts.values()), layouts
