"""Label vocabularies and text helpers shared by the certificate and letter extractors.

CONTRACT.md §2 facts are printed under many labels ("Certificate No", "Registration number",
"Cert. Reg. No.", "Zertifikat-Nr."), in sentences, or in two-column tables. These helpers find
a labelled value on a line (or the next line when the label stands alone), recognise
organisation names by their legal form, and tell names from boilerplate. Pure text in, text out.
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from app.core.pages import Page

F = re.IGNORECASE

LEGAL_SUFFIX = (
    r"(?:Ltd\.?|Limited|LLP|L\.L\.P\.|LLC|L\.L\.C\.|Inc\.?|Incorporated|Corp\.?|Corporation"
    r"|PLC|plc|GmbH(?:\s*&\s*Co\.?\s*KG)?|AG|KG|SE|S\.?A\.?S?\.?|S\.?p\.?A\.?|S\.?r\.?l\.?|B\.?V\.?"
    r"|N\.?V\.?|d\.o\.o\.|Pty\.?(?:\s+Ltd\.?)?|Pvt\.?(?:\s+Ltd\.?)?|Private\s+Limited|A\.\s?[ŞS]\.?"
    r"|AŞ|Şirketi|ŞİRKETİ|SIRKETI|Sirketi|Oy|AB|AS|ApS|K\.K\.|Co\.,?\s+Ltd\.?|Company"
    r"|S\.L\.U?\.?|SL|SLU|SARL|S\.à\s?r\.l\.|Ltda\.?|Lda\.?|KGaA|e\.V\.|Sp\.\s?z\s?o\.o\.|s\.r\.o\."
    r"|Kft\.?|OÜ|Pte\.?\s+Ltd\.?|Sdn\.?\s+Bhd\.?|L\.P\.|LP|P\.C\.|PC|PLLC|CPAs?|&\s*Co\.?)"
)
LEGAL_NAME_END = re.compile(rf"(?:^|[\s,]){LEGAL_SUFFIX}\s*[.,]?\s*$", F)
CB_WORDS = re.compile(
    r"certification|certificación|certificazion[ei]|certificering|certificação|certificacao|zertifizierung|belgelendirme|conformity"
    r"|assessment|assurance|registrar|inspection|certify|\bcert\b|\biso\b|quality|standards"
    r"|lrqa|bsi\b|dnv|tüv|tuv|bureau\s+veritas|sgs\b|intertek|dekra|kiwa|schellman|a-lign",
    F,
)
BOILERPLATE = re.compile(
    r"certif(?:y|ies|icate)|accredit|akkredit|\baudit|\bvalid|property|verif|scope|standard"
    r"|management\s+system|requirement|iso\s*/?\s*iec|\bISO\b|www\.|http|@|page\s+\d|signature"
    r"|signatory|director|manager|head\s+of|zertifik|sertifika|\bdate\b|\bdatum\b",
    F,
)


@dataclass(frozen=True)
class Found:
    """A value found on a page with the verbatim text that supports it."""

    value: str
    page: Page
    quote: str


def lines(page: Page) -> list[str]:
    """The page's lines, stripped, without empty ones."""
    return [ln.strip() for ln in page.text.splitlines() if ln.strip()]


def clean_value(raw: str) -> str:
    """Trim separators, quotes and stray punctuation around a labelled value."""
    return raw.strip().strip(":;-–—|\"'“”‘’ \t").strip()


def labelled(
    pages: Sequence[Page], label: re.Pattern[str], *, stop: re.Pattern[str] | None = None
) -> Iterator[Found]:
    """Values printed after `label` on the same line, or on the next line if the label ends it.

    `label` must match at the start of a line (after optional bullets). A same-line value is
    cut at the next label of another fact (`stop`) or a run of 3+ spaces (two-column layouts).
    """
    for page in pages:
        page_lines = lines(page)
        for i, line in enumerate(page_lines):
            m = label.match(line)
            if not m:
                continue
            rest = line[m.end() :]
            rest = re.split(r"\s{3,}", rest.strip(" :\t"), maxsplit=1)[0] if rest.strip() else ""
            if stop is not None and (s := stop.search(rest)) and s.start() > 0:
                rest = rest[: s.start()]
            value = clean_value(rest)
            quote = line
            if not value and i + 1 < len(page_lines):
                nxt = page_lines[i + 1]
                if stop is None or not stop.match(nxt):
                    value, quote = clean_value(nxt), f"{line}\n{nxt}"
            if value:
                yield Found(value, page, quote if value in quote else line)


def looks_like_name(text: str) -> bool:
    """A plausible organisation name: mostly letters, 1-14 words, not boilerplate."""
    words = text.split()
    if not 1 <= len(words) <= 14 or len(text) < 3:
        return False
    letters = sum(c.isalpha() for c in text)
    if letters < 0.6 * len(text.replace(" ", "")):
        return False
    if BOILERPLATE.search(text) and not LEGAL_NAME_END.search(text):
        return False
    if any(len(re.findall(r"[a-z][A-Z]", w)) >= 2 for w in words):
        return False  # OCR noise such as "YQoQoQat"
    # "A-LIGN" is a name, "A company" is not: the article must stand alone.
    return not re.match(
        r"(?:the|a|an|our|your|its|above|below|has|have|is|and|this|these|we)(?:\s|$)", text, F
    )


def mostly_upper(text: str) -> bool:
    """True when at least 80% of the letters are capitals (OCR may lower a stray "i")."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def legal_name_lines(page: Page) -> Iterator[tuple[str, str]]:
    """Organisation names ending in a legal form, joined with the upper-case lines above them.

    Yields (name, verbatim quote). Scanned certificates print long names over several
    upper-case lines ("MC SISTEM ELEKTRONIK / ... / SANAYI VE TICARET A.S.").
    """
    page_lines = lines(page)
    for i, line in enumerate(page_lines):
        if not LEGAL_NAME_END.search(line) or not looks_like_name(line):
            continue
        start = i
        while (
            start > 0
            and mostly_upper(line)
            and mostly_upper(page_lines[start - 1])
            and looks_like_name(page_lines[start - 1])
            and not any(ch.isdigit() for ch in page_lines[start - 1])
            and i - start < 3
        ):
            start -= 1
        quote = "\n".join(page_lines[start : i + 1])
        yield " ".join(quote.split()), quote


def first_sentence_value(text: str, pattern: re.Pattern[str]) -> tuple[str, str] | None:
    """The first `value` group of `pattern` in `text`, with the whole match as the quote."""
    m = pattern.search(text)
    if not m:
        return None
    return clean_value(m.group("value")), m.group(0)
