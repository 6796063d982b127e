"""Parse time of a 120-page SOC 2 Type 2 report: Assay's pipeline vs `pdftotext` (issue 4).

Generates the report deterministically into bench/out/ (git-ignored), then times
read_pdf (pdfium text, OCR on) + classification-independent SOC 2 extraction, best of 5,
against `pdftotext` on the same file, and prints both and the ratio (target <= 3).
Run: .venv/bin/python bench/soc2_large.py
"""

import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.adapters.pdf.parse import parse_bytes
from app.adapters.pdf.reader import read_pdf
from app.adapters.reference.loader import load_mark_vocabulary
from app.core.extract.soc2.extractor import extract_soc2_report
from app.core.kinds import DocumentKind

OUT = Path(__file__).resolve().parent / "out"
PAGES = 120


def make_report(path: Path) -> None:
    pdf = FPDF()
    pdf.set_creation_date(datetime(2025, 1, 1, tzinfo=UTC))
    pdf.set_font("Helvetica", size=9)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.multi_cell(
        0,
        5,
        "Meridian Cloud, Inc.\nSOC 2 Type 2 Report\nfor the period January 1, 2025 to December 31, 2025\nrelevant to Security, Availability and Confidentiality",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.add_page()
    pdf.multi_cell(
        0,
        5,
        "Independent Service Auditor's Report\nTo the Management of Meridian Cloud, Inc.:\nMeridian uses Amazon Web Services, Inc. as a subservice organization (carve-out method).\nOpinion\nIn our opinion, in all material respects, the controls operated effectively.\nCobb & Lacey LLP\nAustin, Texas\nFebruary 20, 2026",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    n = 0
    while pdf.page_no() < PAGES - 1:
        n += 1
        if n % 3 == 1 and pdf.page_no() < 40:
            pdf.multi_cell(0, 5, "Description of the system. " * 40, new_x="LMARGIN", new_y="NEXT")
            continue
        result = (
            "Exception noted: 1 of 25 samples lacked approval."
            if n % 37 == 0
            else "No exceptions noted."
        )
        pdf.multi_cell(
            0,
            5,
            f"CC{n % 9 + 1}.{n:03d} The control owner reviews access, changes and incidents each quarter and records the review.\n    Test: Inspected a sample of 25 quarterly reviews for evidence of approval. Result: {result}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    path.write_bytes(bytes(pdf.output()))


def best_of(runs: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    path = OUT / "soc2_120p.pdf"
    make_report(path)
    data = path.read_bytes()

    marks = load_mark_vocabulary()

    def ours() -> object:
        parsed = parse_bytes(data, declared_kind=None, max_pages=500, ocr=True, marks=marks)
        assert parsed.kind is DocumentKind.soc2_report
        return parsed

    facts = extract_soc2_report(read_pdf(data, max_pages=500)).facts
    pdftotext = shutil.which("pdftotext")
    ref = best_of(
        5,
        lambda: subprocess.run(
            [pdftotext or "pdftotext", str(path), "-"], check=True, capture_output=True
        ),
    )
    mine = best_of(5, ours)
    pages = read_pdf(data, max_pages=500)
    read_s = best_of(5, lambda: read_pdf(data, max_pages=500))
    extract_s = best_of(5, lambda: extract_soc2_report(pages))
    print(f"read_pdf_s={read_s:.3f} extract_soc2_s={extract_s:.3f}")
    print(
        f"pages={len(read_pdf(data, max_pages=500))} exceptions_count={facts.exceptions_count} report_type={facts.report_type}"
    )
    print(f"assay_parse_s={mine:.3f} pdftotext_s={ref:.3f} ratio={mine / ref:.2f}")


if __name__ == "__main__":
    main()
