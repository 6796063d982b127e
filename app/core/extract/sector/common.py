"""Candidates and agreement for the sector evidence extractors (CONTRACT.md §2, §9; STYLE 14).

Each fact is chosen among candidates gathered from independent cues (a label, a sentence, a
title, a signature block, a table row). Candidates with the same value (compared on a key,
e.g. a name's normal form) pool their cues; the value with the most distinct cues wins when
it clearly leads. Confidence is `high` when two cues agree, or one strong cue decides with no
rival; where rivals are close the fact is null and a warning says what was seen.

Also here: labelled values in the layouts these documents use ("Label: value", "Label value"
in two columns, the label above its value, values wrapped over two lines), organisation
names cleaned of roles and quotes, and dates with the document's own day/month order.
"""

import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any

from app.core.extract import Extraction
from app.core.extract.text.dates import day_first_hint, find_dates
from app.core.extract.text.labels import LEGAL_NAME_END, LEGAL_SUFFIX, looks_like_name
from app.core.facts import Confidence, Facts
from app.core.names import normalise
from app.core.pages import Evidence, Page, make_evidence

F = re.IGNORECASE


@dataclass(frozen=True)
class Candidate:
    """A possible value of a fact, where it was seen and by which cue."""

    value: Any
    page: Page
    quote: str
    cue: str
    strong: bool = False


@dataclass
class Reading:
    """Facts being decided for one document: values, evidence, confidence, warnings."""

    values: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, Evidence] = field(default_factory=dict)
    confidence: dict[str, Confidence] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def put(self, name: str, value: Any, page: Page, quote: str, confidence: Confidence) -> None:
        self.values[name] = value
        self.evidence[name] = make_evidence(page, quote)
        self.confidence[name] = confidence

    def decide(
        self,
        name: str,
        candidates: Iterable[Candidate],
        *,
        key: Callable[[Any], Hashable] = lambda v: v,
        show: Callable[[Any], str] = str,
    ) -> Any:
        """Pick `name` among `candidates` (see the module docstring); returns the value or None."""
        groups: dict[Hashable, list[Candidate]] = {}
        for c in candidates:
            if c.value is not None and c.value != "":
                groups.setdefault(key(c.value), []).append(c)
        if not groups:
            return None
        ranked = sorted(groups.values(), key=_score, reverse=True)
        best = ranked[0]
        rival = _score(ranked[1]) if len(ranked) > 1 else (0, 0)
        if len(ranked) > 1 and not _clear_lead(_score(best), rival):
            seen = "; ".join(f"{show(g[0].value)!r} ({', '.join(_cues(g))})" for g in ranked[:3])
            self.warnings.append(f"{name}: not read, the document disagrees with itself: {seen}")
            return None
        cues = _cues(best)
        sure = (len(cues) >= 2 or any(c.strong for c in best)) and rival[0] == 0
        if len(ranked) > 1:
            others = "; ".join(f"{show(g[0].value)!r}" for g in ranked[1:3])
            self.warnings.append(f"{name}: {show(best[0].value)!r} preferred over {others}")
        chosen = max(best, key=lambda c: (c.strong, -len(c.quote)))
        level = Confidence.high if sure else Confidence.low
        self.put(name, chosen.value, chosen.page, chosen.quote, level)
        return chosen.value

    def abstain(self, name: str, why: str) -> None:
        self.warnings.append(f"{name}: not read, {why}")

    def extraction(self, model: type[Facts]) -> Extraction[Any]:
        return Extraction(
            facts=model(**self.values),
            evidence=self.evidence,
            warnings=self.warnings,
            confidence=self.confidence,
        )


def _cues(group: list[Candidate]) -> list[str]:
    return sorted({c.cue for c in group})


def _score(group: list[Candidate]) -> tuple[int, int]:
    return (len(_cues(group)) + any(c.strong for c in group), len(group))


def _clear_lead(best: tuple[int, int], rival: tuple[int, int]) -> bool:
    return best[0] >= 2 * rival[0] or (best[0] > rival[0] and best[0] >= 3)


# --- lines and labels --------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    page: Page
    index: int
    text: str


