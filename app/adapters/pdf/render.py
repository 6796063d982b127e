"""One PDF page as a PNG with an evidence quote highlighted ("evidence you can see").

The quote is found in the page's text layer the way extraction checks it (whitespace and
control characters ignored, then case too), its characters' boxes are merged into one
rectangle per line and painted over the rendered page. The render size is bounded (the
longer side at most `max_side_px`, never more than 4x the page's point size), and
`render_isolated` runs it in a child process with a wall-clock and a memory limit, so a hostile
PDF cannot hang or exhaust the server: the same precautions as parsing
(`app.adapters.pdf.isolation`).

A quote that came from OCR (a scanned page, or a logo read from an image) has no text layer
to be found in: the page is shown without a highlight and says so (`highlighted=False`).
"""

import ctypes
import io
import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageDraw

from app.adapters.pdf.errors import PdfCorrupt, PdfEncrypted, PdfUnreadable

# Upscaling beyond this adds pixels, not legibility (4x = 288 dpi).
MAX_SCALE = 4.0
# Occurrences of the quote painted on one page (a date may be printed many times).
MAX_MATCHES = 20
HIGHLIGHT_FILL = (255, 214, 0, 105)
HIGHLIGHT_EDGE = (196, 92, 0, 255)
Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points


class PageOutOfRange(PdfUnreadable):
    reason = "page_out_of_range"


class RenderFailed(PdfUnreadable):
    reason = "render_failed"


@dataclass(frozen=True)
class RenderedPage:
    png: bytes
    highlighted: bool
    width: int
    height: int


def _skippable(ch: str) -> bool:
    return ch.isspace() or ord(ch) < 32 or ch in "\ufffe\uffff\u00ad"


def find_quote(chars: str, quote: str) -> list[list[int]]:
    """Character indices of each occurrence of `quote` in `chars`, comparing only characters
    that are not whitespace or control codes (exactly first, then ignoring case)."""
    kept = [i for i, ch in enumerate(chars) if not _skippable(ch)]
    haystack = "".join(chars[i] for i in kept)
    needle = "".join(ch for ch in quote if not _skippable(ch))
    if not needle:
        return []
    for transform in (lambda s: s, str.casefold):
        hay, ndl = transform(haystack), transform(needle)
        if len(hay) != len(haystack):  # casefold changed lengths (ß -> ss): skip the fallback
            continue
        found: list[list[int]] = []
        start = hay.find(ndl)
        while start >= 0 and len(found) < MAX_MATCHES:
            found.append(kept[start : start + len(ndl)])
            start = hay.find(ndl, start + len(ndl))
        if found:
            return found
    return []


def line_boxes(boxes: list[Box]) -> list[Box]:
    """Merge consecutive character boxes that share a line into one box per line."""
    merged: list[Box] = []
    for left, bottom, right, top in boxes:
        if right <= left or top <= bottom:
            continue
        if merged:
            ml, mb, mr, mt = merged[-1]
            middle = (bottom + top) / 2
            if mb <= middle <= mt and left >= ml - 2:
                merged[-1] = (min(ml, left), min(mb, bottom), max(mr, right), max(mt, top))
                continue
        merged.append((left, bottom, right, top))
    return merged


def _page_chars(textpage: pdfium.PdfTextPage) -> str:
    count = textpage.count_chars()
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)) for i in range(count))


def _device_rect(page: pdfium.PdfPage, size: tuple[int, int], box: Box) -> tuple[int, ...]:
    """Page coordinates -> bitmap pixels, honouring the page's /Rotate."""
    left, bottom, right, top = box
    points = []
    for x, y in ((left, bottom), (right, top)):
        dx, dy = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(
            page.raw, 0, 0, size[0], size[1], 0, x, y, ctypes.byref(dx), ctypes.byref(dy)
        )
        points.append((dx.value, dy.value))
    (x0, y0), (x1, y1) = points
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (
            pdfium_c.FPDF_ERR_PASSWORD,
            pdfium_c.FPDF_ERR_SECURITY,
        ):
            raise PdfEncrypted("the PDF is encrypted or password-protected") from exc
        raise PdfCorrupt(f"the PDF is corrupt or truncated ({exc})") from exc


