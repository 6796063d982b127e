"""Metamorphic tests: the same facts rendered in two house styles give the same parsed facts.

For each document kind one plain development style is the baseline; every other
development style renders the very same spec, and the production path
(`app.adapters.pdf.parse.parse_bytes`) must read the same value for every fact the ground
truth asserts. The baseline itself must read the truth, so two styles that both fail cannot
pass together. Pairs today's extractors get wrong are `xfail(strict=True)` with the failure
class as the reason: when an extractor improves, the pair passes and the strict mark fails
the run, so the list stays the true list of known failures. Only development styles are used; the aside set is never a test input.
"""

from datetime import date
from functools import lru_cache
from typing import Any

import pytest

from app.adapters.pdf.parse import parse_bytes
from tests.adapters.pdf.ocr_gate import require_tesseract
from tests.corpus.model import (
    BSI,
    BridgeSpec,
    CertSpec,
    LetterSpec,
    ScopeSpec,
    SoaSpec,
    SocSpec,
    Subservice,
)
from tests.corpus.score import same, summarise
from tests.corpus.styles import DEV_STYLES, Style, render

HOLDER = "Northwind Analytics Ltd"
SPECS: dict[str, Any] = {
    "certificate": CertSpec(
        "27001", "2022", "IS 771234", HOLDER, "12 Mill Lane, Bristol BS1 4XX, United Kingdom", BSI,
        "Development, hosting and support of the Northwind Vision analytics platform.",
        date(2025, 5, 19), date(2028, 5, 18), first=date(2019, 5, 17),
    ),
    "soa": SoaSpec(HOLDER, "3.1", date(2025, 2, 14), exclusions={
        "A.7.12": "No company-run server rooms.", "A.8.30": ""}),
    "scope_statement": ScopeSpec(HOLDER, "The ISMS covers the development, hosting and support of "
                                 "Northwind Vision, including its production cloud environment.",
                                 date(2025, 2, 14)),
    "surveillance_evidence": LetterSpec(
        BSI, HOLDER, "12 Mill Lane, Bristol BS1 4XX, United Kingdom", "IS 771234", "27001",
        "surveillance", date(2026, 5, 12), date(2026, 6, 1), "continued", 0, 2, "Martin Hale"),
    "soc2_report": SocSpec(
        2, "Northwind Analytics Ltd", "Northwind", "Northwind Vision", "Whitlock Barrow & Co. LLP",
        "Hartford, Connecticut", "type2", date(2025, 4, 1), date(2026, 3, 31), date(2026, 5, 8),
        deviations={7: "The Q2 access review was completed late."}, controls=30,
        subservice=(Subservice("Amazon Web Services, Inc.", "cloud hosting", "carve-out"),)),
    "soc2_bridge_letter": BridgeSpec(
        "Northwind Analytics, Inc.", "Whitlock Barrow & Co. LLP", date(2026, 5, 4),
        date(2024, 10, 1), date(2025, 9, 30), date(2026, 3, 31), False,
        "Dana Whitcomb, Chief Financial Officer"),
}  # fmt: skip
BASELINE = {
    "certificate": "cert_grid_portrait",
    "soa": "soa_ruled_grid",
    "scope_statement": "scope_plain",
    "surveillance_evidence": "letter_continued_text",
    "soc2_report": "soc2_roman_classic",
    "soc2_bridge_letter": "bridge_letter",
}
# Styles whose facts are (partly) printed only in images: reading them needs OCR.
IMAGE_STYLES = {"cert_sentences_wordmark_image", "cert_appendix_footer_cb", "cert_scan_grid",
                "cert_scan_sentences"}  # fmt: skip
# Known failure classes of today's extractors, per style (see the README, "Generated corpus").
KNOWN: dict[str, str] = {
    "cert_sentences_wordmark_image": "CB named only in the logo image and the accreditation only "
    "as a mark image: neither read",
    "cert_centered_landscape_box": "holder taken from 'named below' in the sentence after it; "
    "scope in a bordered box missed",
    "cert_appendix_footer_cb": "CB only in the footer, scope only in an appendix: certificate "
    "number, holder, accreditation and scope misread",
}


def _kind(style: Style) -> str:
    return "certificate" if style.kind == "certificate" else style.kind


def _pairs() -> list[Any]:
    out = []
    for style in DEV_STYLES:
        kind = _kind(style)
        if kind not in SPECS or style.name == BASELINE[kind]:
            continue
        marks: list[Any] = []
        if style.name in IMAGE_STYLES:
            marks.append(pytest.mark.ocr)
        if style.name in KNOWN:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN[style.name]))
        out.append(pytest.param(kind, style.name, marks=marks, id=f"{BASELINE[kind]}~{style.name}"))
    return out


def _style(name: str) -> Style:
    return next(s for s in DEV_STYLES if s.name == name)


@lru_cache(maxsize=64)
def parsed(kind: str, style_name: str) -> tuple[str, dict[str, Any], bool]:
    """(kind, summarised facts, ocr) of SPECS[kind] drawn in `style_name`, through production."""
    data = render(SPECS[kind], _style(style_name), seed=7)
    doc = parse_bytes(data, declared_kind=None, max_pages=2000, ocr=True)
    return doc.kind.value, summarise(doc.facts_json()), doc.ocr


def _truth(kind: str) -> dict[str, Any]:
    facts: dict[str, Any] = SPECS[kind].facts()
    return facts


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_baseline_style_reads_the_truth(kind: str) -> None:
    """The anchor of the metamorphic pairs: the plain style reads every asserted fact right."""
    got_kind, facts, ocr = parsed(kind, BASELINE[kind])
    assert got_kind == SPECS[kind].kind
    wrong = {
        k: (facts.get(k), v)
        for k, v in _truth(kind).items()
        if not same(v, facts.get(k), ocr, strict=True)
    }
    assert not wrong, f"baseline {BASELINE[kind]} misreads (got, truth): {wrong}"


@pytest.mark.parametrize(("kind", "style_name"), _pairs())
def test_same_facts_in_another_style(kind: str, style_name: str) -> None:
    if style_name in IMAGE_STYLES:
        require_tesseract()
    base_kind, base, _ = parsed(kind, BASELINE[kind])
    got_kind, facts, ocr = parsed(kind, style_name)
    assert got_kind == base_kind
    differ = {
        k: (base.get(k), facts.get(k))
        for k in _truth(kind)
        if not same(base.get(k), facts.get(k), ocr, strict=True)
    }
    assert not differ, f"{style_name} reads differently from {BASELINE[kind]} (base, got): {differ}"
