"""Cues that propose organisation names: labels, sentences, signature blocks, letterheads,
footers, the largest line and the shape of a name (STYLE rule 14).

Each function yields `Candidate`s whose value is a cleaned name (`names.clean_name`) and
whose key is the comparison key of `app.core.names`, so "Linford & Company" and "Linford &
Company LLP" agree, and the printed form with its legal form is kept. The extractors for
certificates, letters and reports combine these cues with weights of their own.
"""

import itertools
import re
from collections.abc import Iterator, Sequence

from app.core.extract.text import layout
from app.core.extract.text.candidates import Candidate, Choice, choose
from app.core.extract.text.labels import CB_WORDS, LEGAL_SUFFIX, legal_name_lines, lines
from app.core.extract.text.names import clean_name, has_legal_form
from app.core.names import normalise
from app.core.pages import Page

F = re.IGNORECASE
# A run of capitalised words (with connectors and legal forms): a name inside a sentence.
CAPNAME = (
    rf"(?-i:(?:[\"“'‘]\s*)?(?:[A-ZÀ-ÖØ-Þ0-9][\w&'’.-]*|{LEGAL_SUFFIX})"
    rf"(?:,?\s+(?:(?:&|and|of|de|der|für|du|des|y|et)\s+)?(?:[A-ZÀ-ÖØ-Þ0-9][\w&'’.-]*|{LEGAL_SUFFIX}))*)"
)


_LABEL_LINE = re.compile(r"^[\w][\w .()/-]{0,30}:\s*\S")


def related(short: str, long: str) -> bool:
    """True when the name key `short` abbreviates `long`: its first words ("qro" of "qro
    certification"), or its initials ("qcci" of "quality compliance certification india")."""
    a, b = _words(short), _words(long)
    if not a or len(a) >= len(b):
        return False
    if b[: len(a)] == a or (b[-len(a) :] == a and len(b) == len(a) + 1 and _acronym(b)):
        return True
    return len(a) == 1 and len(b) >= 2 and a[0] == "".join(w[0] for w in b)


def _acronym(words: list[str]) -> bool:
    """True when the first word is the initials of the rest ("nqa national quality assurance")."""
    return len(words) >= 3 and words[0] == "".join(w[0] for w in words[1:])


def _words(key: str) -> list[str]:
    return key.split()


def name_rank(c: Candidate) -> tuple[bool, int, bool, float, int]:
    """Among candidates for one name, show the printed form with its legal form, then the
    fullest; a wordmark acronym before the name it abbreviates adds nothing."""
    words = _words(c.key or c.value.lower())
    full = len(words) - _acronym(words)
    return (has_legal_form(c.value), full, not _acronym(words), c.weight, len(c.value))


def choose_name(fact: str, found: Sequence[Candidate]) -> Choice:
    """`choose` for organisation names: abbreviations agree with the full name."""
    return choose(fact, found, rank=name_rank, related=related)


def candidate(name: str, page: Page, quote: str, cue: str, weight: float) -> Candidate | None:
    """A name candidate, or None when `name` does not clean into a name."""
    cleaned = clean_name(name)
    if cleaned is None:
        return None
    return Candidate(cleaned, page, quote, cue, weight, key=normalise(cleaned))


# A holder label in a grid, its value in the next cell: "Organisation   Acme Ltd" (no colon).
GRID_LABEL = re.compile(
    r"^(?:organi[sz]ation|company|client|holder|auditee|organisme(?:\s+certifi[ée])?|entreprise"
    r"|soci[ée]t[ée]|empresa|organizaci[óo]n|unternehmen|firma|kuruluş)\s+(?=\S)",
    F,
)
# Column labels of a header row whose values are on the next line.
_HEADER_WORDS = re.compile(
    r"\b(?:version|date|reference|standard|number|no\.|document|approved|issued|revision)\b", F
)


def labelled(
    pages: Sequence[Page], label: re.Pattern[str], cue: str, weight: float, *, first: int = 0
) -> Iterator[Candidate]:
    """Names printed after `label` (matched at a line start) on its line, else on the next. A
    label without a colon (a grid cell) must be followed by a name with its legal form."""
    for page in pages[: first or None]:
        page_lines = lines(page)
        for i, line in enumerate(page_lines):
            m = label.match(line)
            if not m:
                continue
            rest = re.split(r"\s{3,}", line[m.end() :].strip(" :\t"), maxsplit=1)[0]
            loose = not re.search(r"[:\-–]\s*$", m.group(0))
            if rest and (c := candidate(rest, page, line, cue, weight)):
                if not loose or has_legal_form(c.value):
                    yield c
            elif not rest and i + 1 < len(page_lines):
                nxt = page_lines[i + 1]
                if c := candidate(nxt, page, f"{line}\n{nxt}", cue, weight):
                    yield c


