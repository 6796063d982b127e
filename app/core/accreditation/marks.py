"""Reading accreditation marks printed as text (CONTRACT.md §2 `accreditation_body` and
`accreditation_number`; §4 AB_NOT_RECOGNISED / CERT_NO_ACCREDITATION_MARK).

A certificate shows its accreditation as a logo with a number under it ("UKAS MANAGEMENT
SYSTEMS 0003"), a name in prose ("ANSI National Accreditation Board"), or a footer ("accredit
by 'Euro UK'"). This module resolves such text to the canonical body code of the reference
data (and `lookalike=True` for "accreditation" names that are not IAF MLA signatories), plus
the CB's accreditation number printed beside it. It never reports "IAF" alone: that is the
forum's own mark, not an accreditation body.

Which bodies exist is data, not code: a `MarkVocabulary` is built from the codes, names and
aliases of `accreditation_bodies.csv` and `lookalike_bodies.csv` and from the special cases of
`mark_patterns.csv` (number formats, short codes that count only next to accreditation
wording, badge patterns), so an imported data set teaches the reader a new body. Without a
vocabulary nothing is read as a mark.
"""

import re
from dataclasses import dataclass

from app.core.accreditation.vocabulary import CompiledBody, MarkRuleKind, MarkVocabulary

__all__ = ["MarkMatch", "MarkRuleKind", "MarkVocabulary", "read_accreditation_marks"]


@dataclass(frozen=True)
class MarkMatch:
    """An accreditation body named or marked in text: canonical code, number, and where."""

    code: str
    number: str | None
    start: int
    end: int
    raw: str
    lookalike: bool = False
    # The number exactly as printed (a verbatim quote for evidence), e.g. "0003", "CAB # 011905".
    number_raw: str | None = None
    # Where the number is printed, so a second reading of it is not taken for another mark.
    number_span: tuple[int, int] | None = None


# "accredited" in prose is not a mark by itself; it only confirms an ambiguous short code, and
# only right next to it ("accredited by SCC", "PCA accreditation"): a CB's office called "PCA"
# on a page that says "accreditation criteria" elsewhere is not the Polish AB.
_CONTEXT = re.compile(r"accredit|akkredit|akredyt|acredit", re.I)
_CONTEXT_REACH = 25
_ACCREDITED_BEFORE = re.compile(r"ACCREDITED", re.I)
# On the IAS mark the word ACCREDITED sits above "Management Systems Certification Body".
_ACCREDITED_REACH = 160
_GENERIC_NUMBER = re.compile(
    r"(?:Accreditation|Accred\.?|Akkreditierungs|Registration|Reg\.?|Cert(?:ificate)?)\s*"
    r"(?:No\.?|Nr\.?|Number|#)\s*[:.]?\s*([A-Z]{0,6}[\-\s]?\d[\w\-]*)",
    re.I,
)
# The number under a UKAS/ANAB/JAS-ANZ logo follows the name, sometimes after the programme.
_NUMBER_AFTER_NAME = re.compile(
    r"^[\s:,.\-]*(?:MANAGEMENT\s+SYSTEMS?|CERTIFICATION|ISMS|MS|CB)?[\s:,.\-]*(?:No\.?|#)?\s*(\d{3,5})\b",
    re.I,
)
# Standard numbers printed next to a mark are not accreditation numbers.
_STANDARD_NUMBERS = frozenset(
    {"9001", "14001", "17021", "20000", "22000", "22301", "27001", "27006", "27701", "42001",
     "45001", "50001"}
)  # fmt: skip
_WINDOW_AFTER, _WINDOW_BEFORE = 90, 50

_Number = tuple[str, str, int, int]  # number, as printed, start, end (absolute)


def _has_context(text: str, start: int, end: int) -> bool:
    window = text[max(0, start - _CONTEXT_REACH) : end + _CONTEXT_REACH]
    return _CONTEXT.search(window) is not None


def _expand(m: re.Match[str], template: str) -> str:
    value = m.expand(template) if template else m.group(0)
    return " ".join(value.split()).strip(" .,:;")


