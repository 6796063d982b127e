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
from app.core.extract.text import layout
from app.core.extract.text.dates import DATE_RE
from app.core.extract.text.labels import CB_WORDS, LEGAL_NAME_END, F, Found, clean_value, lines
from app.core.extract.text.names import is_address
from app.core.facts import Confidence
from app.core.pages import Page

_SCOPE_LABEL = re.compile(
    r"^(?:[-•*]\s*)?(?:scope(?:\s+of\s+(?:certification|registration|activities|supply|the"
    r"\s+certificate|approval|the\s+(?:management\s+system|isms|certification|registration)))?|(?:certified|registered|covered)\s+activities|activities\s+covered"
    r"|field\s+of\s+certification|for\s+the\s+(?:following\s+)?scope(?:\s+of\s+(?:activit(?:y|ies)"
    r"|registration|certification|approval))?"
    r"(?:\s+described\s+below)?|in\s+the\s+(?:following\s+)?scope\s+of|field\s+of\s+activity"
    r"|for\s+the\s+following\s+(?:activities|products(?:\s+and\s+services)?|services)"
    r"|this\s+(?:certificate|certification|registration)\s+(?:is\s+valid|applies)\s+(?:for|to)\s+"
    r"the\s+(?:following\s+)?scope(?:\s+of\s+activit(?:y|ies))?"
    r"|geltungsbereich|kapsam|domaine\s+d['’]application|champ\s+d['’]application|p[ée]rim[èe]tre"
    r"|alcance|ámbito(?:\s+de\s+aplicación)?|campo\s+di\s+applicazione|scopo(?:\s+di\s+certificazione)?"
    r"|oggetto\s+della\s+certificazione|toepassingsgebied|reikwijdte|[âa]mbito(?:\s+de\s+aplicação)?"
    r"|escopo|omfattning|omfang|zakres(?:\s+certyfikacji)?|適用範囲|登録範囲|認証範囲|審査登録範囲)"
    r"\s*[:\-–：]?\s*",
    F,
)
_FOREIGN_SCOPE = re.compile(
    r"^(?:geltungsbereich|kapsam|domaine|champ|p[ée]rim|alcance|[áâa]mbito|campo|scopo|oggetto"
    r"|toepassingsgebied|reikwijdte|escopo|omfattning|omfang|zakres|適用範囲|登録範囲|認証範囲"
    r"|審査登録範囲)",
    F,
)
_SCOPE_STOP = re.compile(
    rf"^(?:{FIELD_LABEL.pattern})|^\(?\s*(?:SoA|statement\s+of\s+applicability)|^this\s+"
    r"certificate|^the\s+validity|^validity|^continued\s+validity|^date\b|^\d+(?:st|nd|rd|th)\s"
    r"|^(?:EN\s+)?ISO\b|^.*\baccredit|^(?:19|20)\d\d$"
    r"|^(?:in\s+accordance\s+with|according\s+to|as\s+per|with\s+reference\s+to|based\s+on"
    r"|subject\s+to)\b.{0,40}(?:SoA\b|statement\s+of\s+applicability)"
    r"|^(?:certificate\s+|certification\s+)?(?:period|term)\b"
    # "This certificate ..." in other languages, and a line that states a validity with a year.
    r"|^(?:il\s+presente|questo)\s+certificato|^dieses\s+zertifikat|^ce\s+certificat|^este\s+"
    r"certificado|^dit\s+certificaat|^detta\s+certifikat|^dette\s+[cs]ertifikat"
    r"|^.*\b(?:valid(?:ity)?|valid[oa]|gültig|valable|válido|geldig|giltigt?|gyldig)\b.*(?:19|20)\d\d"
    # A sentence naming the standard ends the scope ("... dass die Forderungen der ISO/IEC
    # 42001:2023 erfüllt sind"): scopes describe activities, not the standard.
    r"|^.*\b(?:ISO\s*/?\s*IEC|ISO)\s*(?:27001|42001|27701)",
    F,
)
# What ends a scope even inside a sentence: a cited SoA, a mark, the standard, a validity.
_STRONG_STOP = re.compile(_SCOPE_STOP.pattern.removeprefix(rf"^(?:{FIELD_LABEL.pattern})|"), F)
# A label that ends its line, the scope following: "... ISO/IEC 27001:2022 for the following
# scope:", "für folgenden Geltungsbereich:".
_TRAILING_LABEL = re.compile(
    r"(?:for\s+the\s+(?:following\s+)?scope(?:\s+of\s+(?:activit(?:y|ies)|supply|services))?"
    r"|(?:in\s+)?(?:the\s+)?(?:following\s+)?(?:field|scope)s?\s+of\s+(?:activit(?:y|ies)|application)"
    r"|for\s+the\s+following\s+(?:activities|products(?:\s+and\s+services)?|services)"
    r"|in\s+respect\s+of(?:\s+the\s+following)?|applicable\s+to|covering"
    r"|für\s+(?:den\s+)?folgenden\s+geltungsbereich|pour\s+le\s+(?:domaine|périmètre)\s+suivant"
    r"|para\s+el\s+(?:siguiente\s+)?alcance|per\s+il\s+seguente\s+campo\s+di\s+applicazione"
    r"|per\s+le\s+seguenti\s+attività|voor\s+(?:het\s+volgende\s+toepassingsgebied|de\s+volgende"
    r"\s+activiteiten)|para\s+o\s+seguinte\s+(?:âmbito|escopo))\s*:?\s*$",
    F,
)
_SITES_HEAD = re.compile(
    r"^(?:appendix\b.*|annex\b.*|schedule\b.*)?(?:certified\s+|covered\s+|additional\s+|"
    r"registered\s+)?(?:sites?(?:\s*\(s\))?|locations?(?:\s*\(s\))?|standorte?|addresses\s+of\s+sites"
    r"|sedi|locaties|vestigingen|locais|instalaciones|emplacements|sites\s+certifi[ée]s)(?:\s+covered)?"
    r"(?:\s+included)?\s*[:\-–]?\s*$",
    F,
)
BOILERPLATE_LINE = re.compile(
    r"certif|accredit|audit|\bvalid|property|verif|requirement|www\.|http|@|\d{5,}|\d{3}\s?\d{3}",
    F,
)


