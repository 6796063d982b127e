"""Stub extractor (CONTRACT.md §2); full implementation in progress."""

from collections.abc import Sequence

from app.core.extract import Extraction
from app.core.facts import Soc2ReportFacts
from app.core.pages import Page


def extract_soc2_report(pages: Sequence[Page]) -> Extraction:
    """Extract the facts of this kind from the pages (stub: returns empty facts)."""
    return Extraction(facts=Soc2ReportFacts())
