"""Extractors: one module per document kind, turning pages into typed facts with evidence."""

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from app.core.facts import Confidence, Facts
from app.core.pages import Evidence

F = TypeVar("F", bound=Facts)


@dataclass(frozen=True)
class Extraction(Generic[F]):
    """What an extractor returns: the kind's facts, evidence and confidence per non-null
    fact, and warnings (every fact abstained on, and what was seen instead)."""

    facts: F
    evidence: dict[str, Evidence] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Facts with evidence but no entry here count as `high`: one unambiguous cue decided them.
    confidence: dict[str, Confidence] = field(default_factory=dict)

    def confidence_map(self) -> dict[str, Confidence]:
        """Confidence of every fact that has evidence (`high` unless the extractor said low)."""
        return {name: self.confidence.get(name, Confidence.high) for name in self.evidence}
