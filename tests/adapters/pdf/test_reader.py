"""PDF reading: failure reasons, tables only where asked, and where OCR is (not) spent."""

import io

import pytest
from fpdf import FPDF

from app.adapters.pdf import reader as pdf
from app.adapters.pdf.errors import REASONS, PdfUnreadable
from app.core.pages import Page
from app.core.parse.plan import MAX_IMAGE_OCR_PAGES


def _fpdf(*pages: str) -> FPDF:
    doc = FPDF()
    doc.set_font("helvetica", size=11)
    for text in pages:
        doc.add_page()
        if text:
            doc.multi_cell(0, 6, text)
    return doc


def _bytes(*pages: str) -> bytes:
    return bytes(_fpdf(*pages).output())


def _encrypted() -> bytes:
    doc = _fpdf("Certificate No: 1\nThis is to certify that Acme Ltd")
    doc.set_encryption(owner_password="owner", user_password="secret")
    return bytes(doc.output())


@pytest.mark.parametrize(
    ("data", "max_pages", "reason"),
    [
        (b"PK\x03\x04 this is a zip file, not a PDF", 10, "not_pdf"),
        (b"", 10, "not_pdf"),
        (_encrypted(), 10, "encrypted"),
        (_bytes("Some text on a page that is long enough to count.")[:300], 10, "corrupt"),
        (b"%PDF-1.7\n" + b"\x00garbage" * 200, 10, "corrupt"),
        (_bytes("page one text", "page two text", "page three text"), 2, "too_many_pages"),
        (_bytes("", ""), 10, "no_text"),
    ],
    ids=["zip", "empty", "encrypted", "truncated", "garbage", "too-many-pages", "blank-pages"],
)
def test_unreadable_reasons(data: bytes, max_pages: int, reason: str) -> None:
    with pytest.raises(PdfUnreadable) as info:
        pdf.read_pdf(data, max_pages=max_pages, ocr=False)
    assert info.value.reason == reason
    assert reason in REASONS
    assert info.value.detail


def test_text_pages_read_without_ocr() -> None:
    pages = pdf.read_pdf(_bytes(SOC2_PAGE, "Second page: ISO/IEC 27001 " * 3), max_pages=5)
    assert [p.number for p in pages] == [1, 2]
    assert "ISO/IEC 27001" in pages[1].text
    assert not any(p.ocr or p.tables is not None for p in pages)


def _table_pdf() -> bytes:
    doc = FPDF()
    doc.set_font("helvetica", size=10)
    for page in range(3):
        doc.add_page()
        with doc.table() as table:
            for row in (("Control", "Applicable"), (f"A.5.{page + 1}", "Yes"), ("A.8.25", "No")):
                cells = table.row()
                for cell in row:
                    cells.cell(cell)
    return bytes(doc.output())


def test_tables_only_on_requested_pages() -> None:
    data = _table_pdf()
    pages = pdf.read_pdf(data, max_pages=5, ocr=False)
    filled, warnings = pdf.fill_tables(data, pages, [2, 99])
    assert warnings == []
    assert filled[0].tables is None and filled[2].tables is None
    assert filled[1].tables is not None
    rows = [row for table in filled[1].tables for row in table]
    assert ("A.5.2", "Yes") in rows
    assert pdf.fill_tables(data, pages, []) == (pages, [])


def test_failing_table_pass_keeps_the_text_layer_and_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    import pdfplumber

    def broken(*_args: object, **_kwargs: object) -> object:
        raise ValueError("bad content stream")

    data = _table_pdf()
    pages = pdf.read_pdf(data, max_pages=5, ocr=False)
    monkeypatch.setattr(pdfplumber, "open", broken)
    filled, warnings = pdf.fill_tables(data, pages, [1, 2])
    assert filled == pages
    assert warnings == [
        "tables on page(s) 1, 2 could not be read (ValueError: bad content stream); "
        "read from the text layer"
    ]


def test_first_pages_are_placed() -> None:
    doc = _fpdf("")
    doc.set_auto_page_break(False)
    doc.set_font("helvetica", size=24)
    doc.cell(0, 12, "Northwind Analytics Ltd")
    doc.set_y(-20)
    doc.set_font("helvetica", size=7)
    doc.cell(0, 5, "Registered office: 1 Quay Street")
    pages = pdf.read_pdf(bytes(doc.output()), max_pages=5, ocr=False)
    by_text = {line.text: line for line in pages[0].layout}
    title, foot = by_text["Northwind Analytics Ltd"], by_text["Registered office: 1 Quay Street"]
    assert title.size == 24 and foot.size == 7
    assert title.top < 0.1 < 0.9 < foot.top


class _OcrSpy:
    """Stands in for Tesseract: records which pages had their images or whole page read."""

    def __init__(self) -> None:
        self.image_pages: list[int] = []

    def images(self, page: object, marks: object = None) -> str:
        self.image_pages.append(len(self.image_pages) + 1)
        return "EGAC"


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> _OcrSpy:
    spy = _OcrSpy()
    monkeypatch.setattr(pdf, "tesseract_available", lambda: True)
    monkeypatch.setattr(pdf, "_ocr_images", spy.images)

    def no_page_ocr(*_args: object, **_kwargs: object) -> str:
        raise AssertionError("a page with a full text layer was rendered for OCR")

    monkeypatch.setattr(pdf, "_render", no_page_ocr)
    return spy


