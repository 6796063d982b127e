"""Certificate text fields: standard, number, holder, bodies, SoA reference, validity period.

CONTRACT.md §2 (certificates). Each finder returns a `Found` (value + verbatim quote) or None.
Finders try labels first, then sentences ("This is to certify that X", "assessed by Y"), then
the shape of the text (a line ending in a legal form), so unseen layouts still yield facts.
"""

import re
from collections.abc import Sequence
from itertools import pairwise

from app.core.extract.text.dates import DATE_RE
from app.core.extract.text.labels import (
    CB_WORDS,
    LEGAL_NAME_END,
    LEGAL_SUFFIX,
    F,
    Found,
    clean_value,
    labelled,
    legal_name_lines,
    lines,
    looks_like_name,
)
from app.core.pages import Page

_STD = re.compile(
    r"(?P<iso>(?:EN\s+)?ISO\s*/?\s*(?:IEC\s*)?)?(?P<num>27001|42001|27701)"
    r"(?:\s*[:/]\s*(?P<year>(?:19|20)\d{2}))?",
    F,
)
# Any field label: used to cut same-line values in two-column layouts and to end blocks.
FIELD_LABEL = re.compile(
    r"(?:certificate|cert\.?|registration|reg\.?|zertifikat|sertifika|certificat[oe]?|certificaat"
    r"|[cs]ertifikat|certyfikat|certificado)[-\s]*(?:reg\w*\.?[-\s]*)?"
    r"(?:no\.?|n[°º]?\.(?=[\s:])|number|nr\.?|#|numaras[ıi]|nummer|numero|número|id\b)"
    r"|issue\s*date|date\s+of|expiry|expiration|valid"
    r"|gültig|original|initial|certified\s+since|first\s+(?:certified|issued)|decision"
    r"|scope\b|geltungsbereich|kapsam|sites?\b|locations?\b|standorte|address|adresse"
    r"|num[ée]ro|n[uú]mero|date\s+d['’]|valable|domaine\s+d|champ\s+d|fecha|válido|alcance|ámbito"
    r"|certification\s+body|accreditation|standard\b|registration\s+date|tescil|surveillance"
    r"|data\s+d[ie]|scadenza|geldig|datum|vervaldatum|uitgegeven|emitido|emesso|rilasciato"
    r"|certificaatnummer|登録|認証|有効|発行|初回",
    F,
)
_NUMBER_LABEL = re.compile(
    # OCR scatters a bar or quote before a line and reads "No." as "N0." or "Nº".
    r"^(?:[-•*|'‘’\"“]\s*)?(?:(?:certificate|cert\.?|registration|reg\.?|zertifikat(?:s)?|sertifika|"
    r"certification|certificat[oe]?|certificado|certificaat|[cs]ertifikat|certyfikat|registratie"
    r"|registro|registrazione)[-\s]*"
    r"(?:reg(?:istrier)?(?:ation)?\.?[-\s]*)?(?:n[o0]\.?|n\.(?=[\s:])|number|nummer|numero|nr\.?"
    r"|nr\.?|#|id|numaras[ıi]|nummer|ref(?:erence)?\.?|n[°º]\.?|n\.º)"
    r"|(?:num[ée]ro|n[°º]|nº)\s+(?:de\s+|du\s+)?(?:certificat|certificado|registro|enregistrement)"
    r"|número\s+de\s+(?:certificado|registro)|numero\s+(?:di\s+|del\s+)?(?:certificato|registrazione)"
    r"|(?:登録|認証|証明書)番号)"
    r"(?:\s*/\s*certificate\s+(?:no\.?|number))?\s*[:.]?\s*",
    F,
)
_NUMBER_SENTENCE = re.compile(
    r"(?:cert\.?\s*reg\.?\s*no\.?|registration\s+(?:no\.?|number)|certificate\s+(?:number|no\.?|#)?)\s*:?\s*(?P<value>(?-i:(?=[A-Z0-9/.\- ]*\d)(?=[A-Z0-9/.\-]*[A-Z\-])"
    r"[A-Z0-9][A-Z0-9/\-.]{1,30}(?: \d[\d/\-]{2,20})?))",
    F,
)
# "Betreff: Überwachungsaudit, Zertifikat-Nr. 44 121 250017": a number label mid-line; digits
# alone are a number here only when there are enough of them not to be a year or a count.
_NUMBER_INLINE = re.compile(
    r"(?:zertifikat(?:s)?[-\s]*(?:registrier)?[-\s]*(?:nr|nummer)\.?|sertifika\s+no\.?"
    r"|certificate\s+(?:no\.|number|#))\s*:?\s*(?P<value>(?-i:[A-Z]{1,5}[ \-]?)?\d+(?:[ /\-]\d+){0,5}"
    r"(?: (?-i:[A-Z]{2,5})(?![\w/-]))?)(?!\.?\d|[\w/-])",
    F,
)
_HOLDER_LABEL = re.compile(
    r"^(?:(?:certified\s+(?:organi[sz]ation|company|entity)|certificate\s+holder|name\s+of\s+"
    r"(?:the\s+)?(?:organi[sz]ation|company|client)|registered\s+(?:organi[sz]ation|company)"
    r"|zertifikatsinhaber)\s*[:\-–]?\s*|(?:organi[sz]ation(?:\s+name)?|company(?:\s+name)?"
    r"|client|holder|legal\s+entity|unternehmen|firma|kuruluş)\s*(?::\s*|$))",
    F,
)
_CERTIFY_THAT = re.compile(
    r"(?:this\s+is\s+to\s+certify\s+that|hereby\s+certif(?:y|ies)\s+that|certif(?:y|ies)\s+that"
    r"|we\s+certify\s+that|bescheinigt(?:,)?\s+dass|hiermit\s+wird\s+bescheinigt,?\s+dass)"
    r"(?:\s+the\s+(?:information\s+security\s+)?management\s+system\s+of)?"
    r"(?:\s+(?:das|die|the)\s+(?:Unternehmen|Organisation|Firma|organi[sz]ation|company))?",
    F,
)
_CB_LABEL = re.compile(
    r"^(?:certification\s+body|certifying\s+body|issued\s+by|certified\s+by|certification\s+"
    r"issued\s+by|registrar|zertifizierungsstelle|belgelendirme\s+kuruluşu"
    r"|(?:for\s+(?:and\s+on\s+behalf\s+of\s+)?)?the\s+issuing\s+office|on\s+behalf\s+of)\s*[:\-–]?\s*",
    F,
)
_CB_NAME = re.compile(
    rf"(?P<value>(?-i:(?:[A-Z][A-Za-zÀ-ž&'.-]*[ \t]+){{0,5}})(?:certification|certificación"
    rf"|zertifizierung|belgelendirme|conformity[ \t]+assessment[ \t]+cent(?:er|re)|assurance"
    rf"|registrar|assessment[ \t]+services)\b(?-i:(?:[ \t]+[A-Z][A-Za-zÀ-ž&'.-]*){{0,3}})"
    rf"(?:,?[ \t]+{LEGAL_SUFFIX})?)(?=[\s,.;)\"”(]|$)",
    F,
)
_GENERIC_CB = re.compile(
    r"^(?:head|manager|director|body|scheme|office|board|programme|program|initial|original"
    r"|first|date|valid|validity|expiry|next|last|current|scope|re-?certification|surveillance)\b"
    r"|\b(?:manager|director|body|scheme|officer|department|team|decision|date|audit)$",
    F,
)
_BY_CB = re.compile(
    r"(?:assessed|approved|audited|issued|performed|certified)\s+by\s+(?P<value>[A-Z][\w&.-]+)", F
)
_SOA_REF = re.compile(
    r"(?P<value>(?:statement\s+of\s+applicability|\bSoA\b)[\s:,\-–]*(?:\(?\s*(?:version|ver\.?"
    r"|v\.?\s?\d|rev\.?|revision|issue|dated|date|no\.?|ref\.?|\d))[^\n;)]{0,60})",
    F,
)
_VALIDITY_YEARS = re.compile(
    r"(?:period|validity|gültigkeit(?:sdauer)?|periyodu)\s*[^\w\s]?\s*(?P<value>\d{1,2})\s*"
    r"(?:years?|yil|yıl|jahre)|valid\s+for\s+(?:a\s+period\s+of\s+)?(?P<value2>\d|one|two|three)\s+years?",
    F,
)
_WORD_NUM = {"one": 1, "two": 2, "three": 3}