def _number_near(text: str, start: int, end: int, body: CompiledBody) -> _Number | None:
    """(number, as printed, span) right after (or just before) the body's name."""
    for offset, part in ((end, text[end : end + _WINDOW_AFTER]),
                         (max(0, start - _WINDOW_BEFORE), text[max(0, start - _WINDOW_BEFORE) : start])):  # fmt: skip
        for pattern, template in body.numbers:
            m = pattern.search(part)
            if m:
                return _expand(m, template), m.group(0), offset + m.start(), offset + m.end()
    after = text[end : end + _WINDOW_AFTER]
    m = _NUMBER_AFTER_NAME.match(after)
    if m and m.group(1) not in _STANDARD_NUMBERS:
        return m.group(1), m.group(1), end + m.start(1), end + m.end(1)
    g = _GENERIC_NUMBER.search(after)
    if g and g.group(1).strip() not in _STANDARD_NUMBERS:
        raw = g.group(1)
        return " ".join(raw.split()).strip(" .,:;"), raw, end + g.start(1), end + g.end(1)
    return None


def _candidates(text: str, vocabulary: MarkVocabulary) -> list[MarkMatch]:
    found: list[MarkMatch] = []
    for body in vocabulary.bodies:
        for name, needs_context in body.names:
            for m in name.finditer(text):
                if needs_context and not _has_context(text, m.start(), m.end()):
                    continue
                near = _number_near(text, m.start(), m.end(), body)
                found.append(
                    MarkMatch(
                        code=body.code, number=near[0] if near else None, start=m.start(),
                        end=m.end(), raw=m.group(0), lookalike=body.lookalike,
                        number_raw=near[1] if near else None,
                        number_span=(near[2], near[3]) if near else None,
                    )
                )  # fmt: skip
    return found


def _number_only(text: str, vocabulary: MarkVocabulary) -> list[MarkMatch]:
    """Marks known only by their number (the body's name was an image OCR could not read)."""
    found = []
    for rule in vocabulary.number_only:
        for m in rule.pattern.finditer(text):
            before = text[max(0, m.start() - _ACCREDITED_REACH) : m.start()]
            if rule.after_accredited and not _ACCREDITED_BEFORE.search(before):
                continue
            number = _expand(m, rule.template)
            found.append(
                MarkMatch(
                    rule.code,
                    number,
                    m.start(),
                    m.end(),
                    m.group(0),
                    rule.lookalike,
                    m.group(0),
                    (m.start(), m.end()),
                )
            )
    return found


def _clear(cand: MarkMatch, taken: list[MarkMatch]) -> bool:
    """True when `cand` reads characters no taken mark (nor its number) has read."""
    for t in taken:
        spans = [(t.start, t.end)] + ([t.number_span] if t.number_span else [])
        if any(not (cand.end <= s or cand.start >= e) for s, e in spans):
            return False
    return True


def read_accreditation_marks(
    text: str, vocabulary: MarkVocabulary | None = None
) -> list[MarkMatch]:
    """Every accreditation body (or look-alike) of `vocabulary` named in `text`, in order of
    appearance; nothing without a vocabulary.

    Overlapping readings of the same characters keep a look-alike's over a real body's, then the
    longer reading ("IAF-AB" is not IAF; "IAC-MSCB-5044" is IAC's number, not a second IAC
    mark). A body named several times is reported at each place, with the number next to each.
    """
    if vocabulary is None or not vocabulary.bodies or not vocabulary.may_match(text):
        return []
    taken: list[MarkMatch] = []
    ranked = sorted(
        _candidates(text, vocabulary), key=lambda c: (not c.lookalike, -(c.end - c.start), c.start)
    )
    for cand in ranked:
        if _clear(cand, taken):
            taken.append(cand)
    named = {(t.code, t.number) for t in taken}
    for cand in _number_only(text, vocabulary):
        # A number already read beside the body's name is the same mark, not another one.
        if _clear(cand, taken) and (cand.code, cand.number) not in named:
            taken.append(cand)
            named.add((cand.code, cand.number))
    return sorted(taken, key=lambda c: c.start)
