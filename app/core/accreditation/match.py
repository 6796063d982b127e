"""Matching a printed certification-body name to the registry's CBs (CONTRACT.md §6 look-up).

A name matches when its normal form (see `cb_names`) scores at least MATCH_THRESHOLD against
one CB's legal name or alias, clearly ahead of the next; a group name alone ("SGS", "TÜV",
"Bureau Veritas") contained in several CBs' names is ambiguous. Below the threshold nothing
matches: the nearest names are alternatives, never the answer.
"""

from dataclasses import dataclass
from typing import cast

from app.core import names as cb_names
from app.core.accreditation.registry import CertificationBody, Registry

MATCH_THRESHOLD = 88.0
# Two bodies scoring within this many points of each other cannot be told apart by name.
TIE_MARGIN = 2.0
# Alternatives below this similarity are noise, not candidates worth showing a reviewer.
SHOWN_MIN = 60.0


@dataclass(frozen=True)
class Candidate:
    cb: CertificationBody
    score: float


def _score(cb: CertificationBody, parts: tuple[str, ...]) -> tuple[float, bool]:
    """Best similarity over the CB's names and the query's dba parts, and containment."""
    best, contained = 0.0, False
    keys, group = cb.name_keys, cb.group_key
    for part in parts:
        q = cb_names.normalise(part)
        best = max([best, *(cb_names.similarity(q, k) for k in keys)])
        contained = contained or q == group or any(cb_names.is_contained(q, k) for k in keys)
    return best, contained


def rank(registry: Registry, name: str) -> tuple[list[Candidate], list[Candidate]]:
    """All CBs by similarity (best first), and those whose names contain the query."""
    parts = cb_names.split_dba(name)
    scored, contained = [], []
    for cb in registry.certification_bodies:
        score, inside = _score(cb, parts)
        scored.append(Candidate(cb, round(score, 1)))
        if inside:
            contained.append(Candidate(cb, 100.0))
    scored.sort(key=lambda c: (-c.score, c.cb.name))
    return scored, contained


Match = tuple[Candidate | None, tuple[Candidate, ...], bool]


def match_name(registry: Registry, name: str) -> Match:
    """(match, alternatives, ambiguous) for a printed name; never the nearest name below the
    threshold. A group name alone ("SGS", "TÜV") fitting several national entities is ambiguous.

    Results are remembered on the registry value itself (it is immutable), because a re-check
    asks about the same few printed names for thousands of vendors."""
    memo = registry.match_memo
    if name not in memo:
        memo[name] = _match_name(registry, name)
    return cast(Match, memo[name])


def _match_name(registry: Registry, name: str) -> Match:
    scored, contained = rank(registry, name)
    strong = [c for c in scored if c.score >= MATCH_THRESHOLD]
    if strong:
        top = strong[0]
        tied = [c for c in strong[1:] if c.score >= top.score - TIE_MARGIN]
        others = tuple(c for c in scored[1:4] if c.score >= SHOWN_MIN)
        return (None, (top, *tied), True) if tied else (top, others, False)
    if len(contained) == 1:
        return (
            contained[0],
            tuple(c for c in scored[:3] if c.cb != contained[0].cb and c.score >= SHOWN_MIN),
            False,
        )
    if contained:
        return None, tuple(sorted(contained, key=lambda c: c.cb.name)), True
    return None, tuple(c for c in scored[:3] if c.score >= SHOWN_MIN), False
