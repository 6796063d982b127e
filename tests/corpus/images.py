"""Raster art for the generated corpus: wordmarks, accreditation marks, seals, scans.

Everything is drawn with Pillow from fixed inputs (no clock, seeded noise), so images and
the PDFs that embed them are reproducible. Scans render a text PDF with pdfium, add speckle
noise, a small rotation and JPEG compression, and wrap each page as an image-only PDF page:
such documents can only be read with OCR.
"""

import io
import random
from functools import lru_cache

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

FONT_DIR = "/usr/share/fonts/truetype/dejavu/"
RGB = tuple[int, int, int]


@lru_cache(maxsize=32)
def _font(
    size: int, bold: bool = True, serif: bool = False
) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = ("DejaVuSerif" if serif else "DejaVuSans") + ("-Bold" if bold else "") + ".ttf"
    try:
        return ImageFont.truetype(FONT_DIR + name, size)
    except OSError:
        return ImageFont.load_default(size=size)


def wordmark(
    text: str, *, colour: RGB = (20, 60, 120), sub: str = "", serif: bool = False
) -> Image.Image:
    """A logo: `text` in large letters (optionally a smaller line below) on white."""
    big, small = _font(96, True, serif), _font(36, False, serif)
    probe = ImageDraw.Draw(Image.new("RGB", (10, 10)))
    w1 = probe.textbbox((0, 0), text, font=big)[2]
    w2 = probe.textbbox((0, 0), sub, font=small)[2] if sub else 0
    width = int(max(w1, w2)) + 160
    height = 190 if sub else 150
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle((10, 20, 90, 130), fill=colour)
    draw.text((120, 18), text, font=big, fill=colour)
    if sub:
        draw.text((122, 132), sub, font=small, fill=(70, 70, 70))
    return img


def accreditation_mark(code: str, line: str, number: str = "") -> Image.Image:
    """An accreditation body's mark: a ring with the body's code, a caption and a number."""
    img = Image.new("RGB", (520, 300), "white")
    draw = ImageDraw.Draw(img)
    draw.ellipse((20, 20, 280, 280), outline=(0, 0, 0), width=10)
    draw.ellipse((60, 60, 240, 240), outline=(0, 0, 0), width=4)
    font = _font(64)
    w = draw.textbbox((0, 0), code, font=font)[2]
    draw.text((150 - w // 2, 110), code, font=font, fill=(0, 0, 0))
    draw.text((300, 80), line.split("\n")[0], font=_font(30), fill=(0, 0, 0))
    if "\n" in line:
        draw.text((300, 120), line.split("\n")[1], font=_font(30), fill=(0, 0, 0))
    if number:
        draw.text((300, 180), number, font=_font(44), fill=(0, 0, 0))
    return img


def seal(text: str, colour: RGB = (150, 20, 20)) -> Image.Image:
    """A round seal with a short word (no facts in it: page furniture)."""
    img = Image.new("RGB", (300, 300), "white")
    draw = ImageDraw.Draw(img)
    draw.ellipse((10, 10, 290, 290), outline=colour, width=12)
    font = _font(40)
    w = draw.textbbox((0, 0), text, font=font)[2]
    draw.text((150 - w // 2, 125), text, font=font, fill=colour)
    return img


def signature(seed: int) -> Image.Image:
    """A scribbled signature (random strokes from a seed)."""
    rng = random.Random(seed)
    img = Image.new("RGB", (420, 120), "white")
    draw = ImageDraw.Draw(img)
    x, y = 20.0, 70.0
    points = [(x, y)]
    for _ in range(22):
        x += rng.uniform(8, 22)
        y = min(110, max(10, y + rng.uniform(-30, 30)))
        points.append((x, y))
    draw.line(points, fill=(20, 30, 110), width=4, joint="curve")
    return img


def banner(text: str, *, colour: RGB, width: int = 1700, height: int = 150) -> Image.Image:
    """A coloured band with white letters (a letterhead or cover title set as an image)."""
    img = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(img)
    draw.text((40, 30), text, font=_font(72), fill=(255, 255, 255))
    return img


def scan(pdf: bytes, *, seed: int, dpi: int = 200, skew: float = 0.8, noise: int = 2500) -> bytes:
    """An image-only copy of `pdf`: each page rendered, speckled, rotated and JPEG-encoded."""
    rng = random.Random(seed)
    doc = pdfium.PdfDocument(pdf)
    buffer = io.BytesIO()
    out = canvas.Canvas(buffer, invariant=True)
    try:
        for i in range(len(doc)):
            page = doc[i]
            w_pt, h_pt = page.get_size()
            img = page.render(scale=dpi / 72).to_pil().convert("L")
            draw = ImageDraw.Draw(img)
            for _ in range(noise):
                px, py = rng.randrange(img.width), rng.randrange(img.height)
                shade = rng.randrange(0, 140)
                draw.point((px, py), fill=shade)
            angle = rng.uniform(-skew, skew)
            img = img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False)
            img = img.filter(ImageFilter.GaussianBlur(0.4))
            jpeg = io.BytesIO()
            img.save(jpeg, format="JPEG", quality=72)
            jpeg.seek(0)
            out.setPageSize((w_pt, h_pt))
            out.drawImage(ImageReader(Image.open(jpeg)), 0, 0, width=w_pt, height=h_pt)
            out.showPage()
    finally:
        doc.close()
    out.save()
    return buffer.getvalue()
