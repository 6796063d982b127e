"""Pages -> ParsedDocument: classify, dispatch to the kind's extractor (CONTRACT.md §1-§2).

The one pure entry point from page text to typed facts with evidence. A declared kind never
overrides the content: a contradiction is recorded in `kind_mismatch`, and when the content
is not recognised at all the declared kind is used (the uploader knows what they sent).
"""

from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Any

from app.core.accreditation.vocabulary import MarkVocabulary
from app.core.extract import Extraction
from app.core.facts import ParsedDocument, UnknownFacts, make_parsed
from app.core.kinds import CERTIFICATE_KINDS, DocumentKind
from app.core.pages import Page
from app.core.parse.classify import check_declared, classify

Extractor = Callable[[Sequence[Page]], Extraction[Any]]

# Each kind's extractor, imported when a document of that kind is first read (issue 14: a
# command that parses one SOC 2 report does not compile every other kind's patterns; that
# was most of a parse worker's start-up). kind -> (module under app.core.extract, function).
_EXTRACTOR_NAMES: dict[DocumentKind, tuple[str, str]] = {
    DocumentKind.soa: ("soa.extractor", "extract_soa"),
    DocumentKind.soc2_bridge_letter: ("bridge", "extract_bridge_letter"),
    DocumentKind.scope_statement: ("scope", "extract_scope"),
    DocumentKind.surveillance_evidence: ("surveillance", "extract_surveillance"),
    DocumentKind.pci_dss_aoc: ("sector.pci", "extract_pci_dss_aoc"),
    DocumentKind.fedramp_authorization: ("sector.fedramp", "extract_fedramp"),
    DocumentKind.hipaa_attestation: ("sector.hipaa", "extract_hipaa"),
    DocumentKind.dpa: ("sector.dpa", "extract_dpa"),
    DocumentKind.cjis_addendum: ("sector.cjis", "extract_cjis"),
    DocumentKind.ndaa889_representation: ("sector.ndaa", "extract_ndaa889"),
    DocumentKind.iso42001_readiness: ("sector.readiness", "extract_readiness"),
}
_SOC_KINDS = {DocumentKind.soc1_report, DocumentKind.soc2_report, DocumentKind.soc3_report}


def _function(module: str, name: str) -> Any:
    return getattr(import_module(f"app.core.extract.{module}"), name)


def extractor_for(kind: DocumentKind) -> Extractor | None:
    """The extractor of a kind other than a certificate's (None: no facts to read)."""
    if kind in _SOC_KINDS:
        from app.core.extract.soc2.extractor import extract_soc2_report, extract_soc_report

        if kind == DocumentKind.soc2_report:
            from app.core.extract.sector.description import describe_system

            return describe_system(extract_soc2_report)
        return lambda pages: extract_soc_report(pages, kind)
    named = _EXTRACTOR_NAMES.get(kind)
    return None if named is None else _function(*named)


def import_extractors() -> None:
    """Import every kind's extractor now (a process whose forked copies parse documents of
    any kind: the warm server, a zygote serving a package)."""
    from app.core.extract.certificate.extractor import extract_certificate  # noqa: F401

    for kind in (*_SOC_KINDS, *_EXTRACTOR_NAMES):
        extractor_for(kind)


def extract(
    kind: DocumentKind, pages: Sequence[Page], marks: MarkVocabulary | None = None
) -> Extraction[Any]:
    """Run the extractor of `kind` (unknown documents yield no facts)."""
    if kind in CERTIFICATE_KINDS:
        from app.core.extract.certificate.extractor import extract_certificate

        return extract_certificate(pages, kind, marks=marks)
    extractor = extractor_for(kind)
    if extractor is None:
        return Extraction(facts=UnknownFacts())
    return extractor(pages)


def parse_pages(
    pages: Sequence[Page],
    *,
    declared_kind: DocumentKind | None = None,
    ocr: bool = False,
    detected: DocumentKind | None = None,
    warnings: Sequence[str] = (),
    marks: MarkVocabulary | None = None,
) -> ParsedDocument:
    """Extract the kind's facts with evidence (classifying the pages unless the plan already
    did: `detected`), and note any kind mismatch and the reader's `warnings`. `marks` is the
    accreditation-mark vocabulary of the reference data (without it no mark is read)."""
    if detected is None:
        detected = classify(pages)
    kind = detected
    if detected == DocumentKind.unknown and declared_kind is not None:
        kind = declared_kind
    extraction = extract(kind, pages, marks)
    return make_parsed(
        kind,
        extraction.facts,
        evidence=extraction.evidence,
        confidence=extraction.confidence_map(),
        pages=len(pages),
        ocr=ocr or any(p.ocr for p in pages),
        declared_kind=declared_kind,
        kind_mismatch=check_declared(detected, declared_kind),
        warnings=[*warnings, *extraction.warnings],
    )
