"""NDAA Section 889 representation (CONTRACT.md §9, `ndaa889_representation`): FAR 52.204-24 or
52.204-26 with tick boxes, a representation letter, or a supplier questionnaire.

Facts: the entity represented, the date, the representation (`does_not_provide` or
`provides` covered telecommunications equipment or services) and the FAR clauses cited. The
representation comes from the ticked box of each "will / will not" or "does / does not"
pair, a sentence ("hereby represents that it does not provide", "discloses that it
provides") or a question answered Yes or No; any affirmative answer (provides or uses) makes
it `provides`, as FAR 52.204-24(d) reads both parts together.
"""

import re
from collections.abc import Iterator, Sequence

from app.core.extract import Extraction
from app.core.extract.sector.common import (
    CHECKED,
    NAME,
    UNCHECKED,
    Candidate,
    Line,
    Reading,
    clean_org,
    doc_hint,
    flowed,
    label_re,
    labelled,
    labelled_dates,
    letter_dates,
    name_key,
    page_lines,
    sentences,
)
from app.core.extract.text.labels import LEGAL_NAME_END
from app.core.facts import Confidence, Ndaa889Facts, Ndaa889Representation
from app.core.pages import Page

_I = re.IGNORECASE
_R = Ndaa889Representation
_BOX = rf"(?:{CHECKED}|{UNCHECKED})"
_PAIR = re.compile(
    rf"(?P<a>{_BOX})\s*(?P<yes>will|does),?\s*(?P<b>{_BOX})\s*(?P=yes)\s+not\s+(?P<verb>provide|use)",
    _I,
)
_ANY_LABEL = label_re(
    r"offeror", r"(?:legal\s+)?entity\s+name", r"company", r"contractor", r"vendor", r"signature",
    r"date(?:\s+\w+)?", r"unique\s+entity", r"UEI", r"name", r"title", r"question",
)  # fmt: skip
_ENTITY_LABEL = label_re(
    r"offeror(?:\s+name)?", r"(?:legal\s+)?entity\s+name", r"company(?:\s+name)?",
    r"contractor(?:\s+name)?", r"vendor(?:\s+name)?", r"supplier(?:\s+name)?",
)  # fmt: skip
_ENTITY_SENTENCE = re.compile(rf"(?P<v>{NAME})\s+hereby\s+(?:represents|discloses|certifies)")
_DATE_LABEL = label_re(
    r"date(?:\s+(?:of\s+representation|completed|signed|submitted))?", r"signed\s+on", r"dated",
)  # fmt: skip
_NOT_PROVIDE = re.compile(
    r"\b(?:represents?|certif(?:y|ies))\s+that\s+it\s+(?:does|will)\s+not\s+(?:provide|use)\s+covered",
    _I,
)
_PROVIDES = re.compile(
    r"\b(?:represents?|discloses?|certif(?:y|ies))\s+that\s+it\s+(?:does\s+|will\s+)?(?:provides?|uses?)\s+covered",
    _I,
)
_QUESTION = re.compile(
    r"(?:provide|use)s?\s+covered\s+telecommunications\s+equipment\s+or\s+services.{0,80}?\?\s*(?P<a>Yes|No)\b",
    _I,
)
_FAR = re.compile(r"\b52\.204-2[3-6]\b")


def _entities(pages: Sequence[Page], lines: Sequence[Line]) -> Iterator[Candidate]:
    for value, line, quote in labelled(lines, _ENTITY_LABEL, any_label=_ANY_LABEL):
        if (name := clean_org(value)) is not None:
            yield Candidate(name, line.page, quote, "label", strong=True)
    for page in pages:
        for m in _ENTITY_SENTENCE.finditer(flowed(page)):
            if (name := clean_org(m["v"])) is not None:
                yield Candidate(name, page, m["v"], "sentence", strong=True)
    if lines and (name := clean_org(lines[0].text)) and LEGAL_NAME_END.search(name):
        yield Candidate(name, lines[0].page, lines[0].text, "letterhead")


def _representation(r: Reading, pages: Sequence[Page]) -> None:
    found: list[Candidate] = []
    for page in pages:
        for m in _PAIR.finditer(page.squashed):
            yes, no = re.fullmatch(CHECKED, m["a"]), re.fullmatch(CHECKED, m["b"])
            if bool(yes) != bool(no):
                value = _R.provides if yes else _R.does_not_provide
                found.append(
                    Candidate(value, page, m.group(0), f"tick box {m['verb'].lower()}", strong=True)
                )
        for m in _QUESTION.finditer(page.squashed):
            value = _R.provides if m["a"].lower() == "yes" else _R.does_not_provide
            found.append(Candidate(value, page, m.group(0), "question", strong=True))
    for page, sentence in sentences(pages):
        if said := _NOT_PROVIDE.search(sentence):
            found.append(
                Candidate(_R.does_not_provide, page, said.group(0), "sentence", strong=True)
            )
        elif said := _PROVIDES.search(sentence):
            found.append(Candidate(_R.provides, page, said.group(0), "sentence", strong=True))
    affirmative = [c for c in found if c.value is _R.provides]
    if affirmative and all(c.cue.startswith(("tick box", "question")) for c in found):
        # Either part answered "yes" (provides or uses) makes the representation `provides`.
        c = affirmative[0]
        r.put("representation", _R.provides, c.page, c.quote, Confidence.high)
        return
    r.decide("representation", found)


def _date(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    hint = doc_hint(pages)
    found = labelled_dates(lines, _DATE_LABEL, _ANY_LABEL, hint) + letter_dates(lines, hint)
    r.decide("date", found)


def extract_ndaa889(pages: Sequence[Page]) -> Extraction[Ndaa889Facts]:
    """Read a Section 889 representation (see the module docstring)."""
    r, lines = Reading(), page_lines(pages)
    r.decide("entity", _entities(pages, lines), key=name_key)
    _date(r, pages, lines)
    _representation(r, pages)
    clauses = sorted({m.group(0) for p in pages for m in _FAR.finditer(p.squashed)})
    first = next(((p, m.group(0)) for p in pages if (m := _FAR.search(p.squashed))), None)
    if first is not None:
        r.put("far_clauses", clauses, *first, Confidence.high)
    return r.extraction(Ndaa889Facts)
