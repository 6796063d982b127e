"""The mark vocabulary: which printed names, codes and numbers name which accreditation body
(CONTRACT.md §2 `accreditation_body`), built from the reference data rather than written in
code, so an imported data set can teach the mark reader a new body (issue 10).

Every body's code, name and aliases become patterns that tolerate the ways certificates print
them: any case, words split by spaces, hyphens or line breaks, accents present or not
("TÜRKAK" = "TURKAK", "Comité" = "Comite"). A code or alias of three characters or fewer is
read only next to accreditation wording unless the data says `bare`; `mark_patterns.csv` adds
the special cases (number formats, badge layouts, short codes that are ordinary words).
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "CompiledBody",
    "MarkRule",
    "MarkRuleKind",
    "MarkTerm",
    "MarkVocabulary",
    "NumberOnlyRule",
    "build_vocabulary",
    "name_pattern",
]


class MarkRuleKind(StrEnum):
    """What a row of `mark_patterns.csv` says about a body's mark."""

    # A code or alias that counts only right next to accreditation wording.
    context = "context"
    # A short code that counts alone (codes of three characters or fewer default to `context`).
    bare = "bare"
    # A code or alias never read as a mark.
    ignore = "ignore"
    # An extra regular expression naming the body (a badge layout).
    pattern = "pattern"
    # The format of the CB's accreditation number printed beside the body's name.
    number = "number"
    # A number format that names the body by itself (the logo is an image OCR cannot read).
    number_only = "number_only"
    # As number_only, but only with "ACCREDITED" printed shortly before it.
    number_only_after_accredited = "number_only_after_accredited"


@dataclass(frozen=True)
class MarkTerm:
    """A body as the data names it: its code, name and aliases, and whether it is a look-alike."""

    code: str
    names: tuple[str, ...]
    lookalike: bool = False


@dataclass(frozen=True)
class MarkRule:
    """One row of `mark_patterns.csv`: `pattern` is a regular expression for `pattern`,
    `number` and `number_only*` rules, the literal code or alias for the others; `template`
    rewrites a matched number (`\\1` keeps the first group)."""

    code: str
    kind: MarkRuleKind
    pattern: str
    template: str = ""


@dataclass(frozen=True)
class CompiledBody:
    code: str
    lookalike: bool
    # (pattern, counts only next to accreditation wording)
    names: tuple[tuple[re.Pattern[str], bool], ...]
    # (pattern, template) of the CB's number beside the name
    numbers: tuple[tuple[re.Pattern[str], str], ...] = ()


@dataclass(frozen=True)
class NumberOnlyRule:
    code: str
    lookalike: bool
    pattern: re.Pattern[str]
    template: str
    after_accredited: bool


@dataclass(frozen=True)
class MarkVocabulary:
    """Compiled patterns of every body the reader knows (look-alikes first)."""

    bodies: tuple[CompiledBody, ...] = ()
    number_only: tuple[NumberOnlyRule, ...] = ()
    # One pattern matching wherever any name could start: texts it misses are skipped whole
    # (most lines a scope reader asks about name no body).
    prefilter: re.Pattern[str] | None = None
    codes: frozenset[str] = field(default_factory=frozenset)

    def may_match(self, text: str) -> bool:
        """False only when no name nor number of any body can be in `text`."""
        return self.prefilter is not None and self.prefilter.search(text) is not None


_SHORT = 3
_FLAGS = re.IGNORECASE
_APOSTROPHES = "'’`´ʼ"
_SEPARATOR = r"[\s\-]+"


def _char(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if ch in _APOSTROPHES:
        return r"['’`´ʼ]?\s*"
    if base and base != ch and len(base) == 1:
        return f"[{re.escape(base)}{re.escape(ch)}]"
    return re.escape(ch)


def name_pattern(name: str) -> str:
    """A regular expression for a printed name: words separated by any run of spaces, hyphens
    or line breaks, accented letters also without their accents, no letters glued on either
    side."""
    words = [w for w in re.split(r"[\s\-]+", name.strip()) if w]
    body = _SEPARATOR.join("".join(_char(c) for c in w) for w in words)
    return rf"(?<!\w){body}(?!\w)"


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _compile_body(term: MarkTerm, rules: list[MarkRule]) -> CompiledBody:
    by_kind: dict[MarkRuleKind, list[MarkRule]] = {}
    for rule in rules:
        by_kind.setdefault(rule.kind, []).append(rule)
    marked = {
        kind: {_key(r.pattern) for r in by_kind.get(kind, [])}
        for kind in (MarkRuleKind.context, MarkRuleKind.bare, MarkRuleKind.ignore)
    }
    names: list[tuple[re.Pattern[str], bool]] = []
    for text in dict.fromkeys((term.code, *term.names)):
        key = _key(text)
        if not key or key in marked[MarkRuleKind.ignore]:
            continue
        short = len(re.sub(r"[\s\-]", "", text)) <= _SHORT
        needs_context = key in marked[MarkRuleKind.context] or (
            short and key not in marked[MarkRuleKind.bare]
        )
        names.append((re.compile(name_pattern(text), _FLAGS), needs_context))
    for rule in by_kind.get(MarkRuleKind.pattern, []):
        names.append((re.compile(rule.pattern, _FLAGS), False))
    numbers = tuple(
        (re.compile(r.pattern, _FLAGS), r.template) for r in by_kind.get(MarkRuleKind.number, [])
    )
    return CompiledBody(term.code, term.lookalike, tuple(names), numbers)


def build_vocabulary(terms: Iterable[MarkTerm], rules: Iterable[MarkRule]) -> MarkVocabulary:
    """Compile the bodies of `terms` with the special cases of `rules` (raises `re.error` on a
    pattern that does not compile; the loader reports it with its file and line)."""
    terms = sorted(terms, key=lambda t: not t.lookalike)
    rule_list = list(rules)
    by_code: dict[str, list[MarkRule]] = {}
    for rule in rule_list:
        by_code.setdefault(rule.code, []).append(rule)
    bodies = tuple(_compile_body(t, by_code.get(t.code, [])) for t in terms)
    lookalike = {t.code: t.lookalike for t in terms}
    number_only = tuple(
        NumberOnlyRule(
            r.code, lookalike.get(r.code, False), re.compile(r.pattern, _FLAGS), r.template,
            r.kind is MarkRuleKind.number_only_after_accredited,
        )
        for r in rule_list
        if r.kind in (MarkRuleKind.number_only, MarkRuleKind.number_only_after_accredited)
    )  # fmt: skip
    alternatives = [p.pattern for b in bodies for p, _ in b.names]
    alternatives += [r.pattern.pattern for r in number_only]
    prefilter = (
        re.compile("|".join(f"(?:{a})" for a in alternatives), _FLAGS) if alternatives else None
    )
    return MarkVocabulary(bodies, number_only, prefilter, frozenset(t.code for t in terms))
