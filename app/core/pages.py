"""Page text and verbatim evidence: the seam between the PDF reader and the extractors.

CONTRACT.md §2 requires every fact to cite a page and a quote found verbatim (modulo
whitespace) in that page's text. `make_evidence` is the only way extractors build `Evidence`,
so an evidence quote that is not on its page cannot be produced.
"""

import re
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

_WS = re.compile(r"\s+")


def squash_whitespace(text: str) -> str:
    """Collapse every run of whitespace to one space and strip the ends."""
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True)
class TextLine:
    """A line of the page's text layer where the reader could place it: its text, its left
    edge and top and bottom as fractions of the page (0 = left/top edge), and the largest font
    size on it (points). Extractors use it as a cue (the largest line, the running head, the
    footer), never as a quote: quotes come from `Page.text`."""

    text: str
    x0: float
    top: float
    bottom: float
    size: float


@dataclass(frozen=True)
class Page:
    """One page of a document: its 1-based number and its text (text layer or OCR).

    `tables` holds rows of cells for pages where the PDF reader extracted ruled tables
    (None when not extracted). `layout` holds the positioned lines of the text layer on the
    pages the reader placed (empty for OCR text and for pages it did not place).
    """

    number: int
    text: str
    ocr: bool = False
    tables: tuple[tuple[tuple[str | None, ...], ...], ...] | None = None
    layout: tuple[TextLine, ...] = ()
    _squashed: str = field(default="", init=False, repr=False, compare=False)

    @property
    def squashed(self) -> str:
        """The page text with whitespace folded, cached per page."""
        if not self._squashed:
            object.__setattr__(self, "_squashed", squash_whitespace(self.text))
        return self._squashed


class Evidence(BaseModel):
    """Where a fact came from: page number (from 1) and a verbatim quote of that page."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    page: int = Field(ge=1)
    quote: str = Field(min_length=1)


class EvidenceNotOnPage(ValueError):
    """A quote that does not appear on the page it claims to come from."""


def quote_is_on_page(page: Page, quote: str) -> bool:
    """True when `quote` appears in the page text, ignoring differences in whitespace."""
    q = squash_whitespace(quote)
    return bool(q) and q in page.squashed


def make_evidence(page: Page, quote: str) -> Evidence:
    """Build evidence for `quote` on `page`, refusing a quote that is not on the page."""
    q = squash_whitespace(quote)
    if not q or q not in page.squashed:
        raise EvidenceNotOnPage(f"quote not found on page {page.number}: {q[:80]!r}")
    return Evidence(page=page.number, quote=q)
