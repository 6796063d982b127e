"""Candidates and agreement: how every contested fact is chosen (STYLE rule 14, CONTRACT §2).

A fact is not the first match of one pattern. Each cue (a label, a sentence such as "X
certifies that", a signature block, the letterhead, the footer, the largest line, the
document's other pages) proposes a `Candidate` with a weight: how well that cue decides on
its own. Candidates that name the same thing (compared on a key: a normalised name, a date,
a number) pool their support, one vote per distinct cue. `choose` then:

- picks the best-supported value when it leads the runner-up by a clear margin;
- calls it `high` confidence when independent cues agree, or one unambiguous cue decides
  with nothing else in sight; `low` otherwise (one weak cue, or a contested lead);
- abstains (no value) when the lead is not clear, with a warning that says what was seen.

A wrong value is worse than a missing one: checks turn values into findings.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from app.core.extract.text.labels import Found
from app.core.facts import Confidence
from app.core.pages import Evidence, Page, make_evidence, quote_is_on_page

# A cue of this weight decides alone (a label, a "certifies that" sentence).
STRONG = 3.0
# The winner must lead the runner-up by this much, else the extractor abstains.
MARGIN = 1.0


@dataclass(frozen=True)
class Candidate:
    """A value one cue proposes for a fact, with the verbatim text that shows it."""

    value: Any
    page: Page
    quote: str
    cue: str
    weight: float
    key: str = ""

    def agreement_key(self) -> str:
        return self.key or str(self.value).casefold()


@dataclass(frozen=True)
class Choice:
    """The outcome for one fact: a value with evidence and confidence, or an abstention."""

    value: Any = None
    evidence: Evidence | None = None
    confidence: Confidence | None = None
    reasons: tuple[str, ...] = ()
    warning: str | None = None


@dataclass
class _Group:
    key: str
    members: list[Candidate] = field(default_factory=list)

    @property
    def cues(self) -> dict[str, float]:
        best: dict[str, float] = {}
        for c in self.members:
            best[c.cue] = max(best.get(c.cue, 0.0), c.weight)
        return best

    @property
    def score(self) -> float:
        return sum(self.cues.values())

    def describe(self) -> str:
        shown = self.members[0]
        cues = ", ".join(sorted(self.cues))
        return f"'{shown.value}' ({cues}; page {shown.page.number})"


def _default_rank(c: Candidate) -> tuple[float, int]:
    return (c.weight, len(str(c.value)))


def choose(
    fact: str,
    candidates: Iterable[Candidate],
    *,
    strong: float = STRONG,
    margin: float = MARGIN,
    rank: Callable[[Candidate], Any] = _default_rank,
    related: Callable[[str, str], bool] | None = None,
) -> Choice:
    """The value the candidates agree on (see the module doc), or an abstention.

    `related(short, long)` says that the key `short` is another way of writing `long` (an
    abbreviation): such a group joins the one group it relates to."""
    groups: dict[str, _Group] = {}
    for c in candidates:
        if c.value in (None, "") or not quote_is_on_page(c.page, c.quote):
            continue
        groups.setdefault(c.agreement_key(), _Group(c.agreement_key())).members.append(c)
    if related is not None:
        _merge(groups, related)
    if not groups:
        return Choice()
    ordered = sorted(groups.values(), key=lambda g: -g.score)
    best = ordered[0]
    runner = ordered[1] if len(ordered) > 1 else None
    if runner is not None and best.score - runner.score < margin:
        seen = "; ".join(g.describe() for g in ordered[:3])
        return Choice(warning=f"{fact}: not read with confidence; candidates {seen}")
    shown = max(best.members, key=rank)
    agree = len(best.cues) >= 2
    decisive = max(best.cues.values()) >= strong
    contested = runner is not None and runner.score >= min(best.score / 2, strong / 2)
    high = ((agree and best.score >= strong) or decisive) and not contested
    reasons = tuple(f"{cue} ({weight:g})" for cue, weight in sorted(best.cues.items()))
    return Choice(
        value=shown.value,
        evidence=make_evidence(shown.page, shown.quote),
        confidence=Confidence.high if high else Confidence.low,
        reasons=reasons,
    )


def _merge(groups: dict[str, _Group], related: Callable[[str, str], bool]) -> None:
    for key in sorted(groups, key=len):
        targets = [k for k in groups if k != key and related(key, k)]
        if len(targets) == 1:
            groups[targets[0]].members.extend(groups.pop(key).members)


class FactSheet:
    """Collects chosen facts, their evidence, confidence and warnings for an `Extraction`."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.evidence: dict[str, Evidence] = {}
        self.confidence: dict[str, Confidence] = {}
        self.warnings: list[str] = []

    def take(self, fact: str, choice: Choice, value: object = None) -> None:
        """Record `choice` for `fact` (its value, or `value` when given), or its warning."""
        if choice.warning:
            self.warnings.append(choice.warning)
        if choice.evidence is None or choice.confidence is None:
            return
        self.values[fact] = choice.value if value is None else value
        self.evidence[fact] = choice.evidence
        self.confidence[fact] = choice.confidence

    def put(
        self,
        fact: str,
        value: object,
        page: Page,
        quote: str,
        confidence: Confidence = Confidence.high,
    ) -> None:
        """Record a fact read by one unambiguous cue (high) or a weak one (low)."""
        if value in (None, "", []):
            return
        self.values[fact] = value
        self.evidence[fact] = make_evidence(page, quote)
        self.confidence[fact] = confidence

    def put_found(
        self, fact: str, found: Found | None, confidence: Confidence = Confidence.high
    ) -> None:
        """Record a `Found` (value and quote) read by one cue."""
        if found is not None and found.value:
            self.put(fact, found.value, found.page, found.quote, confidence)

    def warn(self, message: str) -> None:
        self.warnings.append(message)