def header_row(pages: Sequence[Page], cue: str, weight: float) -> Iterator[Candidate]:
    """A header row of labels ("Organisation  Document version  Date approved") over a row of
    values: the name is the value row's text before its first figure."""
    for page in pages:
        page_lines = lines(page)
        for line, nxt in itertools.pairwise(page_lines):
            head = GRID_LABEL.match(line + " ")
            if not head or not _HEADER_WORDS.search(line[head.end() :]) or has_legal_form(line):
                continue
            value = re.split(r"\s(?=\S*\d)", nxt, maxsplit=1)[0]
            c = candidate(value, page, f"{line}\n{nxt}", cue, weight)
            if c is not None and c.value and nxt.startswith(c.value.split()[0]):
                yield c


def sentences(
    pages: Sequence[Page], pattern: re.Pattern[str], cue: str, weight: float
) -> Iterator[Candidate]:
    """Names in the `name` group of `pattern`, matched line by line; an empty group takes the
    neighbouring line the pattern's `side` group points to ("before" or "after")."""
    for page in pages:
        page_lines = lines(page)
        for i, line in enumerate(page_lines):
            for m in pattern.finditer(line):
                name = (m.group("name") or "").strip()
                if name:
                    if c := candidate(name, page, line, cue, weight):
                        yield c
                    continue
                j = i - 1 if m.groupdict().get("before") is not None else i + 1
                if 0 <= j < len(page_lines):
                    quote = "\n".join(page_lines[min(i, j) : max(i, j) + 1])
                    if c := candidate(page_lines[j], page, quote, cue, weight):
                        yield c


# A full stop that ends a sentence inside a run of capitalised words: "... LLP. As of ...",
# but not "& Co. LLP" (a legal form follows) or "St. James" (a two-letter abbreviation).
_sentence_end = re.compile(rf"(?<=[\w)]{{3}}\.)\s+(?!{LEGAL_SUFFIX}(?![\w]))(?=[A-ZÀ-Þ])")


# CAPNAME that does not run over a line break: "Dear Customer,\nAcme LLC" is two things.
LINE_CAPNAME = CAPNAME.replace(r"\s+", r"[ \t]+")


def squashed_sentences(
    pages: Sequence[Page],
    pattern: re.Pattern[str],
    cue: str,
    weight: float,
    *,
    folded: bool = True,
) -> Iterator[Candidate]:
    """Names in the `name` group of `pattern` matched on each page's text with line breaks
    folded (a sentence may wrap anywhere; `folded=False` matches the text as printed, for
    patterns whose names must not run over a line); the whole match is the quote."""
    for page in pages:
        text = page.squashed if folded else page.text
        for m in pattern.finditer(text):
            name = _sentence_end.split(m.group("name"), maxsplit=1)[0]
            end = m.start("name") + len(name)
            after = text[end : end + 1]
            # "d.o.o." keeps its last dot; "Ltd." at a sentence's end gives it back.
            dotted = (name + ".").split()[-1].count(".") >= 2
            if (
                after == "."
                and dotted
                and re.search(rf"{LEGAL_SUFFIX}$", name + ".", re.IGNORECASE)
            ):
                name += "."
            elif name.endswith(".") and name.split()[-1].count(".") == 1 and after not in "'’":
                name = name[:-1]  # a sentence's full stop after "Ltd"
            if c := candidate(name, page, m.group(0), cue, weight):
                yield c


def in_band(
    pages: Sequence[Page], where: str, cue: str, weight: float, *, fallback: int = 2
) -> Iterator[Candidate]:
    """Names in the running head or footer of each page (`where`: "head" or "foot"), by the
    layout where the page is placed, else the first or last `fallback` lines of the page."""
    for page in pages:
        page_lines = lines(page)
        if page.layout:
            chosen = [ln for ln in page_lines if layout.band(page, ln) == where]
        else:
            chosen = page_lines[:fallback] if where == "head" else page_lines[::-1][:fallback]
        for line in chosen:
            if _LABEL_LINE.match(line):
                continue  # "Client: X" at the top of a page is a label, no letterhead
            parts = _segments(line)
            # A running line split by separators ("X - DOC-07 - CONFIDENTIAL", "X | address")
            # offers its parts, not the whole.
            for part in parts[1:] or parts:
                c = candidate(part, page, line, cue, weight)
                # A lone word in a band is a logo fragment or a mark, rarely the name.
                if c and (has_legal_form(c.value) or CB_WORDS.search(c.value) or " " in c.value):
                    yield c


