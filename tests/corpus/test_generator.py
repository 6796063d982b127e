"""The generated corpus itself: enough house styles, an aside set kept apart, ground truth in
the shared corpus's format that follows the contract's vocabulary, and deterministic output."""

from collections import Counter
from itertools import chain
from typing import Any

import pypdfium2 as pdfium
import pytest

from app.core import DocumentKind, FindingCode
from tests.corpus import load
from tests.corpus.aside import ASIDE_CASES, ASIDE_STYLES
from tests.corpus.cases_dev import DEV_CASES
from tests.corpus.package import CODES, CRITICAL, Case
from tests.corpus.styles import DEV_STYLES, render

ALL_CASES = (*DEV_CASES, *ASIDE_CASES)


def test_at_least_thirty_house_styles_and_a_third_aside() -> None:
    names = [s.name for s in chain(DEV_STYLES, ASIDE_STYLES)]
    assert len(names) == len(set(names)), Counter(names).most_common(3)
    assert len(names) >= 30
    assert len(ASIDE_STYLES) * 3 >= len(names)
    assert all(s.aside for s in ASIDE_STYLES) and not any(s.aside for s in DEV_STYLES)


def test_each_set_uses_only_its_own_styles() -> None:
    dev = {s.name for s in DEV_STYLES}
    assert {d.style.name for c in DEV_CASES for d in c.docs} <= dev
    assert not {d.style.name for c in ASIDE_CASES for d in c.docs} & dev
    assert len({c.name for c in ALL_CASES}) == len(ALL_CASES)


def test_codes_are_the_contract_codes() -> None:
    assert set(CODES) == {c.value for c in FindingCode}


def test_covers_the_kinds_layouts_and_languages_the_issue_lists() -> None:
    kinds = {d.spec.kind for c in DEV_CASES for d in c.docs}
    assert kinds >= {k.value for k in (
        DocumentKind.iso27001_certificate, DocumentKind.iso42001_certificate, DocumentKind.soa,
        DocumentKind.scope_statement, DocumentKind.surveillance_evidence, DocumentKind.soc1_report,
        DocumentKind.soc2_report, DocumentKind.soc3_report, DocumentKind.soc2_bridge_letter)}  # fmt: skip
    langs = {getattr(s, "lang", "en") for s in DEV_STYLES}
    assert langs == {"en", "de", "fr", "es"}
    assert any(getattr(s, "scan", False) for s in DEV_STYLES)
    outcomes = {d.spec.facts()["outcome"] for c in DEV_CASES for d in c.docs
                if d.spec.kind == "surveillance_evidence"}  # fmt: skip
    assert outcomes == {"continued", "suspended", "withdrawn"}


@pytest.mark.parametrize("case", ALL_CASES, ids=lambda c: c.name)
def test_expected_json_follows_the_shared_format(case: Case) -> None:
    exp = case.expected()
    must, maybe = exp["findings_must_include"], exp["findings_unspecified"]
    must_not = exp["findings_must_not_include"]
    assert sorted([*must, *maybe, *must_not]) == sorted(CODES)
    assert exp["as_of"] == "2026-11-23"
    assert set(exp["tier_in"]) <= {"low", "medium", "high", "critical"} and exp["tier_in"]
    if CRITICAL & set(must):
        assert set(exp["tier_in"]) <= {"high", "critical"}
    if not must:
        assert exp["tier_in"] == ["low"], "a clean vendor must be rated low"
    for doc in exp["documents"].values():
        DocumentKind(doc["kind"])
        assert doc["facts"], "every document asserts some facts"
    assert exp["notes"]


def _text(path: Any) -> str:
    doc = pdfium.PdfDocument(path)
    try:
        return " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", ["dev", "aside"])
def test_generated_text_prints_the_ground_truth(name: str, tmp_path: Any) -> None:
    """Names, numbers and scopes the truth asserts are in the text layer (scans excepted)."""
    checked = 0
    for case in load.cases(name, tmp_path):
        styles = {d.file: d.style for d in next(c for c in ALL_CASES if c.name == case.name).docs}
        for pdf, truth in ((case.dir / f, t) for f, t in case.expected["documents"].items()):
            if getattr(styles[pdf.name], "scan", False):
                continue
            text = _squash(_text(pdf))
            for fact in (
                "holder",
                "certificate_number",
                "scope",
                "service_organization",
                "version",
            ):
                value = truth["facts"].get(fact)
                if isinstance(value, str):
                    assert _squash(value) in text, (
                        f"{case.name}/{pdf.name}: {fact} {value!r} not printed"
                    )
                    checked += 1
    assert checked > 30


def test_rendering_is_deterministic() -> None:
    case = next(c for c in DEV_CASES if c.scanned())
    doc = next(d for d in case.docs if getattr(d.style, "scan", False))
    assert render(doc.spec, doc.style, 3) == render(doc.spec, doc.style, 3)
    assert render(doc.spec, doc.style, 3) != render(doc.spec, doc.style, 4)
