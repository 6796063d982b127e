"""Certificate scope text and site lists (CONTRACT.md §2, certificate `scope` and `sites`).

The scope is the whole text after a scope label (English first, then German/Turkish), up to
the next field, a cited SoA, a validity line, a certification body's name or an accreditation
mark; failing a label, the longest free-standing paragraph of activity text. Sites are the
lines listed under a "Sites"/"Locations" heading, often on an appendix page.
"""

import re
from collections.abc import Sequence

from app.core.accreditation.marks import MarkVocabulary, read_accreditation_marks
from app.core.extract.certificate.fields import FIELD_LABEL
from app.core.extract.text.labels import CB_WORDS, LEGAL_NAME_END, F, Found, clean_value, lines
from app.core.pages import Page

_SCOPE_LABEL = re.compile(
    r"^(?:[-•*]\s*)?(?:scope(?:\s+of\s+(?:certification|registration|activities|supply|the"
    r"\s+certificate|approval))?|for\s+the\s+(?:following\s+)?scope(?:\s+of\s+activit(?:y|ies))?"
    r"(?:\s+described\s+below)?|in\s+the\s+(?:following\s+)?scope\s+of|field\s+of\s+activity"
    r"|for\s+the\s+following\s+(?:activities|products(?:\s+and\s+services)?|services)"
    r"|this\s+(?:certificate|certification|registration)\s+(?:is\s+valid|applies)\s+(?:for|to)\s+"
    r"the\s+(?:following\s+)?scope(?:\s+of\s+activit(?:y|ies))?"
    r"|geltungsbereich|kapsam)\s*[:\-–]?\s*",
    F,
)
_FOREIGN_SCOPE = re.compile(r"^(?:geltungsbereich|kapsam)", F)
_SCOPE_STOP = re.compile(
    rf"^(?:{FIELD_LABEL.pattern})|^\(?\s*(?:SoA|statement\s+of\s+applicability)|^this\s+"
    r"certificate|^the\s+validity|^validity|^continued\s+validity|^date\b|^\d+(?:st|nd|rd|th)\s"
    r"|^(?:EN\s+)?ISO\b|^.*\baccredit|^(?:19|20)\d\d$"
    r"|^(?:in\s+accordance\s+with|according\s+to|as\s+per|with\s+reference\s+to|based\s+on"
    r"|subject\s+to)\b.{0,40}(?:SoA\b|statement\s+of\s+applicability)"
    r"|^(?:certificate\s+|certification\s+)?(?:period|term)\b"
    # A sentence naming the standard ends the scope ("... dass die Forderungen der ISO/IEC
    # 42001:2023 erfüllt sind"): scopes describe activities, not the standard.
    r"|^.*\b(?:ISO\s*/?\s*IEC|ISO)\s*(?:27001|42001|27701)",
    F,
)
_SITES_HEAD = re.compile(
    r"^(?:appendix\b.*|annex\b.*|schedule\b.*)?(?:certified\s+|covered\s+|additional\s+|"
    r"registered\s+)?(?:sites?|locations?|standorte|addresses\s+of\s+sites)(?:\s+covered)?"
    r"(?:\s+included)?\s*[:\-–]?\s*$",
    F,
)
BOILERPLATE_LINE = re.compile(
    r"certif|accredit|audit|\bvalid|property|verif|requirement|www\.|http|@|\d{5,}|\d{3}\s?\d{3}",
    F,
)


def find_scope(pages: Sequence[Page], marks: MarkVocabulary | None = None) -> Found | None:
    """The scope text, whole: after an English label, else a German/Turkish one, else the
    longest free-standing paragraph of activity text."""
    return (
        _labelled_scope(pages, foreign=False, marks=marks)
        or _labelled_scope(pages, foreign=True, marks=marks)
        or _scope_paragraph(pages)
    )


def _scope_paragraph(pages: Sequence[Page]) -> Found | None:
    best: tuple[int, Found] | None = None
    for page in pages:
        run: list[str] = []
        for line in [*lines(page), ""]:
            if (
                len(line) >= 40
                and not BOILERPLATE_LINE.search(line)
                and not FIELD_LABEL.match(line)
            ):
                run.append(line)
                continue
            text = " ".join(" ".join(run).split())
            if len(text) >= 150 and (best is None or len(text) > best[0]):
                best = (len(text), Found(text, page, "\n".join(run)))
            run = []
    return best[1] if best else None


def _signature_line(line: str, marks: MarkVocabulary | None) -> bool:
    """A certification body's name or an accreditation mark: the footer, never scope text.

    Without positions, a scope printed above the issuer's block runs straight into it.
    """
    if LEGAL_NAME_END.search(line) and CB_WORDS.search(line) and len(line.split()) <= 8:
        return True
    return bool(read_accreditation_marks(line, marks))


def _labelled_scope(
    pages: Sequence[Page], *, foreign: bool, marks: MarkVocabulary | None
) -> Found | None:
    for page in pages:
        page_lines = lines(page)
        for i, line in enumerate(page_lines):
            m = _SCOPE_LABEL.match(line)
            if (
                not m
                or bool(_FOREIGN_SCOPE.match(line)) != foreign
                or (line[m.end() :].strip() and FIELD_LABEL.match(line[m.end() :].strip()))
            ):
                continue
            block = [line[m.end() :]] if line[m.end() :].strip() else []
            for nxt in page_lines[i + 1 : i + 25]:
                if _SCOPE_STOP.match(nxt) or _SCOPE_LABEL.match(nxt) or _signature_line(nxt, marks):
                    break
                block.append(nxt)
            text = clean_value(" ".join(" ".join(block).split()))
            if len(text) >= 10:
                quote = "\n".join(block)
                return Found(text, page, quote)
    return None


def find_sites(pages: Sequence[Page]) -> list[Found]:
    """Site names/addresses listed under a "Sites"/"Locations" heading (often an appendix)."""
    out: list[Found] = []
    for page in pages:
        page_lines = lines(page)
        for i, line in enumerate(page_lines):
            if not _SITES_HEAD.match(line):
                continue
            for nxt in page_lines[i + 1 : i + 40]:
                item = clean_value(re.sub(r"^(?:[-•*]|\d{1,2}[.)])\s+", "", nxt))
                if (_SCOPE_STOP.match(nxt) and not re.match(r"^[-•*\d]", nxt)) or len(item) < 4:
                    break
                if re.search(r"page\s+\d", item, F):
                    break
                out.append(Found(item, page, nxt))
    return out
