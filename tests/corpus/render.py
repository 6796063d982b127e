"""Drawing primitives for the generated corpus: a page cursor over a reportlab canvas.

`Sheet` flows text top to bottom (lines, wrapped paragraphs, key/value grids, tables that
repeat their header across pages, bordered boxes, images) and calls the house style's
running header and footer on every page. Output is deterministic (`invariant=True`, no
clock), so the same inputs give byte-identical PDFs.
"""

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfgen import canvas

Colour = tuple[float, float, float]
BLACK: Colour = (0, 0, 0)
GREY: Colour = (0.42, 0.42, 0.42)

# Standard PDF fonts (WinAnsi covers the German, French and Spanish letters we print).
FONTS = {
    "sans": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
    "serif": ("Times-Roman", "Times-Bold", "Times-Italic"),
    "mono": ("Courier", "Courier-Bold", "Courier-Oblique"),
}


@dataclass(frozen=True)
class TableStyle:
    """How a table is drawn: every cell ruled, header fill, zebra stripes, or bare rows."""

    grid: bool = True
    header_fill: Colour | None = (0.88, 0.88, 0.88)
    zebra: Colour | None = None
    rules: bool = False  # horizontal rules only
    size: float = 8.5


class Sheet:
    """A multi-page document being drawn, with a cursor `y` (points from the bottom)."""

    def __init__(
        self,
        *,
        title: str,
        author: str,
        landscape_: bool = False,
        family: str = "sans",
        margin: float = 50,
        header: Callable[["Sheet"], None] | None = None,
        footer: Callable[["Sheet"], None] | None = None,
    ) -> None:
        self.size = landscape(A4) if landscape_ else A4
        self.buffer = io.BytesIO()
        self.c = canvas.Canvas(self.buffer, pagesize=self.size, invariant=True)
        self.c.setTitle(title)
        self.c.setAuthor(author)
        self.c.setCreator("assay generated corpus")
        self.regular, self.bold, self.italic = FONTS[family]
        self.margin = margin
        self.header, self.footer = header, footer
        self.page = 0
        self.y = 0.0
        self._started = False

    # -- pages ---------------------------------------------------------------------------
    @property
    def width(self) -> float:
        return float(self.size[0])

    @property
    def height(self) -> float:
        return float(self.size[1])

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.margin

    def new_page(self) -> None:
        if self._started:
            self._finish_page()
        self._started = True
        self.page += 1
        self.y = self.height - self.margin
        if self.header:
            self.header(self)

    def _finish_page(self) -> None:
        if self.footer:
            self.footer(self)
        self.c.showPage()

    def need(self, height: float) -> None:
        """Start a new page unless `height` points still fit above the bottom margin."""
        if not self._started or self.y - height < self.margin + 14:
            self.new_page()

    def save(self) -> bytes:
        if not self._started:
            self.new_page()
        self._finish_page()
        self.c.save()
        return self.buffer.getvalue()

    # -- text ----------------------------------------------------------------------------
    def font(self, bold: bool = False, italic: bool = False) -> str:
        return self.bold if bold else self.italic if italic else self.regular

    def at(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        italic: bool = False,
        colour: Colour = BLACK,
        align: str = "left",
    ) -> None:
        """Draw one line of text at an absolute position."""
        self.c.setFillColorRGB(*colour)
        self.c.setFont(self.font(bold, italic), size)
        if align == "center":
            self.c.drawCentredString(x, y, text)
        elif align == "right":
            self.c.drawRightString(x, y, text)
        else:
            self.c.drawString(x, y, text)
        self.c.setFillColorRGB(*BLACK)

    def line(
        self,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        italic: bool = False,
        align: str = "left",
        colour: Colour = BLACK,
        gap: float = 1.45,
    ) -> None:
        """One line at the cursor; the cursor moves down."""
        self.need(size * gap)
        self.y -= size * gap
        x = {
            "left": self.margin,
            "center": self.width / 2,
            "right": self.width - self.margin,
        }[align]
        self.at(x, self.y, text, size=size, bold=bold, italic=italic, colour=colour, align=align)

    def para(
        self,
        text: str,
        *,
        size: float = 10,
        bold: bool = False,
        italic: bool = False,
        align: str = "left",
        indent: float = 0,
        width: float | None = None,
        after: float = 5,
        colour: Colour = BLACK,
    ) -> None:
        """A wrapped paragraph (newlines start new lines)."""
        w = (width or self.text_width) - indent
        for raw in text.split("\n"):
            parts = simpleSplit(raw, self.font(bold, italic), size, w) or [""]
            for part in parts:
                self.need(size * 1.4)
                self.y -= size * 1.4
                x = self.margin + indent
                if align == "center":
                    x = self.width / 2
                self.at(
                    x, self.y, part, size=size, bold=bold, italic=italic, align=align, colour=colour
                )
        self.y -= after

    def space(self, points: float) -> None:
        self.y -= points

    # -- blocks --------------------------------------------------------------------------
    def box(
        self, lines: Sequence[str], *, size: float = 10, pad: float = 8, bold_first: bool = False
    ) -> None:
        """A bordered box around wrapped text (a scope box)."""
        w = self.text_width - 2 * pad
        wrapped: list[tuple[str, bool]] = []
        for i, raw in enumerate(lines):
            bold = bold_first and i == 0
            wrapped += [(p, bold) for p in simpleSplit(raw, self.font(bold), size, w) or [""]]
        height = len(wrapped) * size * 1.4 + 2 * pad
        self.need(height + 4)
        top = self.y - 4
        self.c.setLineWidth(1.2)
        self.c.rect(self.margin, top - height, self.text_width, height, stroke=1, fill=0)
        y = top - pad
        for text, bold in wrapped:
            y -= size * 1.4
            self.at(self.margin + pad, y + 3, text, size=size, bold=bold)
        self.y = top - height - 6

    def image(
        self, img: Image.Image, *, x: float, y: float, w: float, h: float | None = None
    ) -> None:
        """An image at an absolute position (bottom-left corner), scaled to width `w`."""
        height = h if h is not None else w * img.height / img.width
        self.c.drawImage(ImageReader(img), x, y, width=w, height=height, mask="auto")

    def image_flow(
        self, img: Image.Image, *, w: float, align: str = "center", after: float = 6
    ) -> None:
        height = w * img.height / img.width
        self.need(height + 4)
        self.y -= height
        x = {
            "left": self.margin,
            "center": (self.width - w) / 2,
            "right": self.width - self.margin - w,
        }[align]
        self.image(img, x=x, y=self.y, w=w, h=height)
        self.y -= after

    def rule(self, colour: Colour = GREY, width: float = 0.6) -> None:
        self.c.setStrokeColorRGB(*colour)
        self.c.setLineWidth(width)
        self.c.line(self.margin, self.y - 3, self.width - self.margin, self.y - 3)
        self.c.setStrokeColorRGB(*BLACK)
        self.y -= 8

    def kv(
        self,
        rows: Sequence[tuple[str, str]],
        *,
        key_width: float = 150,
        size: float = 10,
        grid: bool = False,
        rules: bool = True,
        colon: bool = False,
    ) -> None:
        """Key/value rows: bold key column, wrapped value column."""
        vw = self.text_width - key_width - 8
        for key, value in rows:
            parts = simpleSplit(value, self.regular, size, vw) or [""]
            kparts = simpleSplit(key + (":" if colon else ""), self.bold, size, key_width - 6) or [
                ""
            ]
            height = max(len(parts), len(kparts)) * size * 1.4 + 6
            self.need(height)
            top = self.y
            for i, kp in enumerate(kparts):
                self.at(self.margin + 3, top - (i + 1) * size * 1.4, kp, size=size, bold=True)
            for i, vp in enumerate(parts):
                self.at(self.margin + key_width, top - (i + 1) * size * 1.4, vp, size=size)
            self.y = top - height
            if grid:
                self.c.setLineWidth(0.5)
                self.c.rect(self.margin, self.y, self.text_width, height, stroke=1, fill=0)
                self.c.line(self.margin + key_width - 4, self.y, self.margin + key_width - 4, top)
            elif rules:
                self.c.setStrokeColorRGB(*GREY)
                self.c.setLineWidth(0.4)
                self.c.line(self.margin, self.y + 2, self.width - self.margin, self.y + 2)
                self.c.setStrokeColorRGB(*BLACK)
        self.y -= 6

    def table(
        self,
        header: Sequence[str] | None,
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        style: TableStyle = TableStyle(),
    ) -> None:
        """A table whose rows wrap and whose header repeats on every page it spans."""
        scale = self.text_width / sum(widths)
        ws = [w * scale for w in widths]
        size = style.size

        def cells(row: Sequence[str], bold: bool) -> tuple[list[list[str]], float]:
            font = self.bold if bold else self.regular
            split = [
                simpleSplit(str(v), font, size, w - 6) or [""] for v, w in zip(row, ws, strict=True)
            ]
            return split, max(len(s) for s in split) * size * 1.3 + 5

        def draw(row: Sequence[str], bold: bool, fill: Colour | None) -> None:
            split, height = cells(row, bold)
            top = self.y
            if fill is not None:
                self.c.setFillColorRGB(*fill)
                self.c.rect(self.margin, top - height, self.text_width, height, stroke=0, fill=1)
                self.c.setFillColorRGB(*BLACK)
            x = self.margin
            for parts, w in zip(split, ws, strict=True):
                for i, part in enumerate(parts):
                    self.at(x + 3, top - (i + 1) * size * 1.3, part, size=size, bold=bold)
                if style.grid:
                    self.c.setLineWidth(0.5)
                    self.c.rect(x, top - height, w, height, stroke=1, fill=0)
                x += w
            if style.rules and not style.grid:
                self.c.setStrokeColorRGB(*GREY)
                self.c.setLineWidth(0.4)
                self.c.line(self.margin, top - height, self.width - self.margin, top - height)
                self.c.setStrokeColorRGB(*BLACK)
            self.y = top - height

        def head() -> None:
            if header is not None:
                draw(header, True, style.header_fill)

        self.need(40)
        head()
        for i, row in enumerate(rows):
            _, height = cells(row, False)
            if self.y - height < self.margin + 14:
                self.new_page()
                head()
            fill = style.zebra if style.zebra is not None and i % 2 == 1 else None
            draw(row, False, fill)
        self.y -= 8
