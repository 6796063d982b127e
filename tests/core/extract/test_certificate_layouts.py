"""Certificates drawn at absolute positions (reportlab), read through the real text path.

Label and value columns, a header row of labels over a row of values, and an issuer block
printed under the scope: layouts whose text order comes from the PDF, not from a string.
"""

import io
from collections.abc import Callable

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from app.adapters.pdf.reader import read_pdf
from app.core.pages import quote_is_on_page
from app.core.parse.pipeline import parse_pages
from tests.reference import MARKS

Draw = Callable[[canvas.Canvas], None]


def _pdf(draw: Draw, size: tuple[float, float] = A4) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=size, invariant=True)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def _columns(c: canvas.Canvas) -> None:
    c.setFont("Helvetica-Bold", 22)
    c.drawCentredString(300, 780, "CERTIFICATE")
    c.setFont("Helvetica", 11)
    c.drawCentredString(
        300, 750, "This is to certify that the Information Security Management System of"
    )
    c.setFont("Helvetica-Bold", 16)
    c.drawCentredString(300, 725, "Saltmarsh Imaging Limited")
    c.setFont("Helvetica", 11)
    c.drawCentredString(300, 705, "has been assessed and registered against ISO/IEC 27001:2022")
    rows = [
        ("Certificate number", "SIL-00412"),
        ("Initial certification", "4 April 2022"),
        ("Date of issue", "4 April 2025"),
        ("Valid until", "3 April 2028"),
    ]
    for i, (label, value) in enumerate(rows):
        c.drawString(80, 640 - 20 * i, label)
        c.drawString(300, 640 - 20 * i, value)
    c.drawString(80, 520, "Scope")
    c.drawString(80, 505, "Cloud PACS image archive services for NHS trusts.")
    c.drawString(80, 420, "Thornbury Certification Ltd")
    c.drawString(80, 405, "UKAS MANAGEMENT SYSTEMS 8812")


def _header_row(c: canvas.Canvas) -> None:
    c.setFont("Helvetica-Bold", 20)
    c.drawString(60, 520, "Certificate of Registration")
    c.setFont("Helvetica", 11)
    c.drawString(60, 490, "Hazelmere Fintech GmbH, Berlin, Germany")
    c.drawString(60, 470, "is certified according to ISO/IEC 27001:2022")
    xs = [60, 260, 460, 660]
    for x, text in zip(
        xs, ["Certificate No.", "First issue", "Issue date", "Expiry date"], strict=True
    ):
        c.drawString(x, 400, text)
    for x, text in zip(xs, ["HF 22-118", "02.03.2020", "02.03.2026", "01.03.2029"], strict=True):
        c.drawString(x, 380, text)
    c.drawString(60, 300, "Issued by Alder Zertifizierung GmbH")


CASES: list[tuple[Draw, tuple[float, float], dict[str, object]]] = [
    (
        _columns,
        A4,
        {
            "holder": "Saltmarsh Imaging Limited",
            "certificate_number": "SIL-00412",
            "original_certification_date": "2022-04-04",
            "issue_date": "2025-04-04",
            "expiry_date": "2028-04-03",
            "scope": "Cloud PACS image archive services for NHS trusts.",
            "certification_body": "Thornbury Certification Ltd",
            "accreditation_body": "UKAS",
            "accreditation_number": "8812",
        },
    ),
    (
        _header_row,
        landscape(A4),
        {
            "certificate_number": "HF 22-118",
            "original_certification_date": "2020-03-02",
            "issue_date": "2026-03-02",
            "expiry_date": "2029-03-01",
            "certification_body": "Alder Zertifizierung GmbH",
        },
    ),
]


@pytest.mark.parametrize(("draw", "size", "expected"), CASES, ids=["label-columns", "header-row"])
def test_positioned_layouts(
    draw: Draw, size: tuple[float, float], expected: dict[str, object]
) -> None:
    pages = read_pdf(_pdf(draw, size), max_pages=5, ocr=False, marks=MARKS)
    parsed = parse_pages(pages, marks=MARKS)
    assert parsed.kind.value == "iso27001_certificate"
    facts = parsed.facts_json()
    assert {k: facts[k] for k in expected} == expected
    for name, ev in parsed.evidence.items():
        assert quote_is_on_page(pages[ev.page - 1], ev.quote), name
