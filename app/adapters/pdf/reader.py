"""PDF bytes -> page text (+ OCR), the only module touching pdfium, pdfplumber and Tesseract.

Fast path: pypdfium2's text layer (about 2 ms a page). Tesseract runs only where it is needed:
pages with no text layer are rendered and read whole; pages whose text layer looks like a
certificate lacking its certification/accreditation facts (often printed inside a background
image) get their embedded images read, and that OCR text is appended to the page text so
evidence quotes stay verbatim to the text they came from. pdfplumber runs only on the pages
`pages_needing_tables` asks for. Every failure is a `PdfUnreadable` with a stable `reason`.
"""

import io
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from app.adapters.pdf.errors import (
    NotAPdf,
    NoText,
    PdfCorrupt,
    PdfEncrypted,
    PdfUnreadable,
    TooManyPages,
)
from app.core import (
    CERTIFICATE_KINDS,
    DocumentKind,
    MarkVocabulary,
    Page,
    classify,
    looks_like_certificate,
    page_wants_image_ocr,
)

# A page with fewer visible characters than this has no usable text layer (page numbers,
# stray watermark glyphs) and is read with OCR instead.
MIN_TEXT_CHARS = 40
# Images smaller than this (either side, pixels) are icons or bullets, not worth reading.
MIN_IMAGE_PX = 120
# Cap the rendered size so a poster-sized page (some scans are 2288x3200 pt) cannot make
# Tesseract chew a 130-megapixel bitmap.
MAX_RENDER_PX = 4200
OCR_TIMEOUT_S = 120
# Concurrent tesseract processes on scanned pages (capped by the number of cores).
OCR_WORKERS = 4
# Pages of one document whose embedded images are read (see `_ocr_image_regions`).
MAX_IMAGE_OCR_PAGES = 3
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Short upper-case tokens (EGAC, CAB # 011905, UKAS 0003): what a sparse-text OCR pass of a
# logo yields that is worth keeping; the rest of a sparse pass is mostly noise.
_MARK_LINE = re.compile(r"^[A-Z][A-Z&.\-]{1,9}(?:\s*[#:]?\s*[A-Z0-9\-]{0,12})?$")


def tesseract_available() -> bool:
    """True when the `tesseract` command can be run."""
    return shutil.which("tesseract") is not None


def _open(data: bytes) -> pdfium.PdfDocument:
    if b"%PDF-" not in data[:1024]:
        raise NotAPdf("the file is not a PDF (no %PDF header)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise PdfEncrypted("the PDF is encrypted or password-protected") from exc
        raise PdfCorrupt(f"the PDF is corrupt or truncated ({exc})") from exc


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(" ", text)


def _page_text(page: pdfium.PdfPage) -> str:
    textpage = page.get_textpage()
    try:
        return _clean(textpage.get_text_range())
    finally:
        textpage.close()


def _run_tesseract(image: Any, *, psm: int = 3) -> str:
    """OCR one PIL image with the tesseract CLI (one thread: OpenMP spinning triples the time)."""
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    proc = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", "eng", "--psm", str(psm)],
        input=buf.getvalue(),
        capture_output=True,
        timeout=OCR_TIMEOUT_S,
        env=env,
        check=False,
    )
    return _clean(proc.stdout.decode("utf-8", "replace"))


def _tidy(text: str) -> str:
    return "\n".join(ln.rstrip() for ln in text.splitlines() if ln.strip())


def _render(page: pdfium.PdfPage, dpi: int) -> Any:
    """The page as a PIL image at `dpi`, capped at MAX_RENDER_PX a side."""
    width, height = page.get_size()
    scale = min(dpi / 72, MAX_RENDER_PX / max(width, height, 1))
    return page.render(scale=scale).to_pil()


def _mark_lines(text: str, known: str) -> list[str]:
    lines = (ln.strip() for ln in text.splitlines())
    return [ln for ln in lines if _MARK_LINE.match(ln) and ln not in known]


def _ocr_images(page: pdfium.PdfPage) -> str:
    """OCR the page's embedded images: a block pass for sentences and a sparse pass for
    logos, the two running side by side (each tesseract is single-threaded)."""
    images = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        w, h = obj.get_px_size()
        if min(w, h) < MIN_IMAGE_PX:
            continue
        image = obj.get_bitmap(render=True).to_pil()
        if max(image.size) > MAX_RENDER_PX:
            image.thumbnail((MAX_RENDER_PX, MAX_RENDER_PX))
        images.append(image)
    parts: list[str] = []
    with ThreadPoolExecutor(max_workers=max(1, min(OCR_WORKERS, os.cpu_count() or 1))) as pool:
        passes = [
            (pool.submit(_run_tesseract, image), pool.submit(_run_tesseract, image, psm=11))
            for image in images
        ]
        for block_pass, sparse_pass in passes:
            block = _tidy(block_pass.result())
            sparse = _mark_lines(sparse_pass.result(), block)
            parts.append("\n".join([block, *sparse]).strip())
    return "\n".join(p for p in parts if p)


def _is_sparse(text: str) -> bool:
    return len("".join(text.split())) < MIN_TEXT_CHARS


def _certificate_like(pages: Sequence[Page]) -> bool:
    """Decide from text already read whether image regions are worth OCR at all.

    Only certificates print their bodies inside images; a SOC 2 report, an SoA or a letter
    never needs its pictures read, so a 120-page report costs no image checks. A certificate
    whose standard appears only in an image classifies as `unknown`, so certificate wording
    on the first pages is enough for that case.
    """
    head = [p for p in pages[:3] if p.text.strip()]
    kind = classify(head)
    if kind in CERTIFICATE_KINDS:
        return True
    return kind == DocumentKind.unknown and looks_like_certificate(" ".join(p.text for p in head))


def _ocr_scanned(doc: pdfium.PdfDocument, pages: list[Page], ocr_dpi: int) -> None:
    """Replace pages with no usable text layer by their OCR text (in place).

    Tesseract runs single-threaded, so scanned pages are read by one tesseract process per
    core at a time (pdfium renders them first, in this thread: it is not thread-safe). The
    first three pages of a certificate also get a sparse pass for logo text; a single
    scanned page runs it alongside the main pass, on the otherwise idle core."""
    todo = [i for i, page in enumerate(pages) if _is_sparse(page.text)]
    workers = max(1, min(OCR_WORKERS, os.cpu_count() or 1))
    speculate = len(todo) == 1 and workers > 1
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for start in range(0, len(todo), workers):
            images = {i: _render(doc[i], ocr_dpi) for i in todo[start : start + workers]}
            main = {i: pool.submit(_run_tesseract, image) for i, image in images.items()}
            early = {
                i: pool.submit(_run_tesseract, image, psm=11)
                for i, image in images.items()
                if speculate and pages[i].number <= 3
            }
            texts = {i: _tidy(future.result()) for i, future in main.items()}
            wants_marks = [
                i for i in images if pages[i].number <= 3 and looks_like_certificate(texts[i])
            ]
            late = {
                i: pool.submit(_run_tesseract, images[i], psm=11)
                for i in wants_marks
                if i not in early
            }
            for i, text in texts.items():
                if i in wants_marks:
                    sparse = (early.get(i) or late[i]).result()
                    text = "\n".join([text, *_mark_lines(sparse, text)])
                if text:
                    pages[i] = Page(number=pages[i].number, text=text, ocr=True)


def _ocr_image_regions(
    doc: pdfium.PdfDocument, pages: list[Page], marks: MarkVocabulary | None = None
) -> None:
    """Append the OCR text of embedded images on certificate pages that lack key facts.

    At most `MAX_IMAGE_OCR_PAGES` pages: logos repeat on site appendices, and the first pages
    carry the marks a certificate must show.
    """
    done = 0
    for i, page in enumerate(pages):
        if done >= MAX_IMAGE_OCR_PAGES:
            return
        if page.ocr or not page_wants_image_ocr(page.text, marks):
            continue
        done += 1
        extra = _ocr_images(doc[i])
        if extra:
            pages[i] = Page(number=page.number, text=f"{page.text.rstrip()}\n{extra}\n", ocr=True)


def read_pdf(
    data: bytes,
    *,
    max_pages: int,
    ocr: bool = True,
    ocr_dpi: int = 300,
    marks: MarkVocabulary | None = None,
) -> list[Page]:
    """Read every page's text (OCR where the text layer is missing or lacks key facts).

    The text layer of every page is read first; OCR then runs on pages without one, and on
    the image regions of certificate-like documents whose text names no accreditation.
    Raises a `PdfUnreadable` subclass: not a PDF, encrypted, corrupt/truncated, more than
    `max_pages` pages, or no text at all even after OCR.
    """
    doc = _open(data)
    try:
        count = len(doc)
        if count > max_pages:
            raise TooManyPages(f"the PDF has {count} pages; the limit is {max_pages}")
        if count == 0:
            raise PdfCorrupt("the PDF has no pages")
        pages = [Page(number=i + 1, text=_page_text(doc[i])) for i in range(count)]
        if ocr and tesseract_available():
            _ocr_scanned(doc, pages, ocr_dpi)
            if _certificate_like(pages):
                _ocr_image_regions(doc, pages, marks)
    except PdfUnreadable:
        raise
    except pdfium.PdfiumError as exc:
        raise PdfCorrupt(f"the PDF is corrupt ({exc})") from exc
    finally:
        doc.close()
    if not any(p.text.strip() for p in pages):
        why = "even after OCR" if ocr and tesseract_available() else "and OCR is not available"
        raise NoText(f"the PDF has no text layer {why}")
    return pages


def fill_tables(data: bytes, pages: Sequence[Page], numbers: Sequence[int]) -> list[Page]:
    """Pages with `tables` filled by pdfplumber for the page `numbers` asked for (others as is)."""
    wanted = {n for n in numbers if 1 <= n <= len(pages)}
    if not wanted:
        return list(pages)
    import pdfplumber  # imported lazily: most documents never need it

    out = list(pages)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for n in sorted(wanted):
            raw = pdf.pages[n - 1].extract_tables()
            tables = tuple(tuple(tuple(cell for cell in row) for row in t) for t in raw)
            out[n - 1] = replace(out[n - 1], tables=tables)
    return out


def tables_for(kind: DocumentKind, data: bytes, pages: Sequence[Page]) -> list[Page]:
    """Fill tables on the pages the extractor of `kind` asks for (the B-owned hook decides)."""
    from app.core import pages_needing_tables

    return fill_tables(data, pages, pages_needing_tables(kind, pages))
