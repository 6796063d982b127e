"""CJIS Security Addendum (CONTRACT.md §9, `cjis_addendum`): the FBI's Appendix H and its
certification page, a certification form, or a contractor's letter about it.

Facts: the contractor (`entity`), the date it was signed and whether it is `signed`. A
signature line with a name ("/s/ Jane Doe", "Signed by: Jane Doe") or a letter saying the
addendum "has been executed" is signed; blank signature lines, an empty "Signature" cell or
an undertaking to sign later is not. The certification text itself ("I hereby certify") is
printed on every copy, signed or not, and decides nothing.
"""

import re
from collections.abc import Iterator, Sequence

from app.core.extract import Extraction
from app.core.extract.sector.common import (
    LEGAL_PREFIX,
    NAME,
    Candidate,
    Line,
    Reading,
    clean_org,
    dates_in,
    doc_hint,
    flowed,
    label_re,
    labelled,
    labelled_dates,
    last_party,
    letter_dates,
    name_key,
    page_lines,
    sentences,
)
from app.core.extract.text.labels import LEGAL_NAME_END
from app.core.facts import CjisFacts
from app.core.pages import Page

_I = re.IGNORECASE
_ANY_LABEL = label_re(
    r"contractor(?:\s+organi[sz]ation)?", r"organi[sz]ation", r"company", r"vendor", r"representative",
    r"title", r"signature", r"signed", r"date(?:\s+signed)?", r"name", r"printed", r"field",
)  # fmt: skip
_ENTITY_LABEL = label_re(
    r"contractor(?:\s+(?:organi[sz]ation|name|company))?", r"company(?:\s+name)?", r"vendor(?:\s+name)?",
    r"(?:contractor\s+)?organi[sz]ation(?:\s+name)?",
)  # fmt: skip
_ENTITY_SENTENCES = (
    re.compile(rf"(?P<v>{NAME})\s*\((?:the\s+)?[\"“]?Contractor[\"”]?\)"),
    re.compile(
        rf"^(?P<v>{NAME})\s+(?:confirms|certifies|has\s+(?:reviewed|executed|signed)|will\s+execute)\b",
        re.M,
    ),
)
_CAPTION = re.compile(r"organi[sz]ation\s+and\s+title\s+of\s+(?:the\s+)?contractor", _I)
_SIGNED_MARK = re.compile(
    r"/s/\s*[A-Z]|\b(?:signed|docusigned|e-?signed)\s+by\s*:?\s*[A-Z]|\belectronically\s+signed\b|"
    r"^\s*signature\s*:\s*(?!_)[A-Z][a-z]+\s+[A-Z]",
    _I | re.M,
)
_BLANK = re.compile(r"^\s*(?:signature\s*:?\s*)?_{5,}", _I)
_EXECUTED = re.compile(
    r"\b(?:has|have)\s+(?:been\s+)?(?:executed|signed)\s+(?:the\s+)?(?:FBI\s+)?", _I
)
_NOT_YET = re.compile(
    r"\bwill\s+(?:execute|sign)\b|\bhas\s+not\s+(?:yet\s+)?been\s+(?:executed|signed)|\bnot\s+(?:been\s+)?executed\s+yet|\bupon\s+(?:contract\s+)?award",
    _I,
)
_DATE_LABEL = label_re(r"date\s+signed", r"signed\s+on", r"date(?:\s+of\s+signature)?", r"dated")


def _entities(pages: Sequence[Page], lines: Sequence[Line]) -> Iterator[Candidate]:
    for value, line, quote in labelled(lines, _ENTITY_LABEL, any_label=_ANY_LABEL):
        if (name := clean_org(value)) is not None:
            yield Candidate(name, line.page, quote, "label", strong=True)
    for i, line in enumerate(lines):
        if _CAPTION.search(line.text) and i > 0:
            above = lines[i - 1].text
            m = LEGAL_PREFIX.match(above)
            if m and (name := clean_org(m["v"])):
                yield Candidate(name, line.page, above, "caption", strong=True)
    for page in pages:
        for n, pattern in enumerate(_ENTITY_SENTENCES):
            for m in pattern.finditer(flowed(page)):
                if (name := clean_org(last_party(m["v"]))) is not None:
                    yield Candidate(name, page, name, f"sentence {n}", strong=True)
    if lines and (name := clean_org(lines[0].text)) and LEGAL_NAME_END.search(name):
        yield Candidate(name, lines[0].page, lines[0].text, "letterhead")


def _signed(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> bool | None:
    found: list[Candidate] = []
    for line in lines:
        if m := _SIGNED_MARK.search(line.text):
            found.append(Candidate(True, line.page, line.text, "signature line", strong=True))
        elif _BLANK.match(line.text):
            found.append(
                Candidate(False, line.page, line.text, "blank signature line", strong=True)
            )
    for i, line in enumerate(lines):
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        if re.fullmatch(r"(?:authori[sz]ed\s+)?signature\s*:?", line.text, _I) and (
            not nxt or _ANY_LABEL.match(nxt)
        ):
            found.append(
                Candidate(False, line.page, line.text, "empty signature field", strong=True)
            )
    for page, sentence in sentences(pages):
        if re.search(r"\b(?:security\s+addendum|CJIS)", sentence, _I):
            if m := _NOT_YET.search(sentence):
                found.append(Candidate(False, page, m.group(0), "sentence", strong=True))
            elif m := _EXECUTED.search(sentence):
                found.append(Candidate(True, page, m.group(0).strip(), "sentence", strong=True))
    signed = r.decide("signed", found)
    return signed if isinstance(signed, bool) else None


def _date(r: Reading, pages: Sequence[Page], lines: Sequence[Line], signed: bool | None) -> None:
    hint = doc_hint(pages)
    found = labelled_dates(lines, _DATE_LABEL, _ANY_LABEL, hint)
    for line in lines:
        if _SIGNED_MARK.search(line.text):
            found += [
                Candidate(d, line.page, line.text, "signature line", strong=True)
                for d, _ in dates_in(line.text, hint)[:1]
            ]
    letter = any(re.match(r"(?:sincerely|yours|regards)", ln.text, _I) for ln in lines)
    if letter:
        found += letter_dates(lines, hint)
    if signed is False and not letter:
        found = [c for c in found if c.cue == "label"]
    r.decide("date", found)


def extract_cjis(pages: Sequence[Page]) -> Extraction[CjisFacts]:
    """Read a CJIS Security Addendum or its certification (see the module docstring)."""
    r, lines = Reading(), page_lines(pages)
    r.decide("entity", _entities(pages, lines), key=name_key)
    signed = _signed(r, pages, lines)
    _date(r, pages, lines, signed)
    return r.extraction(CjisFacts)
