"""Page text for extractor tests: app.adapters.pdf.reader.read_pdf (pdfium text, no OCR), as the CLI reads it."""

from pathlib import Path

from app.adapters.pdf.reader import read_pdf
from app.core.pages import Page


def pdf_pages(path: Path) -> list[Page]:
    """The pages of the PDF at `path`, text layer only."""
    return read_pdf(path.read_bytes(), max_pages=500, ocr=False)


def text_pages(*texts: str) -> list[Page]:
    """Pages built from plain strings, numbered from 1 (for text-only extractor tests)."""
    return [Page(number=i, text=t) for i, t in enumerate(texts, start=1)]