def find_scope(
    pages: Sequence[Page], marks: MarkVocabulary | None = None
) -> tuple[Found, Confidence] | None:
    """The scope text, whole: after an English label (on its line, or ending the line before
    it: "... for the following scope:"), else after a label in another language, else the
    longest free-standing paragraph of activity text (a weak cue: low confidence)."""
    for foreign in (False, True):
        if found := _labelled_scope(pages, foreign=foreign, marks=marks):
            return found, Confidence.high
    if found := _trailing_label_scope(pages, marks):
        return found, Confidence.high
    if found := _scope_paragraph(pages):
        return found, Confidence.low
    return None


def _ends_scope(
    page: Page, line: str, marks: MarkVocabulary | None, *, fields: bool = True
) -> bool:
    """A line that cannot continue a scope: the next field, a date, the issuer's block or an
    accreditation mark, an address, the page footer. With `fields=False` (a line that carries
    on an unfinished sentence) a field's word at its start does not end the scope; the rest
    still does."""
    dated_label = len(line.split()) <= 12 and bool(DATE_RE.search(line))
    stop = _SCOPE_STOP if fields else _STRONG_STOP
    return bool(
        dated_label
        or (fields and _label_row(line))
        or stop.match(line)
        or (fields and _SCOPE_LABEL.match(line))
        or _signature_line(line, marks)
        or is_address(line)
        or layout.band(page, line) == "foot"
    )


_LABEL_WORDS = re.compile(
    r"certificate|certification|reference|registration|number|no\.|current|expiry|expiration"
    r"|issue[d]?|date|valid(?:ity)?|until|from|original|initial|decision|standard|accreditation"
    r"|site[s]?|address|of|the",
    F,
)


def _label_row(line: str) -> bool:
    """A row of column labels ("Certificate reference  Current certificate  Certificate
    expiry"): nothing but label words."""
    words = re.findall(r"[^\W\d_]+|\d+", line)
    return len(words) >= 3 and all(_LABEL_WORDS.fullmatch(w) for w in words)


