"""The plan of one document's parse, decided once from its text (issue 10 point 4).

Reading a PDF costs little on its text layer and a lot everywhere else, so what else is read
is decided here, from values, before any expensive step:

1. `plan_ocr` (on the text layer): which pages are scanned (fewer than `MIN_TEXT_CHARS`
   visible characters: read whole with OCR), and which text pages have their embedded images
   read: certificate-like pages that name no accreditation (marks are often images; at most
   `MAX_IMAGE_OCR_PAGES`, logos repeat on appendices), and the cover of a SOC report whose
   text names no auditor (firms print their name as a logo). A report, an SoA or a letter
   never has its other images read.
2. `plan_document` (on the final text): the kind, detected once, and the pages whose ruled
   tables pdfplumber must read: SoA pages where a known control row has no applicability the
   text can read (cells whose order flat text cannot tell apart). SOC reports and letters
   are read from text alone: their tables are counted by row starts and result phrases.

The shell (`app.adapters.pdf.parse`) carries the plan out and extracts once.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from app.core.accreditation.vocabulary import MarkVocabulary
from app.core.extract.certificate.parties import cb_candidates
from app.core.extract.soa.annex_a import ANNEX_A
from app.core.extract.soa.extractor import detect_edition, text_rows
from app.core.extract.soa.rows import parse_row_text
from app.core.extract.soc2.parties import find_auditor
from app.core.extract.text.lines import document_lines
from app.core.kinds import CERTIFICATE_KINDS, SOC_REPORT_KINDS, DocumentKind
from app.core.pages import Page
from app.core.parse.classify import classify, looks_like_certificate, page_wants_image_ocr

# A page with fewer visible characters than this has no usable text layer (page numbers,
# stray watermark glyphs) and is read with OCR instead.
MIN_TEXT_CHARS = 40
MAX_IMAGE_OCR_PAGES = 3


@dataclass(frozen=True)
class OcrPlan:
    """Pages (numbers from 1) to read with OCR: whole (`scanned`) or their images only."""

    scanned: tuple[int, ...] = ()
    images: tuple[int, ...] = ()
    # The kind the text layer reads as, when OCR adds no text to classify: then the
    # document is not classified again.
    kind: DocumentKind | None = None


@dataclass(frozen=True)
class Plan:
    """What the document is and which pages need their tables read."""

    kind: DocumentKind
    table_pages: tuple[int, ...] = ()


def is_scanned(page: Page) -> bool:
    """True when the page has no usable text layer."""
    return len("".join(page.text.split())) < MIN_TEXT_CHARS


def plan_ocr(pages: Sequence[Page], marks: MarkVocabulary | None = None) -> OcrPlan:
    """Which pages to OCR, decided from the text layer alone (`marks`: the accreditation-mark
    vocabulary, so a page that prints its mark as text costs no OCR)."""
    scanned = tuple(p.number for p in pages if is_scanned(p))
    text_pages = [p for p in pages if not is_scanned(p)]
    if not text_pages:
        return OcrPlan(scanned=scanned)
    head = text_pages[:3]
    kind = classify(head)
    images: list[int] = []
    if kind in CERTIFICATE_KINDS or (
        kind is DocumentKind.unknown and looks_like_certificate(" ".join(p.text for p in head))
    ):
        images = [p.number for p in text_pages if page_wants_image_ocr(p.text, marks)]
        if not images and not _names_its_issuer(text_pages[:2]):
            images = [text_pages[0].number]  # the issuer may be printed only as a wordmark
        images = images[:MAX_IMAGE_OCR_PAGES]
    elif (
        kind in SOC_REPORT_KINDS
        and pages[0] in text_pages
        and find_auditor(document_lines(pages), None) is None
    ):
        # The cover is the auditor's last chance when no page names the firm in text.
        images = [pages[0].number]
    whole_kind = None if scanned or images else classify(pages)
    return OcrPlan(scanned=scanned, images=tuple(images), kind=whole_kind)


def _names_its_issuer(pages: Sequence[Page]) -> bool:
    """True when the text offers a certification body by a cue that can decide it."""
    return any(c.weight >= 2.5 for c in cb_candidates(pages))


def pages_needing_tables(kind: DocumentKind, pages: Sequence[Page]) -> list[int]:
    """Numbers of the pages whose tables the extractor for `kind` wants (SoA pages whose rows
    the text cannot read; none for other kinds)."""
    if kind is not DocumentKind.soa:
        return []
    rows = text_rows(document_lines(pages), set())
    known = ANNEX_A[detect_edition([r.control_id for r in rows], None)]
    wanted: set[int] = set()
    for row in rows:
        if row.control_id in known and parse_row_text(row.text).applicable is None:
            wanted.add(row.line.page.number)
    return sorted(wanted)


def plan_document(pages: Sequence[Page], *, kind: DocumentKind | None = None) -> Plan:
    """The kind (detected here unless the OCR plan already knows it) and the table pages."""
    detected = kind if kind is not None else classify(pages)
    return Plan(kind=detected, table_pages=tuple(pages_needing_tables(detected, pages)))