def page_lines(pages: Sequence[Page]) -> list[Line]:
    """Every non-empty line of every page, whitespace folded."""
    out: list[Line] = []
    for page in pages:
        for raw in page.text.splitlines():
            text = " ".join(raw.split())
            if text:
                out.append(Line(page, len(out), text))
    return out


def label_re(*labels: str) -> re.Pattern[str]:
    """A label at the start of a line, with an optional colon (two-column layouts print none)."""
    return re.compile(rf"^(?:[-•*]\s*)?(?:{'|'.join(labels)})\s*(?::|\s-\s|\s–\s)?\s*", F)


def labelled(
    lines: Sequence[Line], label: re.Pattern[str], *, any_label: re.Pattern[str] | None = None
) -> Iterator[tuple[str, Line, str]]:
    """(value, line, quote) for each line starting with `label`: the rest of the line, or the
    next line when the label stands alone; a value cut mid-sentence continues on the lines
    after it unless one starts another label (`any_label`)."""

    def follows(j: int) -> bool:
        return (
            j < len(lines)
            and lines[j].page is lines[j - 1].page
            and not (any_label is not None and any_label.match(lines[j].text))
        )

    for i, line in enumerate(lines):
        m = label.match(line.text)
        if not m:
            continue
        value, quote, j = line.text[m.end() :].strip(" :"), line.text, i + 1
        if not value and follows(j):
            value, quote, j = lines[j].text, f"{line.text}\n{lines[j].text}", j + 1
        while value and follows(j) and _wrapped(lines[j - 1].text, value, lines[j].text):
            value, quote, j = f"{value} {lines[j].text}", f"{quote}\n{lines[j].text}", j + 1
        if value:
            yield value.strip(), line, quote


_FIELD = re.compile(r"^[A-Z][\w /()'-]{0,40}:(?:\s|$)")
_SENTENCE_START = re.compile(r"(?:The|This|These|Those|We|Our|It|Its|If|All|Any|Each|Please)\s")
_LABEL_LIKE = re.compile(
    r"[A-Z][\w()'-]*(?:\s+[\w()'-]+){0,3}\s+(?:date|dates|name|number|no\.?|status|type|version"
    r"|address|title|signature|scope|services?|period|level|result)",
    F,
)


def _wrapped(line: str, value: str, nxt: str) -> bool:
    """A value running on to the next line: a long line, or a value cut mid-sentence and
    continued in lower case; never after a full stop, a legal form or before a field."""
    if value.endswith((".", ":")) or LEGAL_NAME_END.search(value) or _FIELD.match(nxt):
        return False
    if nxt.endswith(":") or re.match(r"^(?:part|section|\d+\.|\(|[•*-])", nxt, F):
        return False
    if _LABEL_LIKE.fullmatch(nxt):  # "Validation date", "Report number": the next field
        return False
    if _SENTENCE_START.match(nxt) or (nxt.endswith(".") and len(nxt.split()) >= 6):
        return False  # a sentence of its own, not the rest of a value
    return (len(line) >= 80 and len(nxt) < 60) or (len(value) >= 25 and nxt[:1].islower())


def flowed(page: Page) -> str:
    """The page text with wrapped paragraph lines joined by a space and other line breaks
    kept: a line as long as most of the page's full lines was wrapped, a shorter one ended
    (a title, a field, the last line of a paragraph). Every run of it, whitespace folded, is
    verbatim page text."""
    rows = [" ".join(raw.split()) for raw in page.text.splitlines()]
    rows = [r for r in rows if r]
    if not rows:
        return ""
    full = sorted(len(r) for r in rows)[int(len(rows) * 0.9)]
    out = rows[0]
    for prev, row in pairwise(rows):
        soft = row[:1].islower() or (
            len(prev) >= 0.75 * full
            and full >= 60
            and not prev.endswith((".", ":"))
            and not _FIELD.match(row)
        )
        out += (" " if soft else "\n") + row
    return out


_ABBREVIATION = re.compile(
    r"\b(?:Inc|Ltd|Corp|Co|No|St|Mr|Ms|Dr|vs|e\.g|i\.e|U\.S|L\.L\.C|S\.A|N\.V|B\.V|P\.C)$"
)