def continues(block: list[str], line: str) -> bool:
    """True when `line` carries on the sentence of the block's last line: it starts in lower
    case after a line that did not end its sentence ("... the internal\nlocations in Leeds").
    Such a line is never the next field, whatever word it starts with."""
    return (
        bool(block)
        and line[:1].islower()
        and not block[-1].rstrip().endswith((".", ":", ";", "!", "?"))
    )


def _block(page: Page, following: list[str], marks: MarkVocabulary | None) -> list[str]:
    block: list[str] = []
    for nxt in following:
        if continues(block, nxt) and not _ends_scope(page, nxt, marks, fields=False):
            block.append(nxt)
            continue
        if _ends_scope(page, nxt, marks):
            break
        block.append(nxt)
    return block


def _trailing_label_scope(pages: Sequence[Page], marks: MarkVocabulary | None) -> Found | None:
    for page in pages:
        page_lines = lines(page)
        for i, line in enumerate(page_lines):
            # OCR scatters stray dots and commas ("for the following. scope:").
            if not _TRAILING_LABEL.search(re.sub(r"(?<=\w)[.,](?=\s)", "", line)):
                continue
            block = _block(page, page_lines[i + 1 : i + 25], marks)
            text = clean_value(" ".join(" ".join(block).split()))
            if len(text) >= 10:
                return Found(text, page, "\n".join(block))
    return None


def _scope_paragraph(pages: Sequence[Page]) -> Found | None:
    best: tuple[int, Found] | None = None
    for page in pages:
        run: list[str] = []
        for line in [*lines(page), ""]:
            if (
                len(line) >= 40
                and not BOILERPLATE_LINE.search(line)
                and not FIELD_LABEL.match(line)
                and not is_address(line)
                and layout.band(page, line) in (None, "body")
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
            block += _block(page, page_lines[i + 1 : i + 25], marks)
            text = clean_value(" ".join(" ".join(block).split()))
            if len(text) >= 10:
                quote = "\n".join(block)
                return Found(text, page, quote)
    return None


_SITES_TABLE_HEAD = re.compile(
    r"^(?:(?:no\.?|nr\.?|#|item)\s+)?(?:site|address|location|name|standort|adresse)s?"
    r"(?:\s+(?:name|address|location|adresse|activities|activity|scope))*\s*$",
    F,
)


def _furniture(pages: Sequence[Page]) -> set[str]:
    """Lines printed on more than one page: running heads and footers, no site."""
    seen: dict[str, int] = {}
    for page in pages:
        for line in set(lines(page)):
            seen[line] = seen.get(line, 0) + 1
    return {line for line, n in seen.items() if n > 1} if len(pages) > 1 else set()


def _numbered(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """A list numbered 1, 2, 3 ("1 88 Argyle Street") loses its numbers; an address that
    starts with a house number ("88 Argyle Street") keeps it."""
    marks = [re.match(r"^(\d{1,2})[.)]?\s+", item) for item, _ in items]
    if items and all(m and int(m.group(1)) == i for i, m in enumerate(marks, start=1)):
        return [(item[m.end() :], raw) for (item, raw), m in zip(items, marks, strict=True) if m]
    return items


def find_sites(pages: Sequence[Page]) -> list[Found]:
    """Site names/addresses listed under a "Sites"/"Locations" heading (often an appendix)."""
    out: list[Found] = []
    furniture = _furniture(pages)
    for page in pages:
        page_lines = lines(page)
        for i, line in enumerate(page_lines):
            if not _SITES_HEAD.match(line):
                continue
            items: list[tuple[str, str]] = []
            for nxt in page_lines[i + 1 : i + 40]:
                if not items and _SITES_TABLE_HEAD.match(nxt):
                    continue  # the list's column headings ("No.  Address")
                item = clean_value(re.sub(r"^(?:[-•*]|\d{1,2}[.)](?=\s))\s*", "", nxt))
                if (_SCOPE_STOP.match(nxt) and not re.match(r"^[-•*\d]", nxt)) or len(item) < 4:
                    break
                if re.search(r"page\s+\d", item, F) or nxt in furniture:
                    break
                if page.layout and layout.band(page, nxt) == "foot":
                    break
                items.append((item, nxt))
            out.extend(Found(item, page, raw) for item, raw in _numbered(items))
    return out
