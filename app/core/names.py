"""Organisation names as documents print them, and how they compare: the one normaliser
for certification bodies (CONTRACT.md §6 look-up) and certified organisations (§4
CERT_HOLDER_MISMATCH, CERT_NUMBER_MISMATCH, SURVEILLANCE_* matching of letters to certificates).

Names are shown as printed (legal forms kept); legal forms are dropped only for comparison.

Certificates print "BSI Assurance UK Limited", "TUEV SUED Management Service GmbH", "Coalfire
ISO, Inc.", "X LLC dba Y", or an OCR'd variant of these. Comparison happens on a normal form:
diacritics folded (TÜV = TUV = TUEV), dotted abbreviations joined (S.A. = SA), "&" read as
"and", short forms read as the word they stand for anywhere in the name ("Co." = "Company",
"Corp." = "Corporation", "Intl" = "International"), and trailing legal suffixes dropped (Ltd,
Limited, LLC, Inc., GmbH, Pvt. Ltd., S.A., d.o.o., A.Ş., LLP, B.V., K.K., 株式会社). Letters of
other scripts are kept (a Japanese or Chinese name is compared on its own characters); a name
with no letters or digits at all has an empty key, which matches nothing.
"""

import re
import unicodedata

from rapidfuzz import fuzz

# Legal-form words dropped only at the end of a name: "Company" inside a name is part of it.
LEGAL_SUFFIXES = frozenset(
    {
        "ltd", "limited", "llc", "inc", "incorporated", "gmbh", "pvt", "private", "sa", "sas",
        "sarl", "doo", "as", "llp", "bv", "plc", "co", "corp", "corporation", "company", "ag",
        "kg", "srl", "spa", "pty", "pte", "sirketi", "anonim", "sti", "ltda", "oy", "ab", "nv",
        "kk", "sl", "sro", "kft", "and", "the", "lp",
    }
)  # fmt: skip
# Words that say nothing about which body is meant: a query made only of these is too vague
# to pick a body by containment ("Certification Services" must not match one CB).
GENERIC_WORDS = frozenset(
    {
        "certification", "certifications", "certificate", "assurance", "service", "services",
        "international", "management", "quality", "system", "systems", "group", "global",
        "registrar", "registration", "standards", "standard", "compliance", "business", "cert",
        "iso", "of", "the", "and", "uk", "usa", "us", "america", "north", "south", "india",
        "asia", "branch", "holding", "advisory", "body", "assessment", "center", "centre",
    }
)  # fmt: skip
# One spelling per word: German "ue" transliterations, and short forms of words that legal
# names spell either way ("Schellman & Co." = "Schellman & Company").
_SPELLING = {
    "tuev": "tuv", "sued": "sud", "co": "company", "corp": "corporation", "intl": "international",
    "ltd": "limited", "inc": "incorporated", "mgmt": "management", "svcs": "services",
}  # fmt: skip
# Legal forms written without spaces in CJK names (Kabushiki Kaisha, Yugen Kaisha, Limited).
_CJK_SUFFIXES = ("株式会社", "有限会社", "股份有限公司", "有限公司")
_SPECIAL = str.maketrans({"ß": "ss", "ı": "i", "ø": "o", "đ": "d", "ł": "l", "&": " and "})
_DOTTED = re.compile(r"\b(?:[a-z]\.){2,}")
_NON_ALNUM = re.compile(r"[\W_]+")
_DBA = re.compile(
    r"\b(?:d\s*/\s*b\s*/\s*a|d\.b\.a\.?|dba|doing business as|trading as|t/a)\b", re.I
)


def fold(text: str) -> str:
    """Lower-case ASCII form: diacritics removed, so TÜV and TUV compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def name_tokens(name: str) -> tuple[str, ...]:
    """The name's words in normal form, with trailing legal-form words removed."""
    folded = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), fold(name))
    words = [_SPELLING.get(w, w) for w in _NON_ALNUM.split(folded) if w]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    if words:
        words[-1] = _strip_cjk_suffix(words[-1])
    return tuple(w for w in words if w)


def _strip_cjk_suffix(word: str) -> str:
    for suffix in _CJK_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return word[: -len(suffix)]
    return word


def normalise(name: str) -> str:
    """The comparison key of a printed name ("BSI Assurance UK Ltd" -> "bsi assurance uk")."""
    return " ".join(name_tokens(name))


def split_dba(name: str) -> tuple[str, ...]:
    """The name itself and, for "X dba Y" / "X trading as Y", each of X and Y."""
    parts = [p.strip(" ,;()") for p in _DBA.split(name)]
    named = tuple(p for p in parts if p)
    return (name, *named) if len(named) > 1 else (name,)


def similarity(query_key: str, name_key: str) -> float:
    """Edit-distance similarity of two normal forms, 0-100 (tolerates OCR slips); an empty
    key (a name with no letters or digits) is similar to nothing."""
    if not query_key or not name_key:
        return 0.0
    return float(fuzz.ratio(query_key, name_key))


def is_contained(query_key: str, name_key: str) -> bool:
    """True when every word of a specific query appears in the name ("SGS" in "SGS UK")."""
    query = set(query_key.split())
    if not query or not (query - GENERIC_WORDS) or all(len(w) < 2 for w in query):
        return False
    return query <= set(name_key.split())


def names_match(a: str, b: str, threshold: float) -> bool:
    """True when two organisation names are the same entity, ignoring legal forms."""
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return False
    if na == nb or na.replace(" ", "") == nb.replace(" ", ""):
        return True
    # A trading name is often the legal name's first words ("MC Sistem" for "MC Sistem
    # Elektronik ... A.Ş."); two words at least, so "Global" alone matches nothing.
    short, long = sorted((na.split(), nb.split()), key=len)
    if len(short) >= 2 and long[: len(short)] == short:
        return True
    return fuzz.token_sort_ratio(na, nb) >= threshold
