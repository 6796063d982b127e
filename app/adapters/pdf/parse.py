"""PDF bytes -> a parsed document, in this process: read the text, plan, OCR, tables, extract.

The in-process half of parsing; `app.adapters.pdf.isolation` runs it in a child process
with time and memory limits. Tests and benchmarks call `parse_bytes` directly to exercise
the production path. The plan is the core's (`app.core.parse.plan`): decided once from the
text, carried out here, then one extraction pass. The accreditation-mark vocabulary comes
from the reference data in force unless the caller passes one.
"""

from app.adapters.pdf import reader as pdf
from app.adapters.reference.loader import load_mark_vocabulary
from app.core import (
    DocumentKind,
    MarkVocabulary,
    ParsedDocument,
    parse_pages,
    plan_document,
    plan_ocr,
)


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
    doc = pdf.open_pdf(data)
    try:
        pages = pdf.read_text(doc, max_pages=max_pages)
        ocr_plan = plan_ocr(pages, marks) if ocr else None
        if ocr_plan is not None:
            pages = pdf.apply_ocr(doc, pages, ocr_plan, marks=marks)
    finally:
        doc.close()
    pdf.require_text(pages, ocr=ocr)
    known = ocr_plan.kind if ocr_plan is not None else None
    plan = plan_document(pages, kind=known)
    pages, warnings = pdf.fill_tables(data, pages, plan.table_pages)
    return parse_pages(
        pages, declared_kind=declared_kind, detected=plan.kind, warnings=warnings, marks=marks
    )