def first_sentence(text: str) -> str:
    """`text` up to its first full stop that does not end an abbreviation ("Inc.", "L.L.C."),
    without that full stop; a name's final "Inc." is kept whole."""
    for m in re.finditer(r"\.+(?=\s|$)", text):
        before = text[: m.start()]
        if len(m.group(0)) >= 2:  # "Inc..": the abbreviation's dot, then the full stop
            return before + "."
        if _ABBREVIATION.search(before):
            if m.end() < len(text.rstrip()):
                continue
            return before + "."
        return before
    return text


def sentences(pages: Sequence[Page]) -> Iterator[tuple[Page, str]]:
    """Each page's sentences: flowed text split at sentence ends and at hard line breaks."""
    for page in pages:
        for s in re.split(r"(?<=[.;:])\s+(?=[A-Z(\"“])|\n", flowed(page)):
            if s.strip():
                yield page, s


# --- names --------------------------------------------------------------------------------

# A run of capitalised words, as organisation names are printed in sentences: lower-case
# words only as connectors ("Marlowe & Finch LLP", "Bank of Ireland"), a comma only before
# the next capitalised word ("Ironbridge Compliance, Inc.").
_WORD = r"(?:[A-Z0-9][\w&'’-]*(?:\.[\w&'’-]+)*|&)"
NAME = rf"{_WORD}(?:,?[ ]+(?:(?:&|and|of|for|de|du|la)[ ]+)?{_WORD}){{0,8}}\.?"

_ROLE = re.compile(
    r"\s*\((?:the\s+|each\s+a\s+)?[\"“'‘]?[\w .,-]{1,40}[\"”'’]?\)\s*$"
    r"|,?\s+(?:a|an)\s+[A-Z][a-z]+\s+(?:corporation|company|limited\s+liability\s+company|"
    r"private\s+limited\s+company)\b.*$",
)
_ROLE_WORDS = re.compile(
    r"(?:the\s+)?(?:customer|processor|controller|vendor|contractor|company|supplier|offeror|"
    r"client|service\s+provider|data\s+(?:fiduciary|processor|controller)|sub-?processor|"
    r"merchant|entity|organi[sz]ation)s?",
    F,
)
# Words of a document's title or a sentence, never of an organisation's name.
_NOT_A_NAME = re.compile(
    r"\b(?:questionnaire|report|agreement|addendum|attestation|certificate|representation|policy"
    r"|section|summary|statement|letter|memorandum|subject|acknowledge?ment|certification"
    r"|confirmation|compliance)\b",
    F,
)
_TRAIL = re.compile(r"[\s,;:]+$|['’]s$")


def clean_org(raw: str | None) -> str | None:
    """An organisation name from a label or sentence, without roles ("(the Contractor)"),
    quotes, a trailing incorporation clause or punctuation; None when it is not a name."""
    if not raw:
        return None
    name = raw.strip().strip("\"“”'’")
    for _ in range(2):
        name = _ROLE.sub("", name)
        name = _TRAIL.sub("", name)
    name = re.sub(r"^(?:the|messrs\.?)\s+(?=[A-Z])", "", name)
    name = name.strip(' .,"“”') if not LEGAL_NAME_END.search(name) else name.strip(' ,"“”')
    if not name or not name[0].isupper() or not looks_like_name(name):
        return None
    if _NOT_A_NAME.search(name) and not LEGAL_NAME_END.search(name):
        return None
    return None if _ROLE_WORDS.fullmatch(name) else name


LEGAL_PREFIX = re.compile(
    rf"^(?P<v>(?:[A-Z0-9][\w&'’.-]*,?\s+){{0,6}}?(?:{LEGAL_SUFFIX}|PBC)\.?)(?=[\s,;]|$)"
)


def last_party(name: str) -> str:
    """The second party of "A and B" when B is a legal name ("between the County Sheriff's
    Office and Acme Ltd (the Contractor)" names Acme Ltd); else `name`."""
    head, sep, tail = name.rpartition(" and ")
    if sep and LEGAL_NAME_END.search(tail) and not LEGAL_NAME_END.search(head):
        return tail
    return name


