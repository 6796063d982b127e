"""PDF bytes -> a parsed document, in this process: read the pages, plan, extract.

The in-process half of parsing; `app.adapters.pdf.isolation` runs it in a child process
with time and memory limits. Tests and benchmarks call `parse_bytes` directly to exercise
the production path. The accreditation-mark vocabulary comes from the reference data in force
unless the caller passes one.
"""

from app.adapters.pdf import reader as pdf
from app.adapters.reference.loader import load_mark_vocabulary
from app.core import DocumentKind, MarkVocabulary, ParsedDocument, parse_pages


def parse_bytes(
    data: bytes,
    *,
    declared_kind: DocumentKind | None,
    max_pages: int,
    ocr: bool,
    marks: MarkVocabulary | None = None,
) -> ParsedDocument:
    """Read and parse a PDF in this process (raises `PdfUnreadable`)."""
    marks = marks or load_mark_vocabulary()
    pages = pdf.read_pdf(data, max_pages=max_pages, ocr=ocr, marks=marks)
    parsed = parse_pages(pages, declared_kind=declared_kind, marks=marks)
    tabled = pdf.tables_for(parsed.kind, data, pages)
    if any(p.tables is not None for p in tabled):
        parsed = parse_pages(tabled, declared_kind=declared_kind, marks=marks)
    return parsed
