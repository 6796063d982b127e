"""PDF bytes -> a parsed document, in this process: read the pages, plan, extract.

The in-process half of parsing; `app.adapters.pdf.isolation` runs it in a child process
with time and memory limits. Tests and benchmarks call `parse_bytes` directly to exercise
the production path.
"""

from app.adapters.pdf import reader as pdf
from app.core import DocumentKind, ParsedDocument, parse_pages


def parse_bytes(
    data: bytes, *, declared_kind: DocumentKind | None, max_pages: int, ocr: bool
) -> ParsedDocument:
    """Read and parse a PDF in this process (raises `PdfUnreadable`)."""
    pages = pdf.read_pdf(data, max_pages=max_pages, ocr=ocr)
    parsed = parse_pages(pages, declared_kind=declared_kind)
    tabled = pdf.tables_for(parsed.kind, data, pages)
    if any(p.tables is not None for p in tabled):
        parsed = parse_pages(tabled, declared_kind=declared_kind)
    return parsed