def clean_title(raw: str | None) -> str | None:
    """A product or offering name as printed (1-10 words, mostly letters, capitalised)."""
    if not raw:
        return None
    name = raw.strip().strip("\"“”'’ ,;:")
    if (owner := LEGAL_PREFIX.match(name)) and name[owner.end() :].startswith(", "):
        name = name[owner.end() + 2 :]  # "Acme LLC, Acme Cloud" names the offering after its owner
    name = name.rstrip(".") if not _ABBREV_END.search(name) else name
    words = name.split()
    letters = sum(ch.isalpha() for ch in name)
    if not 1 <= len(words) <= 10 or not name[:1].isupper() or letters < 0.6 * len(name):
        return None
    return None if _ROLE_WORDS.fullmatch(name) else name


def name_key(name: Any) -> Hashable:
    """Names compare on their normal form (legal forms and case ignored)."""
    return normalise(str(name))


# --- dates --------------------------------------------------------------------------------


def doc_hint(pages: Sequence[Page]) -> bool | None:
    """The document's numeric date order, from its unambiguous numeric dates."""
    return day_first_hint(" ".join(p.squashed for p in pages))


def dates_in(text: str, hint: bool | None) -> list[tuple[date, str]]:
    """(value, raw text) of each unambiguous date in `text`."""
    return [(m.value, m.raw) for m in find_dates(text, day_first=hint) if m.value is not None]


def labelled_dates(
    lines: Sequence[Line], label: re.Pattern[str], any_label: re.Pattern[str], hint: bool | None
) -> list[Candidate]:
    """The first date after each `label` (a strong "label" cue)."""
    return [
        Candidate(d, line.page, quote, "label", strong=True)
        for value, line, quote in labelled(lines, label, any_label=any_label)
        for d, _ in dates_in(value, hint)[:1]
    ]


def letter_dates(lines: Sequence[Line], hint: bool | None) -> list[Candidate]:
    """A line near the top that is a date and nothing else: a letter's date."""
    found: list[Candidate] = []
    for line in lines[:6]:
        dated = dates_in(line.text, hint)
        if dated and len(dated[0][1]) >= len(line.text) - 2:
            found.append(Candidate(dated[0][0], line.page, line.text, "letter date", strong=True))
    return found


def first_date(text: str, hint: bool | None) -> tuple[date, str] | None:
    found = dates_in(text, hint)
    return found[0] if found else None


# --- tick boxes ---------------------------------------------------------------------------

CHECKED = r"(?:☒|☑|✔|✓|■|\[\s*[xX✓✔]\s*\]|\(\s*[xX✓✔]\s*\))"
UNCHECKED = r"(?:☐|□|\[\s*\]|\(\s*\))"


def ticked(text: str, option: str) -> bool | None:
    """Whether the box printed right before `option` (a regex) is ticked; None when no box."""
    m = re.search(rf"(?P<box>{CHECKED}|{UNCHECKED})\s*{option}", text, F)
    if m is None:
        return None
    return re.fullmatch(CHECKED, m["box"]) is not None


# --- lists --------------------------------------------------------------------------------

_LEGAL_TOKEN = (
    r"(?:Inc|LLC|L\.L\.C|Ltd|Limited|PBC|Corp|GmbH|S\.?A\.?S?|SAS|plc|PLC|LLP|B\.V|AG|N\.V)\b"
)


def split_items(text: str) -> list[str]:
    """A printed list ("A; B", "A, B and C") as items; a comma before a legal form ("OpenAI,
    L.L.C.") does not split."""
    parts = re.split(rf";\s*|,(?!\s*{_LEGAL_TOKEN})\s*(?:and\s+)?|\s+and\s+(?=[A-Z])", text.strip())
    return [item for p in parts if (item := _trim_item(p))]


_ABBREV_END = re.compile(r"(?:\b(?:Inc|Co|Ltd|Corp|L\.L\.C|S\.A|N\.V|B\.V)|\b[A-Z]\.[A-Z])\.$")


def _trim_item(item: str) -> str:
    item = item.strip(" •-–")
    return item if _ABBREV_END.search(item) else item.rstrip(".").strip()


def section_tags(lines: Sequence[Line], tags: dict[str, re.Pattern[str]]) -> list[str | None]:
    """For each line, the tag of the last short heading-like line matching one of `tags`."""
    current: str | None = None
    out: list[str | None] = []
    for line in lines:
        if len(line.text) <= 90:
            for tag, pattern in tags.items():
                if pattern.search(line.text):
                    current = tag
                    break
        out.append(current)
    return out