def render_page(
    data: bytes, *, page_number: int, quote: str | None, max_side_px: int, focus: bool = False
) -> RenderedPage:
    """Render page `page_number` (from 1) of the PDF `data` with every occurrence of `quote`
    highlighted; the longer side is at most `max_side_px` pixels. With `focus`, keep only the
    band of the page around the highlight (the whole page when the quote is not found)."""
    document = _open(data)
    try:
        if not 1 <= page_number <= len(document):
            raise PageOutOfRange(
                f"page {page_number} does not exist (the document has {len(document)})"
            )
        page = document[page_number - 1]
        width_pt, height_pt = page.get_size()
        scale = min(MAX_SCALE, max_side_px / max(width_pt, height_pt, 1.0))
        image = page.render(scale=scale).to_pil().convert("RGBA")
        rects: list[tuple[int, ...]] = []
        if quote:
            textpage = page.get_textpage()
            for indices in find_quote(_page_chars(textpage), quote):
                boxes = [textpage.get_charbox(i, loose=True) for i in indices]
                rects += [_device_rect(page, image.size, b) for b in line_boxes(boxes)]
        if rects:
            image = _paint(image, rects)
            if focus:
                image = _focus(image, rects)
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "PNG")
        return RenderedPage(buffer.getvalue(), bool(rects), image.width, image.height)
    finally:
        document.close()


def _paint(image: Image.Image, rects: list[tuple[int, ...]]) -> Image.Image:
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    pad = max(2, image.width // 400)
    for x0, y0, x1, y1 in rects:
        box = (x0 - pad, y0 - pad, x1 + pad, y1 + pad)
        draw.rectangle(box, fill=HIGHLIGHT_FILL, outline=HIGHLIGHT_EDGE, width=max(2, pad))
    return Image.alpha_composite(image, overlay)


def _focus(image: Image.Image, rects: list[tuple[int, ...]]) -> Image.Image:
    """The full-width band around the highlighted lines: a margin of 8% of the page height
    above and below, at least a third of the page tall."""
    top, bottom = min(r[1] for r in rects), max(r[3] for r in rects)
    margin, least = image.height * 0.08, image.height / 3
    y0, y1 = max(0.0, top - margin), min(float(image.height), bottom + margin)
    if y1 - y0 < least:
        middle = (y0 + y1) / 2
        y0 = max(0.0, min(middle - least / 2, image.height - least))
        y1 = min(float(image.height), y0 + least)
    return image.crop((0, int(y0), image.width, int(y1)))


@dataclass(frozen=True)
class RenderLimits:
    timeout_seconds: float = 20.0
    memory_mb: int = 1024


def _limit_memory(memory_mb: int) -> Callable[[], None]:
    def apply() -> None:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def render_isolated(
    path: Path,
    *,
    page_number: int,
    quote: str | None,
    max_side_px: int,
    limits: RenderLimits,
    focus: bool = False,
) -> RenderedPage:
    """`render_page` in a child process within `limits`; raises `PdfUnreadable` (with a
    reason) for a page that does not exist, a broken PDF, a timeout or exhausted memory."""
    args = [
        sys.executable,
        "-m",
        "app.adapters.pdf.render",
        str(path),
        str(page_number),
        str(max_side_px),
        "1" if focus else "0",
    ]
    proc = subprocess.Popen(
        args,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_limit_memory(limits.memory_mb),
        start_new_session=True,
    )
    try:
        out, _err = proc.communicate((quote or "").encode(), timeout=limits.timeout_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise RenderFailed(f"rendering took longer than {limits.timeout_seconds:g} s") from None
    header, _, png = out.partition(b"\n")
    try:
        meta = json.loads(header)
    except json.JSONDecodeError:
        meta = None
    if not isinstance(meta, dict):
        raise RenderFailed(f"the page could not be rendered (exit {proc.returncode})")
    if not meta.get("ok"):
        error = PageOutOfRange if meta.get("reason") == PageOutOfRange.reason else RenderFailed
        raise error(str(meta.get("error") or "the page could not be rendered"))
    return RenderedPage(png, bool(meta["highlighted"]), int(meta["width"]), int(meta["height"]))


def _child(argv: list[str]) -> int:
    """Child entry: render argv (path, page, max side, focus; the quote on stdin); print one
    JSON line, then the PNG bytes."""
    path, page_number, max_side = Path(argv[0]), int(argv[1]), int(argv[2])
    focus = len(argv) > 3 and argv[3] == "1"
    quote = sys.stdin.buffer.read().decode("utf-8", "replace") or None
    try:
        page = render_page(
            path.read_bytes(),
            page_number=page_number,
            quote=quote,
            max_side_px=max_side,
            focus=focus,
        )
    except PdfUnreadable as exc:
        sys.stdout.buffer.write(
            json.dumps({"ok": False, "error": exc.detail, "reason": exc.reason}).encode() + b"\n"
        )
        return 0
    except (MemoryError, OSError, pdfium.PdfiumError) as exc:
        sys.stdout.buffer.write(
            json.dumps({"ok": False, "error": type(exc).__name__}).encode() + b"\n"
        )
        return 0
    meta = {"ok": True, "highlighted": page.highlighted, "width": page.width, "height": page.height}
    sys.stdout.buffer.write(json.dumps(meta).encode() + b"\n" + page.png)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
