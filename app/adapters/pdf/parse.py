"""PDF bytes -> a parsed document, in this process: read the text, plan, OCR, tables, extract.

The in-process half of parsing; `app.adapters.pdf.isolation` runs it in a child process
with time and memory limits. Tests and benchmarks call `parse_bytes` directly to exercise
the production path. The plan is the core's (`app.core.parse.plan`): decided once from the
text, carried out here, then one extraction pass. The accreditation-mark vocabulary comes
from the reference data in force unless the caller passes one.

Importing this module imports only what reading the text layer needs (pdfium, the page
model). The planning and extraction stack is imported by `import_stack`: a warm process
calls it up front; a parse worker forked before it did imports it in a thread while pdfium
reads the pages (pdfium's calls release the interpreter lock), so a first command's single
document does not wait for those imports before its first page is read (issue 14).
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING

from app.adapters.pdf import reader as pdf

if TYPE_CHECKING:
    from app.core import DocumentKind, MarkVocabulary, ParsedDocument

_STACK = ("app.core.parse.pipeline", "app.core.parse.plan")


def import_stack() -> None:
    """Import the planning and extraction stack (not the kinds' extractors)."""
    from app.core import parse_pages, plan_document, plan_ocr  # noqa: F401


def _importing() -> threading.Thread | None:
    """Start importing the stack in a thread unless it is imported already."""
    if all(name in sys.modules for name in _STACK):
        return None
    thread = threading.Thread(target=import_stack, name="parse-imports", daemon=True)
    thread.start()
    return thread


def parse_bytes(
    data: bytes,
    *,
    declared_kind: DocumentKind | None,
    max_pages: int,
    ocr: bool,
    marks: MarkVocabulary | None = None,
) -> ParsedDocument:
    """Read and parse a PDF in this process (raises `PdfUnreadable`)."""
    importing = _importing()
    try:
        doc = pdf.open_pdf(data)
        try:
            pages = pdf.read_text(doc, max_pages=max_pages)
        except BaseException:
            doc.close()
            raise
    finally:
        if importing is not None:
            importing.join()
    from app.adapters.reference.loader import load_mark_vocabulary
    from app.core import parse_pages, plan_document, plan_ocr

    marks = marks or load_mark_vocabulary()
    try:
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
