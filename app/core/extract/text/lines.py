"""Page lines without running heads, footers and page numbers (CONTRACT.md §2 extraction aid).

Long documents repeat a running head, a footer and a page number on every page; a row or a
sentence that wraps over a page break must be joined across them. A line is boilerplate when
it is a page number, or when it sits in the top or bottom lines of a page and (digits ignored)
recurs there on at least half the pages of a document of three or more pages. Only the page
edges count, so a table cell repeated on many pages ("No exceptions noted.") is kept.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.pages import Page

_PAGE_NO = re.compile(
    r"^(?:(?:page|p\.|seite|sayfa)\s*\d+(?:\s*(?:/|of|von)\s*\d+)?|\d+\s*(?:/|of)\s*\d+|-?\s*\d+\s*-?)$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
# Running heads and footers live in the first and last few lines of a page; a repeated table
# header sits just below the running head.
_EDGE = 3


@dataclass(frozen=True)
class Line:
    """One kept line of a page: the page it is on and its text (whitespace folded)."""

    page: Page
    text: str


def _shape(text: str) -> str:
    return _DIGITS.sub("#", text.lower())


def document_lines(pages: Sequence[Page]) -> list[Line]:
    """Every line of every page in order, less boilerplate repeated across pages."""
    per_page = [[" ".join(raw.split()) for raw in p.text.splitlines()] for p in pages]
    per_page = [[t for t in lines if t] for lines in per_page]
    counts: Counter[str] = Counter()
    for lines in per_page:
        counts.update({_shape(t) for t in _edges(lines)})
    threshold = max(2, (len(pages) + 1) // 2) if len(pages) >= 3 else None
    kept: list[Line] = []
    for page, lines in zip(pages, per_page, strict=True):
        edge = set(range(_EDGE)) | set(range(len(lines) - _EDGE, len(lines)))
        for i, text in enumerate(lines):
            if _PAGE_NO.match(text):
                continue
            if threshold is not None and i in edge and counts[_shape(text)] >= threshold:
                continue
            kept.append(Line(page, text))
    return kept


def _edges(lines: list[str]) -> list[str]:
    return lines[:_EDGE] + lines[-_EDGE:]


def strip_page_footer(text: str) -> str:
    """The line without a trailing "page 3/8" style footer fragment."""
    return re.sub(r"\s*\bpage\s+\d+\s*(?:/|of)\s*\d+\s*$", "", text, flags=re.IGNORECASE)
