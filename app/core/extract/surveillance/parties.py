"""Who wrote an audit letter and to whom (CONTRACT §2 `certification_body`, `holder`).

A letter names two organisations: its sender, the certification body (letterhead, signature
block, "for and on behalf of", footer, "property of", a "Certification body" label), and its
addressee, the certified organisation (the address block between the date and the
salutation, a "Client"/"Organisation" label, "audit of X's ISMS", "your certificate issued to
X"). Both are chosen among candidates; the sender's name is never offered as the addressee,
so a letterhead cannot be read as the certified organisation.
"""

import re
from collections.abc import Iterator, Sequence

from app.core.extract.certificate.parties import HOLDER_LABEL, cb_candidates
from app.core.extract.text import layout, orgs
from app.core.extract.text.candidates import Candidate, Choice
from app.core.extract.text.dates import find_dates
from app.core.extract.text.labels import CB_WORDS, lines
from app.core.extract.text.names import has_legal_form
from app.core.names import normalise
from app.core.pages import Page

F = re.IGNORECASE
_SALUTATION = re.compile(
    r"^(?:dear\b|sehr\s+geehrte|madame|monsieur|estimad[oa]s?|re\s*:|subject\s*:|betreff\s*:"
    r"|objet\s*:|asunto\s*:|ref(?:erence)?\s*:|attn\b|attention\b|to\s+whom)",
    F,
)
_LETTER_HOLDER = re.compile(
    rf"(?:audit\s+of|assessment\s+of|audited|certificate\s+(?:issued\s+)?to|for)\s+"
    rf"(?P<name>{orgs.CAPNAME})(?:['’]s?\s+(?:information|ai|privacy|isms|management|certif))",
    F,
)
_AUDIT_LABEL = re.compile(
    r"^(?:[-•*]\s*)?(?:client(?:\s+organi[sz]ation)?|auditee|organi[sz]ation(?:\s+audited)?"
    r"|company|customer|certificate\s+holder|kunde|unternehmen|client\s+name|to)\s*[:\-–]\s*",
    F,
)
_DATE_LINE = re.compile(r"^\W{0,3}(?:[A-ZÄÖÜ][\wäöü]+,\s*)?(?:den\s+)?\S.{0,40}$")


def _date_line(page_lines: list[str]) -> int | None:
    """The index of the letter's date line near the top (a short line that is a date)."""
    for i, line in enumerate(page_lines[:20]):
        found = find_dates(line)
        if found and len(line) <= len(found[0].raw) + 25 and _DATE_LINE.match(line):
            return i
    return None


def _addressee(pages: Sequence[Page]) -> Iterator[Candidate]:
    """Organisation names in the address block: after the date (or the letterhead) and before
    the salutation or subject line."""
    for page in pages[:1]:
        page_lines = lines(page)
        end = next((i for i, ln in enumerate(page_lines) if _SALUTATION.match(ln)), None)
        if end is None:
            continue
        start = _date_line(page_lines)
        # Without a date line, the block is the few lines above the salutation, below the
        # letterhead's first line.
        begin = start + 1 if start is not None and start < end else max(1, end - 6)
        for line in page_lines[begin:end]:
            c = orgs.candidate(line, page, line, "addressee", 2.5)
            if c is not None and (has_legal_form(c.value) or len(c.value.split()) >= 2):
                yield c


def _letterhead(pages: Sequence[Page]) -> Iterator[Candidate]:
    """The sender block: by layout, the running head and the names printed large at the top
    of the page; without layout, the lines above the date (or the first line)."""
    for page in pages[:1]:
        if page.layout:
            yield from orgs.in_band([page], "head", "letterhead", 2.0, fallback=0)
            for line in lines(page):
                found = layout.placed(page, line)
                if found and found.top < 0.2 and layout.prominence(page, line) >= 1.2:
                    c = orgs.candidate(line, page, line, "letterhead", 2.0)
                    if c is not None and (has_legal_form(c.value) or CB_WORDS.search(c.value)):
                        yield c
            continue
        page_lines = lines(page)
        top = _date_line(page_lines)
        for line in page_lines[: top if top is not None else 1][:4]:
            if ":" in line:
                continue  # a label ("Client: X") is no letterhead
            c = orgs.candidate(line, page, line, "letterhead", 2.0)
            if c is not None and (has_legal_form(c.value) or CB_WORDS.search(c.value)):
                yield c


def _sender_candidates(pages: Sequence[Page]) -> list[Candidate]:
    found = [c for c in cb_candidates(pages) if c.cue != "letterhead"]
    found += list(_letterhead(pages))
    return found


def _addressee_candidates(pages: Sequence[Page]) -> list[Candidate]:
    return [
        *orgs.labelled(pages, _AUDIT_LABEL, "label", 3.0),
        *orgs.labelled(pages, HOLDER_LABEL, "label", 3.0),
        *orgs.labelled(pages, orgs.GRID_LABEL, "label", 3.0),
        *_addressee(pages),
        *orgs.squashed_sentences(pages, _LETTER_HOLDER, "audit-of-sentence", 2.0),
        *(
            c
            for c in orgs.legal_names(pages[:1], "legal-name", 1.0)
            if not CB_WORDS.search(c.value)
        ),
    ]


def read_letter_parties(pages: Sequence[Page]) -> tuple[Choice, Choice]:
    """(certification body, holder) of an audit letter or report."""
    senders, addressees = _sender_candidates(pages), _addressee_candidates(pages)
    addressed = {c.key for c in addressees if c.cue == "label"}
    cb = orgs.choose_name(
        "certification_body", [c for c in senders if c.key not in addressed or c.weight >= 3]
    )
    sent = {c.key for c in senders if c.cue in ("letterhead", "signature", "footer")}
    if cb.value:
        sent.add(normalise(cb.value))
    holder = orgs.choose_name(
        "holder",
        [
            c
            for c in addressees
            if c.key not in sent and not any(orgs.related(c.key, s) for s in sent)
        ],
    )
    return cb, holder
