"""Which pages need ruled-table extraction (pdfplumber) rather than plain text alone.

The PDF shell calls `pages_needing_tables` after classification and re-reads only those pages
with pdfplumber's table finder, keeping the fast path (pdfium text) for everything else.
Only SoA pages ask for it, and only those where the text path leaves a control row without a
readable applicability (cells whose order the flat text cannot tell apart). SOC 2 reports
and bridge letters are read from text alone: their test tables are counted by row starts and
result phrases, which the text keeps, and they are the long documents where speed matters.
"""

from collections.abc import Sequence

from app.core.extract.soa.annex_a import ANNEX_A
from app.core.extract.soa.extractor import detect_edition, text_rows
from app.core.extract.soa.rows import parse_row_text
from app.core.extract.text.lines import document_lines
from app.core.kinds import DocumentKind
from app.core.pages import Page


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
