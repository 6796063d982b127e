"""Where a line sits on its page and how large it is printed: cues, never quotes.

The reader places the lines of the first pages (`Page.layout`). A page-text line is matched
to its placed line on letters and digits only, so spacing differences between the two do
not matter. Bands: the running head (top 9% of the page) and the footer (bottom 9%) hold
letterheads, wordmarks, addresses and classification labels; the body holds the facts.
"""

import re
import statistics
from collections.abc import Iterator

from app.core.pages import Page, TextLine

_KEY = re.compile(r"[\W_]+")
HEAD_BAND = 0.09
FOOT_BAND = 0.91


def _key(text: str) -> str:
    return _KEY.sub("", text).casefold()


def placed(page: Page, line: str) -> TextLine | None:
    """The placed line whose text is `line` (or contains it, for a line the reader split)."""
    key = _key(line)
    if not key or not page.layout:
        return None
    partial: TextLine | None = None
    for placed_line in page.layout:
        other = _key(placed_line.text)
        if other == key:
            return placed_line
        if partial is None and len(key) >= 6 and (key in other or other in key):
            partial = placed_line
    return partial


def body_size(page: Page) -> float | None:
    """The page's usual font size (median over its placed characters), None if unplaced."""
    sizes = [line.size for line in page.layout for _ in range(max(1, len(line.text) // 10))]
    return statistics.median(sizes) if sizes else None


def band(page: Page, line: str) -> str | None:
    """ "head", "foot" or "body" for a placed line; None when the page is not placed."""
    found = placed(page, line)
    if found is None:
        return None
    if found.bottom <= HEAD_BAND:
        return "head"
    if found.top >= FOOT_BAND:
        return "foot"
    return "body"


def prominence(page: Page, line: str) -> float:
    """How much larger than the page's usual text the line is printed (1.0 = the same; 0.0
    when unknown)."""
    found, usual = placed(page, line), body_size(page)
    if found is None or not usual:
        return 0.0
    return found.size / usual


def by_size(page: Page) -> Iterator[TextLine]:
    """The placed lines, largest print first (top first among equals)."""
    yield from sorted(page.layout, key=lambda line: (-line.size, line.top))
