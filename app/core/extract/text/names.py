"""Organisation names as candidates: cleaned of what surrounds them on the page (STYLE rule 14).

A name found by a cue rarely stands alone on its line. Before candidates are compared, each
is cleaned of: a logo wordmark glued in front ("LRQA LRQA Limited", "bsi. BSI Assurance UK
Ltd", "NQA National Quality Assurance Limited"); a classification label beside it ("Holder
Ltd    Internal"); a sentence-initial word ("This", "We"); a signature title ("Authorised
signatory, Coalfire ISO, Inc." keeps the body; "Director, ISO Certification Services" is a
title and a department, no name at all); an address after the legal form; page furniture
("page 1/2"); a label the cue did not strip ("Client organisation X"). Legal forms are kept:
they are part of the name as printed ("Linford & Company LLP").
"""

import re

from app.core.extract.text.labels import LEGAL_NAME_END, LEGAL_SUFFIX
from app.core.names import GENERIC_WORDS, name_tokens

F = re.IGNORECASE
CLASSIFICATION = (
    r"(?:(?:strictly\s+|company\s+|highly\s+)?confidential|internal(?:\s+use(?:\s+only)?)?"
    r"|public|restricted|proprietary(?:\s+(?:and|&)\s+confidential)?|unclassified"
    r"|(?:classification|tlp)\s*:\s*[\w-]+)"
)
_CLASS_TAIL = re.compile(rf"(?:\s{{2,}}|\s*[|·•–—-]\s*|\s+){CLASSIFICATION}\s*$", F)
_CLASS_HEAD = re.compile(rf"^{CLASSIFICATION}(?:\s{{2,}}|\s*[|·•–—:-]\s*)", F)
_FURNITURE = re.compile(
    r"\s*(?:\bpage\s+\d+(?:\s*(?:/|of)\s*\d+)?|\b\d+\s*/\s*\d+|©.*|\(c\)\s+\d{4}.*)\s*$", F
)
TITLE = (
    r"(?:(?:authori[sz]ed|senior|deputy|assistant|acting|general|managing|executive|technical"
    r"|quality|certification|compliance|operations|global|regional|country)\s+)*"
    r"(?:director|manager|head(?:\s+of\s+[\w&\s]+?)?|chief\s+\w+(?:\s+officer)?|officer|lead"
    r"|leader|auditor|signatory|signature|partner|principal|president|vice\s+president|vp|ceo|cfo"
    r"|ciso|coo|cto|secretary|chair(?:man|person|woman)?|representative|coordinator|reviewer"
    r"|administrator|engineer|consultant|specialist|analyst|executive|founder|owner|member"
    r"|leiter(?:in)?|geschäftsführer(?:in)?|directeur|directrice|gérant|director\s+general)"
)
_TITLE_HEAD = re.compile(rf"^{TITLE}\b\s*(?:,|-|–|—|of\b|for\b|\|)\s*", F)
_TITLE_ONLY = re.compile(rf"^{TITLE}\.?$", F)
_LEADING_WORD = re.compile(
    r"^(?:this|these|that|we|our|your|it|its|their|hereby|further(?:more)?|dear|to|from|re|and"
    r"|si|se|hiermit|hierbij|wir|nous|on|noi|nós|nosotros|il|la|le|el|het|de|der|die|das)"
    r"\b[\s,:]*",
    F,
)
_PERSON = re.compile(r"^(?:mr|mrs|ms|miss|mx|dr|prof|herr|frau|m|mme|sr|sra|sig)\.?\s+[A-ZÀ-Ž]", F)
_LABEL_HEAD = re.compile(
    r"^(?:(?:client|certified|registered|certificate|name\s+of(?:\s+the)?)\s+"
    r"(?:organi[sz]ation|company|client|holder|entity)(?:\s+name)?\s*[:\-–]?\s+"
    r"|(?:organi[sz]ation|company|client|holder|entity|auditee|customer)(?:\s+name)?\s*[:\-–]\s*)",
    F,
)
_NOT_A_NAME = re.compile(
    r"\bregistered\s+in\b|\b(?:company|registration|reg|vat|tax)\.?\s+(?:no|number)\b|\btel\b"
    r"|\bfax\b|\bphone\b|e-?mail|www\.|https?:|@|\s\d{3,}$|\bno\.\s*\d|\bcertificate\b"
    r"|management\s+system|information\s+security|\bscope\b|\bstandard\b"
    r"|\b(?:report|letter|summary|statement|controls?|assertion)\b|\bSOC\b|\btype\s+(?:i|ii|1|2)\b",
    F,
)
_LEGAL_WORD = re.compile(rf"^{LEGAL_SUFFIX}$", F)
_CONNECTORS = frozenset(
    [
        "&",
        "and",
        "of",
        "de",
        "der",
        "des",
        "du",
        "für",
        "fur",
        "et",
        "y",
        "e",
        "la",
        "le",
        "los",
        "las",
        "van",
        "von",
        "den",
        "di",
        "da",
        "del",
        "the",
        "for",
    ]
)
_VERB = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|shall|certif(?:y|ies)|operates?|complies|meets"
    r"|confirms?|attests?|hereby|been|be|which|that|with|requirements?|please|thank)\b",
    F,
)
_AFTER_LEGAL = re.compile(
    rf"^(?P<name>.*?\s{LEGAL_SUFFIX})(?:\s*[,·|–—]\s*|\s+-\s+|\s{{2,}}).+$", F
)
_STREET = re.compile(
    r"\b(?:street|st\.|road|rd\.|avenue|ave\.?|lane|boulevard|blvd|suite|floor|building"
    r"|house|court|park|way|drive|place|square|quay|wharf|straße|strasse|str\.|platz|weg"
    r"|rue|avenida|calle|plaza|p\.?o\.?\s+box|postfach|registered\s+office)\b",
    F,
)
_POSTCODE = re.compile(
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}\b|\b[A-Z]{2}\s\d{5}\b|\b\d{4,5}\s+[A-ZÄÖÜ][a-zäöüß]+"
)


