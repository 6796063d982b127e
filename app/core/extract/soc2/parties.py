"""Who a SOC 2 report is about and by: service organisation, service auditor and subservice
organisations with their method (CONTRACT.md §2, `soc2_report`).

The service auditor is the CPA firm that signs the opinion: a short line ending in a firm's
legal form (LLP, LLC, P.C., CPAs, & Co.) near the opinion, not a name in the description.
Subservice organisations are names with a legal form, or well-known hosting providers, in
sentences or lines that speak of subservice organisations or of the carve-out / inclusive
method; each takes the method named nearest to it, else the one the report uses throughout.
"""

import re
from collections.abc import Sequence

from app.core.extract.text.lines import Line

_ORG_LABEL = re.compile(r"^\s*service\s+organi[sz]ation\s*[:：]\s*(?P<v>.+)$", re.IGNORECASE)
_TO_MGMT = re.compile(
    r"^\s*To\s+(?:the\s+)?(?:management|board\s+of\s+directors|directors|audit\s+committee)"
    r"(?:\s+and\s+[\w ]+?)?\s+of\s+(?P<v>.+?)\s*[:,]?\s*$",
    re.IGNORECASE,
)
_EXAMINED = re.compile(
    r"\bexamined\s+(?:the\s+accompanying\s+description\s+of\s+)?(?P<v>[A-Z][^'’]{2,80}?)['’]s\s",
)
_AUDITOR_LABEL = re.compile(
    r"\b(?:independent\s+)?service\s+auditor\s*[:：]\s*(?P<v>.+)$", re.IGNORECASE
)
_FIRM = re.compile(
    r"(?:\bLLP|\bL\.L\.P\.|\bPLLC|\bLLC|\bP\.\s?C\.|\bPC|\bCPAs?|Certified\s+Public\s+Accountants|"
    r"&\s*Co\.?|&\s*Company|Chartered\s+Accountants|\bLLP\.)\s*$"
)
_LEGAL = (
    r"(?:Inc\.|Inc\b|LLC|L\.L\.C\.|Ltd\.?|Limited|Corporation|Corp\.|GmbH|plc|PLC|LLP|L\.P\.|"
    r"B\.V\.|S\.A\.|AG\b|Pty\.? Ltd\.?)"
)
_NAME = re.compile(rf"\b(?P<v>(?:[A-Z][\w&.'’-]*,?\s+){{0,5}}{_LEGAL})")
_PROVIDERS = re.compile(
    r"\b(?P<v>Amazon Web Services|Microsoft Azure|Google Cloud Platform|Google Cloud|"
    r"Oracle Cloud Infrastructure|Equinix|Rackspace|Snowflake|MongoDB Atlas|Cloudflare|"
    r"Salesforce|Heroku|DigitalOcean|IBM Cloud|Stripe|Twilio|Okta)\b"
)
_SUBSERVICE_CONTEXT = re.compile(
    r"subservice|sub-service|carve[\s-]?out|carved\s+out|inclusive\s+method", re.IGNORECASE
)
_CARVE = re.compile(r"carve[\s-]?out|carved\s+out|excluded\s+from\s+(?:the|our)", re.IGNORECASE)
_INCLUSIVE = re.compile(
    r"inclusive|(?<!not )included\s+in\s+(?:the|our)\s+(?:description|examination)", re.IGNORECASE
)


_ABBREV_END = re.compile(r"(?:\b(?:Inc|Co|Ltd|Corp|Bhd)|\b[A-Z]\.[A-Z])\.$")


def _clean(name: str) -> str:
    """A name without a trailing alias "(the Company)" or punctuation; "Inc." keeps its dot."""
    name = re.sub(r"\s*\((?:the\s+)?[\"“'‘]?[\w .-]+[\"”'’]?\)\s*$", "", name.strip())
    name = name.strip(' ,:;"“”')
    return name if _ABBREV_END.search(name) else name.rstrip(".")


def find_service_org(lines: Sequence[Line]) -> tuple[str, Line] | None:
    """The service organisation, from a label, the report's addressee or "examined X's"."""
    head = lines[:400]
    for pattern in (_ORG_LABEL, _TO_MGMT):
        for ln in head:
            if m := pattern.match(ln.text):
                return _clean(m["v"]), ln
    for ln in head:
        if m := _EXAMINED.search(ln.text):
            return _clean(m["v"]), ln
    return None


def find_auditor(lines: Sequence[Line], service_org: str | None) -> tuple[str, Line] | None:
    """The firm that signs the opinion (a short firm-name line after "opinion"), or a label."""
    opinion_at = next(
        (i for i, ln in enumerate(lines) if "in our opinion" in ln.text.lower()), None
    )
    if opinion_at is None:  # "we do not express an opinion", "Adverse opinion" headings
        opinion_at = next((i for i, ln in enumerate(lines) if "opinion" in ln.text.lower()), None)
    if opinion_at is not None:
        for ln in lines[opinion_at : opinion_at + 40]:
            text = ln.text.strip()
            if len(text.split()) <= 9 and _FIRM.search(text) and text != service_org:
                return _clean(text.removeprefix("/s/").strip()), ln
    for ln in lines[:400]:
        if m := _AUDITOR_LABEL.search(ln.text):
            return _clean(m["v"]), ln
    return None


def _mentions_method(text: str) -> bool:
    # A substring test first: this runs on every line of a 150-page report.
    low = text.lower()
    hints = ("subservice", "sub-service", "carve", "inclusive")
    return any(h in low for h in hints) and bool(_SUBSERVICE_CONTEXT.search(text))


def _segments(lines: Sequence[Line]) -> list[tuple[str, str, Line]]:
    """(line text, text around it, line) for lines at or next to a subservice-method mention."""
    flags = [_mentions_method(ln.text) for ln in lines]
    out: list[tuple[str, str, Line]] = []
    for i, ln in enumerate(lines):
        if any(flags[max(0, i - 1) : i + 2]):
            near = lines[max(0, i - 1) : i + 2]
            out.append((ln.text, " ".join(n.text for n in near), ln))
    return out


def find_subservices(lines: Sequence[Line], exclude: set[str]) -> list[tuple[str, str, Line]]:
    """(name, method, line) for each subservice organisation named, in order of appearance."""
    text_all = " ".join(ln.text for ln in lines)
    default = (
        "inclusive" if _INCLUSIVE.search(text_all) and not _CARVE.search(text_all) else "carve-out"
    )
    found: dict[str, tuple[str, str, Line]] = {}
    for text, around, ln in _segments(lines):
        names = [m["v"] for m in _NAME.finditer(text)] + [m["v"] for m in _PROVIDERS.finditer(text)]
        for raw in names:
            name = _clean(raw)
            key = name.lower()
            if not name or any(key in e.lower() or e.lower() in key for e in exclude if e):
                continue
            if any(key in k or k in key for k in found):
                continue
            method = _named_method(around, name) or _method(text) or _method(around) or default
            found[key] = (name, method, ln)
    return list(found.values())


def _method(text: str) -> str | None:
    if _CARVE.search(text):
        return "carve-out"
    return "inclusive" if _INCLUSIVE.search(text) else None


_SENTENCE_END = re.compile(r"(?<!\bInc)(?<!\bLtd)(?<!\bCo)(?<!\bCorp)\.\s+(?=[A-Z(])")


def _named_method(text: str, name: str) -> str | None:
    """The method stated in a sentence of `text` that names `name` ("Inc." ends no sentence)."""
    for sentence in _SENTENCE_END.split(text):
        if name in sentence and (method := _method(sentence)):
            return method
    return None
