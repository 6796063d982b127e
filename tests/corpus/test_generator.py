"""The generated corpus itself: enough house styles, two held-out sets (aside, fresh) kept
apart, ground truth in the shared corpus's format that follows the contract's vocabulary, and
deterministic output."""

import csv
from collections import Counter
from itertools import chain
from typing import Any

import pypdfium2 as pdfium
import pytest

from app.core import DocumentKind, FindingCode
from tests.corpus import load
from tests.corpus.aside import ASIDE_CASES, ASIDE_STYLES
from tests.corpus.cases_dev import DEV_CASES
from tests.corpus.certificates import CertStyle
from tests.corpus.fresh import FRESH_CASES, FRESH_STYLES
from tests.corpus.model import REPO, CertSpec, SoaSpec, fmt_date
from tests.corpus.package import CODES, CRITICAL, Case
from tests.corpus.styles import DEV_STYLES, render

ALL_CASES = (*DEV_CASES, *ASIDE_CASES, *FRESH_CASES)


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


def test_fresh_set_has_its_own_styles_and_cases() -> None:
    names = [s.name for s in FRESH_STYLES]
    assert len(names) == len(set(names)) >= 12
    assert not set(names) & {s.name for s in chain(DEV_STYLES, ASIDE_STYLES)}
    assert all(s.aside for s in FRESH_STYLES), "fresh styles are held out like the aside set's"
    used = {d.style.name for c in FRESH_CASES for d in c.docs}
    assert used == set(names), "every fresh style is used, and only fresh styles"
    assert len(FRESH_CASES) >= 8
    clean = [c for c in FRESH_CASES if not c.must]
    assert len(clean) >= 3 and len(FRESH_CASES) - len(clean) >= 5
    seeds = {c.seed for c in chain(DEV_CASES, ASIDE_CASES)}
    assert not {c.seed for c in FRESH_CASES} & seeds, "the fresh set has its own seeds"


def test_fresh_clean_vendors_use_certification_bodies_the_reference_data_knows() -> None:
    path = REPO / "accreditation_data" / "certification_bodies.csv"
    with path.open(encoding="utf-8") as fh:
        known = {row["name"] for row in csv.DictReader(fh)}
    for case in FRESH_CASES:
        for doc in case.docs:
            if isinstance(doc.spec, CertSpec):
                assert doc.spec.cb.name in known, (case.name, doc.spec.cb.name)
    dev_cbs = {d.spec.cb.name for c in DEV_CASES for d in c.docs if isinstance(d.spec, CertSpec)}
    fresh_cbs = {
        d.spec.cb.name for c in FRESH_CASES for d in c.docs if isinstance(d.spec, CertSpec)
    }
    assert len(fresh_cbs - dev_cbs) >= 6, "mostly certification bodies the dev set never shows"


def test_fresh_covers_languages_kinds_and_defects_the_brief_lists() -> None:
    langs = {s.lang for s in FRESH_STYLES if isinstance(s, CertStyle)}
    assert langs >= {"en", "it", "nl", "pt", "sv"}
    specs = [d.spec for c in FRESH_CASES for d in c.docs]
    kinds = {s.kind for s in specs}
    assert kinds >= {k.value for k in (
        DocumentKind.iso27001_certificate, DocumentKind.iso42001_certificate,
        DocumentKind.iso27701_certificate, DocumentKind.soa, DocumentKind.scope_statement,
        DocumentKind.surveillance_evidence, DocumentKind.soc2_report,
        DocumentKind.soc2_bridge_letter)}  # fmt: skip
    outcomes = {s.facts()["outcome"] for s in specs if s.kind == "surveillance_evidence"}
    assert outcomes >= {"continued", "suspended"}
    assert any(isinstance(s, CertSpec) and s.version == "2013" for s in specs)
    assert any(isinstance(s, SoaSpec) and s.edition == "2013" for s in specs)
    socs = [s.facts() for s in specs if s.kind == "soc2_report"]
    assert {f["report_type"] for f in socs} == {"type1", "type2"}
    assert {f["opinion"] for f in socs} == {"unqualified", "qualified"}
    must = {code for c in FRESH_CASES for code in c.must}
    assert must >= {"CERT_EXPIRED", "CERT_SUPERSEDED_STANDARD", "SCOPE_AI_GAP", "SOC2_TYPE1_ONLY",
                    "SOC2_QUALIFIED_OPINION", "SURVEILLANCE_FAILED"}  # fmt: skip
    holders = Counter(
        (c.name, s.holder) for c in FRESH_CASES for d in c.docs
        if isinstance(s := d.spec, CertSpec) and s.standard in ("27001", "42001")
    )  # fmt: skip
    assert max(holders.values()) >= 2, "one package holds a 27001 and a 42001 of one holder"


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


@pytest.mark.parametrize("name", ["dev", "aside", "fresh"])
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


@pytest.mark.parametrize("case", FRESH_CASES, ids=lambda c: c.name)
def test_fresh_rendering_is_deterministic(case: Case) -> None:
    doc = case.docs[0]
    assert render(doc.spec, doc.style, case.seed) == render(doc.spec, doc.style, case.seed)


def _pages(path: Any) -> list[str]:
    doc = pdfium.PdfDocument(path)
    try:
        return [_squash(doc[i].get_textpage().get_text_range()) for i in range(len(doc))]
    finally:
        doc.close()


def test_fresh_certificates_print_their_dates_in_the_house_format(tmp_path: Any) -> None:
    """Each certificate prints its issue and expiry dates as its style writes dates, and the
    long scope of the page-overflow style really runs from page 1 onto page 2."""
    checked = overflow = 0
    for case in load.cases("fresh", tmp_path):
        source = next(c for c in FRESH_CASES if c.name == case.name)
        for doc in source.docs:
            if not isinstance(doc.spec, CertSpec) or not isinstance(doc.style, CertStyle):
                continue
            pages = _pages(case.dir / doc.file)
            text = " ".join(pages)
            for day in (doc.spec.issue, doc.spec.expiry):
                assert fmt_date(day, doc.style.dates) in text, (doc.file, day)
                checked += 1
            scope = _squash(doc.spec.scope)
            if len(pages) > 1 and scope not in pages[0] and scope not in pages[1]:
                assert scope[:40] in pages[0] and scope[-40:] in pages[1], doc.file
                overflow += 1
    assert checked >= 24 and overflow >= 1
