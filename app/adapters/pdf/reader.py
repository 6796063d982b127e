"""PDF bytes -> page text (+ layout, OCR, tables): the only module touching pdfium, pdfplumber
and Tesseract.

Fast path: pypdfium2's text layer (about 2 ms a page), with the positioned lines of the first
pages (`Page.layout`: where a line sits and how large it is printed, a cue for the extractors).
What else is read is decided once, in the core's plan (`app.core.parse.plan`), from the text
layer: scanned pages are rendered and read whole with Tesseract; the embedded images of
certificate pages that name no accreditation, and of a report cover that names no auditor,
get read and their OCR text appended, so evidence quotes stay verbatim to the text they came
from; pdfplumber reads tables only on the pages the plan names, and a table pass that fails
leaves the text layer with a warning. Every unreadable file is a `PdfUnreadable` with a
stable `reason`.
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
    TooManyPages,
)
from app.core import (
    MarkVocabulary,
    OcrPlan,
    Page,
    TextLine,
    looks_like_certificate,
    plan_ocr,
    read_accreditation_marks,
)

# Images shorter than this on their long side, or thinner than MIN_IMAGE_SIDE_PX, are icons,
# bullets or rules, not worth reading (a wordmark is wide and short: 1100 x 110 px).
MIN_IMAGE_PX = 120
MIN_IMAGE_SIDE_PX = 24
# Cap the rendered size so a poster-sized page (some scans are 2288x3200 pt) cannot make
# Tesseract chew a 130-megapixel bitmap.
MAX_RENDER_PX = 4200
OCR_TIMEOUT_S = 120
# Concurrent tesseract processes on scanned pages (capped by the number of cores).
OCR_WORKERS = 4
# Pages placed (`Page.layout`): the first ones carry names, titles and marks; every page
# of a short document (a certificate appendix, a letter's second page).
LAYOUT_PAGES = 4
LAYOUT_ALL_BELOW = 8
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


def _page_text(page: pdfium.PdfPage, *, placed: bool) -> tuple[str, tuple[TextLine, ...]]:
    textpage = page.get_textpage()
    try:
        text = _clean(textpage.get_text_range())
        return text, (_layout(page, textpage) if placed else ())
    finally:
        textpage.close()


def _layout(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> tuple[TextLine, ...]:
    """The page's text runs merged into lines (runs sharing a baseline), top to bottom, each
    with its left edge, top, bottom and largest font size."""
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return ()
    runs: list[tuple[float, float, float, float, str]] = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
        if not text:
            continue
        index = pdfium_c.FPDFText_GetCharIndexAtPos(
            textpage.raw, left + 1, (bottom + top) / 2, 3, 3
        )
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index) if index >= 0 else 0.0
        runs.append(
            (1 - top / height, 1 - bottom / height, left / width, size or top - bottom, text)
        )
    lines: list[list[tuple[float, float, float, float, str]]] = []
    for run in sorted(runs, key=lambda r: (round(r[1], 3), r[2])):
        if lines and abs(lines[-1][-1][1] - run[1]) <= 0.004:
            lines[-1].append(run)
        else:
            lines.append([run])
    out = []
    for line in lines:
        line.sort(key=lambda r: r[2])
        out.append(
            TextLine(
                text=" ".join(r[4] for r in line),
                x0=round(line[0][2], 4),
                top=round(min(r[0] for r in line), 4),
                bottom=round(max(r[1] for r in line), 4),
                size=round(max(r[3] for r in line), 1),
            )
        )
    return tuple(out)


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


def _ocr_images(page: pdfium.PdfPage, marks: MarkVocabulary | None = None) -> str:
    """OCR the page's embedded images: a block pass for sentences and a sparse pass for
    logos, the two running side by side (each tesseract is single-threaded)."""
    images = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        w, h = obj.get_px_size()
        if max(w, h) < MIN_IMAGE_PX or min(w, h) < MIN_IMAGE_SIDE_PX:
            continue
        image = obj.get_bitmap(render=True).to_pil()
        if max(image.size) > MAX_RENDER_PX:
            image.thumbnail((MAX_RENDER_PX, MAX_RENDER_PX))
        images.append(image)
    parts: list[str] = []
    with ThreadPoolExecutor(max_workers=max(1, min(OCR_WORKERS, os.cpu_count() or 1))) as pool:
        passes = [
            (
                pool.submit(_run_tesseract, image),
                pool.submit(_run_tesseract, image, psm=11),
                [pool.submit(_run_tesseract, crop, psm=7) for crop in _seal_crops(image)],
            )
            for image in images
        ]
        for block_pass, sparse_pass, seal_passes in passes:
            block = _tidy(block_pass.result())
            sparse = _mark_lines(sparse_pass.result(), block)
            seals = [
                ln
                for f in seal_passes
                for ln in _mark_lines(f.result(), block)
                if read_accreditation_marks(ln, marks)  # a seal's crop is read for its mark only
            ]
            parts.append("\n".join(dict.fromkeys([block, *sparse, *seals])).strip())
    return "\n".join(p for p in parts if p)


def _seal_crops(image: Any) -> list[Any]:
    """The middle band of each square end of an image: accreditation marks print their code
    inside a ring ("ANAB" in a circle), which whole-image passes read as noise."""
    width, height = image.size
    if min(width, height) < 60:
        return []
    side = min(width, height)
    boxes = [(0, 0, side, side)]
    if width >= 1.5 * height:
        boxes.append((width - side, 0, width, side))
    elif height >= 1.5 * width:
        boxes.append((0, height - side, side, height))
    crops = []
    for left, top, right, bottom in boxes:
        s = right - left
        crops.append(
            image.crop(
                (
                    left + s * 15 // 100,
                    top + s * 30 // 100,
                    right - s * 15 // 100,
                    bottom - s * 30 // 100,
                )
            )
        )
    return crops


def _ocr_scanned(
    doc: pdfium.PdfDocument, pages: list[Page], todo: Sequence[int], ocr_dpi: int
) -> None:
    """Replace pages with no usable text layer by their OCR text (in place).

    Tesseract runs single-threaded, so scanned pages are read by one tesseract process per
    core at a time (pdfium renders them first, in this thread: it is not thread-safe). The
    first three pages of a certificate also get a sparse pass for logo text; a single
    scanned page runs it alongside the main pass, on the otherwise idle core."""
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
    doc: pdfium.PdfDocument,
    pages: list[Page],
    todo: Sequence[int],
    marks: MarkVocabulary | None = None,
) -> None:
    """Append the OCR text of the embedded images on the pages `todo` (indexes)."""
    for i in todo:
        extra = _ocr_images(doc[i], marks)
        if extra:
            page = pages[i]
            pages[i] = replace(page, text=f"{page.text.rstrip()}\n{extra}\n", ocr=True)


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """The PDF opened with pdfium (raises `NotAPdf`, `PdfEncrypted` or `PdfCorrupt`)."""
    return _open(data)


def read_text(doc: pdfium.PdfDocument, *, max_pages: int) -> list[Page]:
    """Every page's text layer, with the layout of the first pages (raises `TooManyPages`,
    `PdfCorrupt`)."""
    count = len(doc)
    if count > max_pages:
        raise TooManyPages(f"the PDF has {count} pages; the limit is {max_pages}")
    if count == 0:
        raise PdfCorrupt("the PDF has no pages")
    placed = count if count < LAYOUT_ALL_BELOW else LAYOUT_PAGES
    try:
        pages = []
        for i in range(count):
            text, layout = _page_text(doc[i], placed=i < placed)
            pages.append(Page(number=i + 1, text=text, layout=layout))
    except pdfium.PdfiumError as exc:
        raise PdfCorrupt(f"the PDF is corrupt ({exc})") from exc
    return pages


def apply_ocr(
    doc: pdfium.PdfDocument,
    pages: Sequence[Page],
    plan: OcrPlan,
    *,
    ocr_dpi: int = 300,
    marks: MarkVocabulary | None = None,
) -> list[Page]:
    """The pages with OCR done as `plan` says: scanned pages replaced by their OCR text, the
    images of the planned text pages read and appended. Without tesseract, the pages as is."""
    out = list(pages)
    if not (plan.scanned or plan.images) or not tesseract_available():
        return out
    try:
        _ocr_scanned(doc, out, [n - 1 for n in plan.scanned], ocr_dpi)
        _ocr_image_regions(doc, out, [n - 1 for n in plan.images], marks)
    except pdfium.PdfiumError as exc:
        raise PdfCorrupt(f"the PDF is corrupt ({exc})") from exc
    return out


def require_text(pages: Sequence[Page], *, ocr: bool) -> None:
    """Raise `NoText` when no page has any text, even after OCR."""
    if not any(p.text.strip() for p in pages):
        why = "even after OCR" if ocr and tesseract_available() else "and OCR is not available"
        raise NoText(f"the PDF has no text layer {why}")


def read_pdf(
    data: bytes,
    *,
    max_pages: int,
    ocr: bool = True,
    ocr_dpi: int = 300,
    marks: MarkVocabulary | None = None,
) -> list[Page]:
    """Every page's text, with OCR where the plan asks for it (`ocr=False`: text layer only).

    Raises a `PdfUnreadable` subclass: not a PDF, encrypted, corrupt/truncated, more than
    `max_pages` pages, or no text at all even after OCR.
    """
    doc = _open(data)
    try:
        pages = read_text(doc, max_pages=max_pages)
        if ocr:
            pages = apply_ocr(doc, pages, plan_ocr(pages, marks), ocr_dpi=ocr_dpi, marks=marks)
    finally:
        doc.close()
    require_text(pages, ocr=ocr)
    return pages


def fill_tables(
    data: bytes, pages: Sequence[Page], numbers: Sequence[int]
) -> tuple[list[Page], list[str]]:
    """Pages with `tables` filled by pdfplumber for the page `numbers` asked for (others as
    is), and warnings. A table pass that fails leaves the text layer alone and says so: the
    extractors then read those pages from text."""
    wanted = {n for n in numbers if 1 <= n <= len(pages)}
    if not wanted:
        return list(pages), []
    import pdfplumber  # imported lazily: most documents never need it

    out = list(pages)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for n in sorted(wanted):
                raw = pdf.pages[n - 1].extract_tables()
                tables = tuple(tuple(tuple(cell for cell in row) for row in t) for t in raw)
                out[n - 1] = replace(out[n - 1], tables=tables)
    except Exception as exc:  # pdfplumber raises many types on damaged content streams
        listed = ", ".join(str(n) for n in sorted(wanted))
        why = f"{type(exc).__name__}: {exc}"[:160]
        return list(pages), [
            f"tables on page(s) {listed} could not be read ({why}); read from the text layer"
        ]
    return out, []
