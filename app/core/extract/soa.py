"""Stub extractor (CONTRACT.md §2); full implementation in progress."""

from collections.abc import Sequence

from app.core.extract import Extraction
from app.core.facts import SoaFacts
from app.core.pages import Page


def extract_soa(pages: Sequence[Page]) -> Extraction:
    """Extract the facts of this kind from the pages (stub: returns empty facts)."""
    return Extraction(facts=SoaFacts())
