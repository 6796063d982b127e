"""Evidence page images: the quote is found modulo whitespace and case, painted where it is
printed, the size is bounded, and bad input ends as an error with a reason, never a hang."""

import io
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from app.adapters.pdf.errors import PdfCorrupt
from app.adapters.pdf.render import (
    HIGHLIGHT_EDGE,
    PageOutOfRange,
    RenderFailed,
    RenderLimits,
    find_quote,
    line_boxes,
    render_isolated,
    render_page,
)


def _pdf(lines: list[tuple[float, float, str]], size: tuple[float, float] = A4) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=size, invariant=True)
    for x, y, text in lines:
        pdf.drawString(x, y, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _highlighted_rows(png: bytes) -> list[int]:
    """Pixel rows that carry the highlight's yellow fill."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    rows = []
    for y in range(image.height):
        for x in range(0, image.width, 3):
            r, g, b = image.getpixel((x, y))  # type: ignore[misc]
            if r > 200 and g > 180 and b < 140:
                rows.append(y)
                break
    return rows


@pytest.mark.parametrize(
    ("chars", "quote", "expected"),
    [
        (
            "Valid until 2028-05-16",
            "until 2028-05-16",
            [[6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21]],
        ),
        (
            "Scope: cloud\r\nhosting",
            "cloud hosting",
            [[7, 8, 9, 10, 11, 14, 15, 16, 17, 18, 19, 20]],
        ),
        ("ISO/IEC 27001", "iso/iec  27001", [[0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]]),
        ("a b a b", "a b", [[0, 2], [4, 6]]),
        ("nothing here", "missing", []),
        ("text", "   ", []),
    ],
    ids=["exact", "across-lines", "case", "every-occurrence", "absent", "blank"],
)
def test_find_quote(chars: str, quote: str, expected: list[list[int]]) -> None:
    assert find_quote(chars, quote) == expected


def test_line_boxes_merge_characters_of_a_line_and_split_lines() -> None:
    line1 = [(10.0, 700.0, 15.0, 712.0), (15.0, 700.0, 20.0, 712.0)]
    line2 = [(10.0, 680.0, 14.0, 692.0)]
    assert line_boxes(line1 + line2) == [(10.0, 700.0, 20.0, 712.0), (10.0, 680.0, 14.0, 692.0)]


def test_the_quote_is_painted_where_it_is_printed() -> None:
    data = _pdf([(72, 760, "Certificate of registration"), (72, 300, "Valid until 16 May 2028")])
    page = render_page(data, page_number=1, quote="Valid until 16 May 2028", max_side_px=842)
    assert page.highlighted and page.height == 842
    rows = _highlighted_rows(page.png)
    # Text at y=300 pt on an 842 pt page sits about 542 px from the top at 1 px per point.
    assert rows and min(rows) >= 520 and max(rows) <= 560


def test_a_quote_that_is_not_on_the_page_renders_without_highlight() -> None:
    data = _pdf([(72, 760, "Only this line")])
    page = render_page(data, page_number=1, quote="scanned text read by OCR", max_side_px=600)
    assert not page.highlighted and not _highlighted_rows(page.png)


def test_focus_keeps_the_band_around_the_quote() -> None:
    data = _pdf([(72, 760, "Top line"), (72, 400, "The quoted sentence"), (72, 60, "Footer")])
    whole = render_page(data, page_number=1, quote="quoted sentence", max_side_px=842)
    band = render_page(data, page_number=1, quote="quoted sentence", max_side_px=842, focus=True)
    assert band.width == whole.width and whole.height / 3 - 2 <= band.height < whole.height / 2
    assert _highlighted_rows(band.png)


def test_render_size_is_bounded_for_huge_pages() -> None:
    data = _pdf([(100, 100, "poster")], size=(14400, 14400))
    page = render_page(data, page_number=1, quote="poster", max_side_px=1100)
    assert max(page.width, page.height) <= 1100


def test_small_pages_are_not_blown_up_past_4x() -> None:
    data = _pdf([(5, 5, "x")], size=(50, 50))
    page = render_page(data, page_number=1, quote=None, max_side_px=2200)
    assert page.width == 200


def test_page_out_of_range_and_corrupt_input() -> None:
    data = _pdf([(72, 760, "one page")])
    with pytest.raises(PageOutOfRange, match="has 1"):
        render_page(data, page_number=2, quote=None, max_side_px=500)
    with pytest.raises(PdfCorrupt):
        render_page(b"%PDF-1.7 truncated", page_number=1, quote=None, max_side_px=500)


def test_isolated_render_returns_the_same_page(tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(_pdf([(72, 500, "Issued by Example Certification Ltd")]))
    page = render_isolated(
        path, page_number=1, quote="Example Certification Ltd", max_side_px=700,
        limits=RenderLimits(timeout_seconds=30),
    )  # fmt: skip
    assert page.highlighted and page.png.startswith(b"\x89PNG")
    outline = Image.open(io.BytesIO(page.png)).convert("RGB")
    assert HIGHLIGHT_EDGE[:3] in {
        outline.getpixel((x, y)) for x in range(0, page.width, 2) for y in range(0, page.height, 2)
    }
    with pytest.raises(PageOutOfRange):
        render_isolated(path, page_number=5, quote=None, max_side_px=700, limits=RenderLimits())


def test_isolated_render_gives_up_on_time_and_memory(tmp_path: Path) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(_pdf([(72, 500, "slow")]))
    with pytest.raises(RenderFailed, match="longer than"):
        render_isolated(
            path, page_number=1, quote=None, max_side_px=700,
            limits=RenderLimits(timeout_seconds=0.01),
        )  # fmt: skip
    with pytest.raises(RenderFailed):
        render_isolated(
            path, page_number=1, quote=None, max_side_px=700,
            limits=RenderLimits(memory_mb=16),
        )  # fmt: skip
