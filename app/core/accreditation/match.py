"""Matching a printed certification-body name to the registry's CBs (CONTRACT.md §6 look-up).

A name matches when its normal form (see `app.core.names`) scores at least MATCH_THRESHOLD
against one CB's legal name or alias, clearly ahead of the next. A name that means a group
("SGS", "The British Standards Institution", "BSI Group Japan K.K.") is not one legal entity:
it is ambiguous among the group's entities, and the printed accreditation body, number or
country may pick one later (see `verify`). Below the threshold nothing matches: the nearest
names are alternatives, never the answer.
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


@dataclass(frozen=True)
class NameMatch:
    """The entity a printed name means, or why none: several fit (ambiguous) or none does.
    `group` names the brand when the printed name means a group or one of its entities."""

    match: Candidate | None
    alternatives: tuple[Candidate, ...]
    ambiguous: bool
    group: str | None = None


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


def _has_words(query: str, key: str) -> bool:
    """True when `key`'s words appear in `query` in order and together ("bsi" in "bsi group
    japan"), and `key` says more than generic words ("International Certification" does not)."""
    q, k = query.split(), key.split()
    if not k or not set(k) - cb_names.GENERIC_WORDS:
        return False
    return any(q[i : i + len(k)] == k for i in range(len(q) - len(k) + 1))


def named_group(registry: Registry, name: str) -> str | None:
    """The group a printed name means or belongs to, by the group's name or an alias; None when
    no group or several groups fit."""
    query = cb_names.normalise(name)
    if not query:
        return None
    found: set[str] = set()
    names: dict[str, tuple[str, ...]] = {}
    for cb in registry.certification_bodies:
        if cb.group:
            names.setdefault(cb.group, (cb_names.normalise(cb.group),))
    for record in registry.groups:
        names[record.name] = (*names.get(record.name, ()), *record.keys)
    for group, keys in names.items():
        if any(_has_words(query, k) for k in keys) and registry.members(group):
            found.add(group)
    return found.pop() if len(found) == 1 else None


def match_name(registry: Registry, name: str) -> NameMatch:
    """The entity a printed name means; never the nearest name below the threshold. A group
    name alone, or an entity of a group that the data does not hold, is ambiguous among the
    group's recorded entities.

    Results are remembered on the registry value itself (it is immutable), because a re-check
    asks about the same few printed names for thousands of vendors."""
    memo = registry.match_memo
    if name not in memo:
        memo[name] = _match_name(registry, name)
    return cast(NameMatch, memo[name])


def _match_name(registry: Registry, name: str) -> NameMatch:
    scored, contained = rank(registry, name)
    strong = [c for c in scored if c.score >= MATCH_THRESHOLD]
    if strong:
        top = strong[0]
        tied = [c for c in strong[1:] if c.score >= top.score - TIE_MARGIN]
        others = tuple(c for c in scored[1:4] if c.score >= SHOWN_MIN)
        if tied:
            return NameMatch(None, (top, *tied), True, _common_group((top, *tied)))
        return NameMatch(top, others, False, top.cb.group)
    group = named_group(registry, name)
    if group is not None:
        members = tuple(Candidate(c, 100.0) for c in registry.members(group))
        if len(members) == 1 and any(m.cb == members[0].cb for m in contained):
            return NameMatch(members[0], (), False, group)
        return NameMatch(None, members, True, group)
    if len(contained) == 1:
        alternatives = tuple(
            c for c in scored[:3] if c.cb != contained[0].cb and c.score >= SHOWN_MIN
        )
        return NameMatch(contained[0], alternatives, False, contained[0].cb.group)
    if contained:
        ordered = tuple(sorted(contained, key=lambda c: c.cb.name))
        return NameMatch(None, ordered, True, _common_group(ordered))
    return NameMatch(None, tuple(c for c in scored[:3] if c.score >= SHOWN_MIN), False)


def _common_group(candidates: tuple[Candidate, ...]) -> str | None:
    groups = {c.cb.group_key for c in candidates}
    return candidates[0].cb.group if len(groups) == 1 and None not in groups else None