def find_standard(pages: Sequence[Page], number: str) -> tuple[Found | None, Found | None]:
    """The standard ("ISO/IEC 27001") and its edition year, from the first reference to it."""
    std: Found | None = None
    for page in pages:
        for m in _STD.finditer(page.squashed):
            if m["num"] != number:
                continue
            if std is None:
                std = Found(f"ISO/IEC {number}", page, m.group(0))
            if m["year"]:
                year = "2013" if m["year"] == "2017" and "EN" in m.group(0).upper() else m["year"]
                return std, Found(year, page, m.group(0))
    return std, None


def find_number(pages: Sequence[Page]) -> Found | None:
    """The certificate number: after a number label, else in a sentence."""
    for found in labelled(pages, _NUMBER_LABEL, stop=FIELD_LABEL):
        value = _number_tokens(found.value.split("  ")[0])
        if any(c.isdigit() for c in value) and len(value) <= 40 and "/" not in value[:1]:
            return Found(clean_value(value), found.page, found.quote)
    if row := _number_under_label_row(pages):
        return row
    for page in pages:
        if m := _NUMBER_INLINE.search(page.squashed):
            return Found(m["value"].strip(), page, m.group(0))
    for page in pages:
        if m := _NUMBER_SENTENCE.search(page.squashed):
            # A number ending a sentence ("... number QDS-30117.") keeps no full stop.
            return Found(clean_value(m["value"]).rstrip(".-/"), page, m.group(0))
    return None