SOC2_PAGE = (
    "Meridian Cloud, Inc. SOC 2 Type 2 Report. Independent Service Auditor's Report on "
    "controls relevant to security. The certificate of insurance is reviewed yearly and "
    "access reviews are performed each quarter by the control owner."
)
CERT_PAGE = (
    "CERTIFICATE OF REGISTRATION. This is to certify that Axford Media LLP operates a "
    "management system that complies with ISO/IEC 27001:2022. Certificate No: AX-{n}"
)


SIGNED = "In our opinion, the controls were suitably designed.\nHarwell & Pike LLP\nMay 2, 2026"


def test_long_report_never_gets_image_ocr(spy: _OcrSpy) -> None:
    pages = pdf.read_pdf(_bytes(SOC2_PAGE, SIGNED, *[SOC2_PAGE] * 10), max_pages=50)
    assert spy.image_pages == []
    assert not any(p.ocr for p in pages)


def test_report_naming_no_auditor_gets_its_cover_read(spy: _OcrSpy) -> None:
    """Firms print their name as a logo on the cover: only that page's images are read."""
    pages = pdf.read_pdf(_bytes(*[SOC2_PAGE] * 12), max_pages=50)
    assert spy.image_pages == [1]
    assert [p.ocr for p in pages] == [True] + [False] * 11


def test_certificate_without_accreditation_gets_image_ocr(spy: _OcrSpy) -> None:
    pages = pdf.read_pdf(_bytes(CERT_PAGE.format(n=1)), max_pages=5)
    assert spy.image_pages == [1]
    assert pages[0].ocr
    assert pages[0].text.rstrip().endswith("EGAC")


def test_certificate_naming_its_issuer_and_accreditation_costs_no_ocr(spy: _OcrSpy) -> None:
    text = (
        CERT_PAGE.format(n=2) + " Accredited by UKAS, accreditation number 0003."
        " This certificate remains the property of Harwick Certification Ltd."
    )
    pages = pdf.read_pdf(_bytes(text), max_pages=5)
    assert spy.image_pages == []
    assert not pages[0].ocr


def test_certificate_naming_no_issuer_gets_its_images_read(spy: _OcrSpy) -> None:
    """The issuer may be printed only as a wordmark: its images are read."""
    text = CERT_PAGE.format(n=2) + " Accredited by UKAS, accreditation number 0003."
    pdf.read_pdf(_bytes(text), max_pages=5)
    assert spy.image_pages == [1]


def test_image_ocr_is_capped_on_long_certificates(spy: _OcrSpy) -> None:
    pdf.read_pdf(_bytes(*[CERT_PAGE.format(n=n) for n in range(8)]), max_pages=20)
    assert len(spy.image_pages) == MAX_IMAGE_OCR_PAGES


def test_ocr_off_reads_text_only(spy: _OcrSpy) -> None:
    pdf.read_pdf(_bytes(CERT_PAGE.format(n=3)), max_pages=5, ocr=False)
    assert spy.image_pages == []


def test_scanned_page_is_replaced_by_ocr_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf, "tesseract_available", lambda: True)
    monkeypatch.setattr(pdf, "_render", lambda *_a, **_k: object())
    monkeypatch.setattr(pdf, "_run_tesseract", lambda *_a, **_k: "SCANNED CERTIFICATE TEXT")
    monkeypatch.setattr(pdf, "_ocr_images", lambda _p, _m=None: "")
    pages = pdf.read_pdf(_bytes("", CERT_PAGE.format(n=4)), max_pages=5)
    assert pages[0] == Page(number=1, text="SCANNED CERTIFICATE TEXT", ocr=True)
    assert not pages[1].ocr


def test_read_is_deterministic() -> None:
    data = _bytes(CERT_PAGE.format(n=5))
    assert pdf.read_pdf(data, max_pages=5, ocr=False) == pdf.read_pdf(
        io.BytesIO(data).getvalue(), max_pages=5, ocr=False
    )


def test_several_scanned_pages_keep_their_own_text_and_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Scanned pages are read concurrently; each page must still get its own text."""
    monkeypatch.setattr(pdf, "tesseract_available", lambda: True)
    monkeypatch.setattr(pdf, "_ocr_images", lambda _p, _m=None: "")
    rendered: list[int] = []

    def render(page: object, _dpi: int) -> int:
        rendered.append(len(rendered) + 1)
        return rendered[-1]

    monkeypatch.setattr(pdf, "_render", render)
    monkeypatch.setattr(
        pdf, "_run_tesseract", lambda image, psm=3: f"scanned page {image} psm {psm}"
    )
    pages = pdf.read_pdf(_bytes("", "", "", "", ""), max_pages=5)
    assert [p.text for p in pages] == [f"scanned page {n} psm 3" for n in range(1, 6)]
    assert all(p.ocr for p in pages)