_PROSE = re.compile(
    r"\b(?:and|the|of|for|with|including|its|their|und|der|die|et|les|des|y|los|las)\b", F
)


def is_address(text: str) -> bool:
    """True when the text reads like a postal address (a street word and a number, a postcode,
    or comma-separated parts with a long number), not like a name."""
    has_street = bool(_STREET.search(text)) and any(c.isdigit() for c in text)
    many_parts = text.count(",") >= 3 and not _PROSE.search(text)
    parts_with_code = (text.count(",") >= 2 and bool(re.search(r"\d{4,}", text))) or many_parts
    return has_street or parts_with_code or bool(_POSTCODE.search(text))


def _strip_wordmark(words: list[str]) -> list[str]:
    """Drop a logo wordmark printed before the name it repeats ("LRQA LRQA Limited"). An
    acronym before the words it abbreviates may be part of the name ("CAC Conformity
    Assessment Center d.o.o."): candidates agree on it instead (`orgs.related`)."""
    bare = [re.sub(r"[^\wÀ-ž]", "", w).lower() for w in words]
    for k in (3, 2, 1):
        if len(words) > 2 * k - 1 and bare[:k] == bare[k : 2 * k] and all(bare[:k]):
            return words[k:]
    return words


def clean_name(raw: str) -> str | None:
    """The organisation name in `raw`, cleaned (see the module doc), or None when what is
    left is not a name (a title and department line, an address, a bare function word)."""
    text = " ".join(raw.replace("\u00a0", " ").split()).strip(" \"'“”‘’:;,")
    text = _FURNITURE.sub("", text)
    for _ in range(2):
        text = _CLASS_TAIL.sub("", text).strip()
        text = _CLASS_HEAD.sub("", text).strip()
    text = _LABEL_HEAD.sub("", text)
    if _TITLE_ONLY.match(text):
        return None
    if m := _TITLE_HEAD.match(text):
        rest = text[m.end() :]
        if not LEGAL_NAME_END.search(_cut_address(rest)):
            return None  # "Director, ISO Certification Services": a department, no name
        text = rest
    text = _LEADING_WORD.sub("", text)
    if _PERSON.match(text):
        return None  # "Ms Patel", "Dr. A. Okafor": a person, not an organisation
    text = _cut_address(text)
    words = _strip_wordmark(text.split())
    text = " ".join(words).strip(" ,;:-–—|")
    if text.endswith(".") and not re.search(rf"{LEGAL_SUFFIX}$", text, F):
        text = text.rstrip(".")
    if not text or is_address(text) or not plausible_name(text):
        return None
    return text


def plausible_name(text: str) -> bool:
    """A plausible organisation name: 1-12 words, mostly letters, capitalised words (or
    connectors such as "&", "of", "für"), no verb of a sentence, no colon."""
    words = text.split()
    if not 1 <= len(words) <= 12 or len(text) < 2 or ":" in text:
        return False
    if sum(c.isalpha() for c in text) < 0.6 * len(text.replace(" ", "")):
        return False
    if _VERB.search(text) or _NOT_A_NAME.search(text):
        return False
    words = [w for w in words if any(ch.isalnum() for ch in w)]
    capital = [
        w
        for w in words
        if w[0].isupper() or w[0].isdigit() or w.lower() in _CONNECTORS or _LEGAL_WORD.match(w)
    ]
    if len(capital) < 0.8 * len(words) or not (words[0][0].isupper() or words[0][0].isdigit()):
        return words[0].lower() in ("bsi.", "intertek") and len(words) == 1
    return not any(len(re.findall(r"[a-z][A-Z]", w)) >= 2 for w in words)


def _cut_address(text: str) -> str:
    """The name without what follows its legal form (an address, a registration line)."""
    if (m := _AFTER_LEGAL.match(text)) and not LEGAL_NAME_END.search(text):
        return m["name"]
    return text


def is_generic(name: str) -> bool:
    """True when every word of the name says nothing specific ("ISO Certification Services",
    "Assurance Department"): a department or a description, weak evidence of a body."""
    words = set(name_tokens(name)) - {"department", "division", "team", "unit", "office"}
    return not (words - GENERIC_WORDS)


def has_legal_form(name: str) -> bool:
    return bool(LEGAL_NAME_END.search(name))