def _number_tokens(value: str) -> str:
    """The number without the words printed after it on its line ("2026 issued by ...")."""
    kept: list[str] = []
    for token in value.split():
        if re.search(r"[a-zäöüßçğış]{2,}", token) and kept:
            break
        kept.append(token)
    return " ".join(kept)


def _number_under_label_row(pages: Sequence[Page]) -> Found | None:
    """A table whose first header is the number label: "Certificate No. First issue Expiry"
    over "HF 22-118 02.03.2020 01.03.2029"; the number is what precedes the row's first date."""
    for page in pages:
        page_lines = lines(page)
        for line, nxt in pairwise(page_lines):
            m = _NUMBER_LABEL.match(line)
            rest = line[m.end() :] if m else ""
            if not m or any(c.isdigit() for c in rest) or not FIELD_LABEL.search(rest):
                continue
            first_date = DATE_RE.search(nxt)
            value = clean_value(nxt[: first_date.start()] if first_date else "")
            if any(c.isdigit() for c in value) and len(value) <= 40:
                return Found(value, page, f"{line}\n{nxt}")
    return None


def _certify_holder(page: Page) -> Found | None:
    page_lines = lines(page)
    for i, line in enumerate(page_lines):
        m = _CERTIFY_THAT.search(line)
        if not m:
            continue
        rest = clean_value(line[m.end() :])
        rest = re.split(
            r"\s+(?:has|have|is|operates|located|for|with)\b", rest, maxsplit=1, flags=F
        )[0]
        # "Portwell Digital B.V., Amsterdam, The Netherlands": the name ends at its legal form.
        if named := re.match(rf"^(.*?\s{LEGAL_SUFFIX})(?=,)", rest, F):
            rest = named.group(1)
        rest = rest.rstrip(" ,")
        if looks_like_name(rest):
            return Found(rest, page, line)
        if not rest and i + 1 < len(page_lines) and looks_like_name(page_lines[i + 1]):
            return Found(clean_value(page_lines[i + 1]), page, f"{line}\n{page_lines[i + 1]}")
    return None


def find_holder(pages: Sequence[Page], cb: str | None) -> Found | None:
    """The certified organisation: label, "certify that X", then the first legal name."""
    for found in labelled(pages, _HOLDER_LABEL, stop=FIELD_LABEL):
        if looks_like_name(found.value):
            return found
    for page in pages:
        if sentence := _certify_holder(page):
            return sentence
    for page in pages:
        for name, quote in legal_name_lines(page):
            if CB_WORDS.search(name) or (cb and name.lower() in cb.lower()):
                continue
            return Found(name, page, quote)
    return None


