"""Extractors: one module per document kind, turning pages into typed facts with evidence."""

from dataclasses import dataclass, field

from app.core.facts import Facts
from app.core.pages import Evidence


@dataclass(frozen=True)
class Extraction:
    """What an extractor returns: the kind's facts, evidence per non-null fact, warnings."""

    facts: Facts
    evidence: dict[str, Evidence] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