def _segments(line: str) -> list[str]:
    """The line, and its parts when separators split it ("X | address", "X · address")."""
    parts = [p for p in re.split(r"\s{3,}|\s[|·•]\s|\s[-–—]\s", line) if p.strip()]
    return [line, *parts] if len(parts) > 1 else [line]


def prominent(
    pages: Sequence[Page], cue: str, weight: float, *, min_ratio: float = 1.3
) -> Iterator[Candidate]:
    """Names printed larger than the page's usual text, in the body (not head or footer)."""
    for page in pages[:1]:
        page_lines = lines(page)
        ranked = []
        for line in page_lines:
            ratio = layout.prominence(page, line)
            if ratio >= min_ratio and layout.band(page, line) == "body":
                ranked.append((ratio, line))
        for ratio, line in sorted(ranked, reverse=True)[:3]:
            if c := candidate(line, page, line, cue, weight * min(1.5, ratio / min_ratio)):
                yield c


_LOGO_NOISE = frozenset(
    [
        "management",
        "managemen",
        "systems",
        "system",
        "accredited",
        "accreditation",
        "certified",
        "certification",
        "iso",
        "iec",
        "member",
        "registered",
        "quality",
        "assured",
    ]
)


def image_text(pages: Sequence[Page], cue: str, weight: float) -> Iterator[Candidate]:
    """Names read by OCR from images on a text page (lines the reader could not place): a
    wordmark such as "COALFIRE" is the only place some certificates name their issuer."""
    for page in pages[:2]:
        if not page.layout or not page.ocr:
            continue
        for line in lines(page):
            if layout.placed(page, line) is not None:
                continue
            words = [w for w in line.split() if len(w) > 1 or w == "&"]
            bare = [re.sub(r"\W", "", w).lower() for w in words]
            if not words or all(b in _LOGO_NOISE or len(b) < 3 for b in bare):
                continue
            if c := candidate(" ".join(words), page, line, cue, weight):
                yield c


def legal_names(pages: Sequence[Page], cue: str, weight: float) -> Iterator[Candidate]:
    """Lines that end in a legal form (with the upper-case lines above them that continue a
    long name): names by their shape alone."""
    for page in pages:
        for name, quote in legal_name_lines(page):
            for part in _segments(name):
                if has_legal_form(part) and (c := candidate(part, page, quote, cue, weight)):
                    yield c


def after_title(pages: Sequence[Page], cue: str, weight: float) -> Iterator[Candidate]:
    """The body's name printed under a signatory's title ("Authorised Signatory" then
    "International Standards Certification"), within three lines."""
    title = re.compile(
        r"^(?:authori[sz]ed\s+(?:signatory|signature)|head\s+of\s+certification|certification"
        r"\s+manager|managing\s+director|director|for\s+the\s+certification\s+body)\s*$",
        F,
    )
    for page in pages:
        page_lines = lines(page)
        for i, line in enumerate(page_lines):
            if not title.match(line):
                continue
            for nxt in page_lines[i + 1 : i + 4]:
                c = candidate(nxt, page, nxt, cue, weight)
                if c and (has_legal_form(c.value) or CB_WORDS.search(c.value)):
                    yield c
                    break


def signature_block(pages: Sequence[Page], cue: str, weight: float) -> Iterator[Candidate]:
    """The body named in a signature block: "for and on behalf of X", "Authorised signatory,
    X", "signed for X" (a title followed by a department is no name and yields nothing)."""
    behalf = re.compile(
        r"(?:for\s+and\s+on\s+behalf\s+of|on\s+behalf\s+of|signed\s+(?:for|by)|für\s+die"
        r"|pour\s+le\s+compte\s+de|en\s+nombre\s+de|por\s+cuenta\s+de)\s*:?\s*(?P<name>.*)$",
        F,
    )
    yield from sentences(pages, behalf, cue, weight)
    title = re.compile(
        r"^(?:authori[sz]ed\s+signatory|signatory|signed|director|managing\s+director"
        r"|certification\s+manager|head\s+of\s+certification)\s*,\s*(?P<name>.+)$",
        F,
    )
    for c in sentences(pages, title, cue, weight):
        if has_legal_form(c.value):
            yield c
