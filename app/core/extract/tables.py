"""Which pages need ruled-table extraction (pdfplumber) rather than plain text alone.

The PDF shell calls `pages_needing_tables` after classification and re-reads only those pages
with pdfplumber's table finder, keeping the fast path (pdfium text) for everything else.
"""

from collections.abc import Sequence

from app.core.kinds import DocumentKind
from app.core.pages import Page


def pages_needing_tables(kind: DocumentKind, pages: Sequence[Page]) -> list[int]:
    """Numbers of the pages whose tables the extractor for `kind` wants (none by default)."""
    return []
