"""Pages -> ParsedDocument: classify, dispatch to the kind's extractor (CONTRACT.md §1-§2).

The one pure entry point from page text to typed facts with evidence. A declared kind never
overrides the content: a contradiction is recorded in `kind_mismatch`, and when the content
is not recognised at all the declared kind is used (the uploader knows what they sent).
"""

from collections.abc import Callable, Sequence
from typing import Any

from app.core.accreditation.vocabulary import MarkVocabulary
from app.core.extract import Extraction
from app.core.extract.bridge import extract_bridge_letter
from app.core.extract.certificate.extractor import extract_certificate
from app.core.extract.scope import extract_scope
from app.core.extract.sector import SECTOR_EXTRACTORS
from app.core.extract.sector.description import describe_system
from app.core.extract.soa.extractor import extract_soa
from app.core.extract.soc2.extractor import extract_soc2_report, extract_soc_report
from app.core.extract.surveillance import extract_surveillance
from app.core.facts import ParsedDocument, UnknownFacts, make_parsed
from app.core.kinds import CERTIFICATE_KINDS, DocumentKind
from app.core.pages import Page
from app.core.parse.classify import check_declared, classify

Extractor = Callable[[Sequence[Page]], Extraction[Any]]

_EXTRACTORS: dict[DocumentKind, Extractor] = {
    DocumentKind.soa: extract_soa,
    DocumentKind.soc1_report: lambda pages: extract_soc_report(pages, DocumentKind.soc1_report),
    DocumentKind.soc2_report: describe_system(extract_soc2_report),
    DocumentKind.soc3_report: lambda pages: extract_soc_report(pages, DocumentKind.soc3_report),
    DocumentKind.soc2_bridge_letter: extract_bridge_letter,
    DocumentKind.scope_statement: extract_scope,
    DocumentKind.surveillance_evidence: extract_surveillance,
    **SECTOR_EXTRACTORS,
}


def extract(
    kind: DocumentKind, pages: Sequence[Page], marks: MarkVocabulary | None = None
) -> Extraction[Any]:
    """Run the extractor of `kind` (unknown documents yield no facts)."""
    if kind in CERTIFICATE_KINDS:
        return extract_certificate(pages, kind, marks=marks)
    extractor = _EXTRACTORS.get(kind)
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