def _cb_rank(name: Found, names: list[Found]) -> tuple[bool, int, int]:
    """Prefer a legal name, then the most often printed, then the first printed."""
    legal = bool(re.search(rf"{LEGAL_SUFFIX}$", name.value, F))
    key = name.value.lower()
    return legal, sum(n.value.lower() == key for n in names), -names.index(name)


def _trim_name(raw: str) -> str:
    """Fold whitespace and drop trailing punctuation, but keep the last dot of a dotted legal
    form ("d.o.o.", "A.Ş.", "B.V."): without it the name is no longer as printed."""
    name = " ".join(raw.split()).strip(" ,")
    last = name.split()[-1] if name else ""
    if name.endswith(".") and not (last.count(".") >= 2 and re.match(LEGAL_SUFFIX, last, F)):
        name = name.rstrip(".")
    return name.lstrip(".")


_CERTIFIES = re.compile(
    r"^(?:(?:die|the)\s+(?:zertifizierungsstelle|certification\s+body)\s+(?:der|des|of)\s+)?"
    r"(?P<value>.*?)[\s,]*(?:(?:hereby\s+)?certif(?:y|ies)\s+that|bescheinigt(?:\s+hiermit)?,?"
    r"\s+dass)\b",
    F,
)


def _certifier(pages: Sequence[Page]) -> Found | None:
    """The body that "certifies that": "Schellman & Company, LLC\nhereby certifies that"."""
    for page in pages:
        page_lines = lines(page)
        for i, line in enumerate(page_lines):
            if not (m := _CERTIFIES.match(line)):
                continue
            quote = line
            name = clean_value(m["value"])
            if not name and i > 0:
                name, quote = clean_value(page_lines[i - 1]), f"{page_lines[i - 1]}\n{line}"
            if looks_like_name(name) and not re.match(r"(?:this|we|it|i|he|she)\b", name, F):
                return Found(name, page, quote)
    return None


def find_certification_body(pages: Sequence[Page]) -> Found | None:
    """The certification body as printed: label, then a certification-body name, then "by X"."""
    for found in labelled(pages, _CB_LABEL, stop=FIELD_LABEL):
        value = found.value
        if m := re.match(rf"^(.*?\s{LEGAL_SUFFIX})(?=,|\s|$)", value, F):
            value = m.group(1)  # the name, not the address printed after it
        if looks_like_name(value) and (CB_WORDS.search(value) or LEGAL_NAME_END.search(value)):
            return Found(value, found.page, found.quote)
    names: list[Found] = []
    for page in pages:
        for m in _CB_NAME.finditer(page.text):
            name = _trim_name(m["value"])
            # "Inc.'s certification" is the tail of another sentence, not a body's name.
            if (
                len(name.split()) >= 2
                and not re.match(r"(?:the|this|of|head|for|and|by)\b", name, F)
                and not re.match(rf"{LEGAL_SUFFIX}(?:'s|’s|\s)", name)
            ):
                names.append(Found(name, page, m["value"]))
    names = [n for n in names if not _GENERIC_CB.search(n.value)]
    if names:
        return max(names, key=lambda n: _cb_rank(n, names))
    if certifier := _certifier(pages):
        return certifier
    for page in pages:
        if m := _BY_CB.search(page.squashed):
            return Found(m["value"], page, m.group(0))
    return None


def find_soa_reference(pages: Sequence[Page]) -> Found | None:
    """The Statement of Applicability the certificate cites, as printed."""
    for page in pages:
        if m := _SOA_REF.search(page.text):
            value = " ".join(m["value"].split()).strip(" .,(")
            return Found(value, page, m["value"])
    return None


def find_validity_years(pages: Sequence[Page]) -> Found | None:
    """A printed certificate period ("Certificate Period: 3 Years")."""
    for page in pages:
        if m := _VALIDITY_YEARS.search(page.squashed):
            raw = m["value"] or m["value2"]
            years = int(raw) if raw.isdigit() else _WORD_NUM[raw.lower()]
            return Found(str(years), page, m.group(0))
    return None
