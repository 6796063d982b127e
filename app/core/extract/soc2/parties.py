"""Who a SOC report is about and by: service organisation, service auditor and subservice
organisations with their method (CONTRACT.md §2, `soc2_report`, and SOC 1 / SOC 3).

Both parties are chosen among candidates (STYLE rule 14). The service organisation: a
"Service organization:" label, the addressee of the auditor's report ("To the Management of
X"), "examined X's description", the management assertion's heading ("Assertion of X
Management"), the largest line of the cover. The service auditor: the firm line that signs
the opinion (a short line ending in LLP, LLC, P.C., CPAs or & Co., or "/s/ X"), a label, the
footer ("Confidential – X LLP", "property of X"), and firm names on the cover, including
text the reader took from a cover image by OCR. Firms keep their legal form ("Linford &
Company LLP", not "Linford & Company").

Subservice organisations are names with a legal form, or well-known hosting providers, in
sentences that speak of subservice organisations or of the carve-out / inclusive method;
each takes the method stated in its own sentence, else the one the report uses throughout.
"""

import re
from collections.abc import Iterator, Sequence

from app.core.extract.text import orgs
from app.core.extract.text.candidates import Candidate, Choice
from app.core.extract.text.lines import Line
from app.core.pages import Page

_ORG_LABEL = re.compile(r"^\s*service\s+organi[sz]ation\s*[:：]\s*(?P<v>.+)$", re.IGNORECASE)
_TO_MGMT = re.compile(
    r"^\s*To\s*:?\s+(?:the\s+)?(?:management|board\s+of\s+directors|directors|audit\s+committee)"
    r"(?:\s+and\s+[\w ]+?)?\s+of\s+(?P<v>.+?)\s*[:,]?\s*$",
    re.IGNORECASE,
)
_EXAMINED = re.compile(
    r"\bexamined\s+(?:the\s+accompanying\s+description\s+of\s+)?(?P<v>[A-Z][^'’]{2,80}?)['’]s\s",
)
_ASSERTION = re.compile(
    rf"assertion\s+(?:of|by)\s+(?:the\s+)?(?P<name>[^.;:]{{3,80}}?)\s+management\b"
    rf"|(?P<other>{orgs.CAPNAME})['’]s?\s+management['’]?s?\s+assertion",
    re.IGNORECASE,
)
_AUDITOR_LABEL = re.compile(
    r"\b(?:independent\s+)?service\s+auditor\s*[:：]\s*(?P<v>.+)$", re.IGNORECASE
)
FIRM = re.compile(
    r"(?:\bLLP|\bL\.L\.P\.|\bPLLC|\bLLC|\bP\.\s?C\.|\bPC|\bCPAs?|Certified\s+Public\s+Accountants|"
    r"&\s*Co\.?|&\s*Company|Chartered\s+Accountants|\bLLP\.)\s*$"
)
_SIGNED = re.compile(r"^/s/\s*(?P<v>.+)$")
_PROPERTY = re.compile(rf"property\s+of\s+(?P<name>{orgs.CAPNAME})", re.IGNORECASE)
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


def _from_lines(
    lines: Sequence[Line], pattern: re.Pattern[str], cue: str, weight: float
) -> Iterator[Candidate]:
    for ln in lines:
        for m in pattern.finditer(ln.text):
            raw = next((v for v in m.groupdict().values() if v), "")
            if c := orgs.candidate(_clean(raw), ln.page, ln.text, cue, weight):
                yield c


_FRONT = 15


def _assertions(pages: Sequence[Page]) -> Iterator[Candidate]:
    """ "Assertion of X Management", "X's Management Assertion" (headings wrap anywhere)."""
    for page in pages:
        if "assertion" not in page.squashed.lower():
            continue
        for m in _ASSERTION.finditer(page.squashed):
            raw = m["name"] or m["other"] or ""
            if c := orgs.candidate(_clean(raw), page, m.group(0), "assertion-heading", 2.5):
                yield c


def org_candidates(lines: Sequence[Line], pages: Sequence[Page]) -> list[Candidate]:
    head = lines[:600]
    return [
        *_from_lines(head, _ORG_LABEL, "label", 3.0),
        *_from_lines(head, _TO_MGMT, "addressee", 3.0),
        *_from_lines(head, _EXAMINED, "examined-sentence", 2.5),
        *_assertions(pages[:_FRONT]),
        *orgs.prominent(pages[:1], "cover", 1.5, min_ratio=1.2),
    ]


def _opinion_at(lines: Sequence[Line]) -> int | None:
    at = next((i for i, ln in enumerate(lines) if "in our opinion" in ln.text.lower()), None)
    if at is None:  # "we do not express an opinion", "Adverse opinion" headings
        at = next((i for i, ln in enumerate(lines) if "opinion" in ln.text.lower()), None)
    return at


def _firm(c: Candidate | None) -> Candidate | None:
    return c if c is not None and FIRM.search(c.value) else None


def auditor_candidates(lines: Sequence[Line], pages: Sequence[Page]) -> list[Candidate]:
    found: list[Candidate] = []
    at = _opinion_at(lines)
    if at is not None:
        for ln in lines[at : at + 40]:
            text = ln.text.strip()
            signed = _SIGNED.match(text)
            name = signed["v"] if signed else text
            if len(name.split()) <= 9 and FIRM.search(name):
                cue, weight = ("signed", 3.0) if signed else ("signature", 3.0)
                if c := orgs.candidate(_clean(name), ln.page, text, cue, weight):
                    found.append(c)
                    break
    found += _from_lines(lines[:600], _AUDITOR_LABEL, "label", 3.0)
    found += [
        c for c in orgs.squashed_sentences(pages[:40], _PROPERTY, "property-of", 2.0) if _firm(c)
    ]
    found += [c for c in orgs.in_band(pages[:6], "foot", "footer", 2.0, fallback=1) if _firm(c)]
    for page in pages[:1]:
        for line in page.text.splitlines():
            c = _firm(orgs.candidate(line, page, line, "cover", 1.5))
            if c is not None:
                found.append(c)
    return found


def read_parties(lines: Sequence[Line], pages: Sequence[Page]) -> tuple[Choice, Choice]:
    """(service organisation, service auditor)."""
    org = orgs.choose_name("service_organization", org_candidates(lines, pages))
    others = [c for c in auditor_candidates(lines, pages) if c.value != org.value]
    return org, orgs.choose_name("service_auditor", others)


def find_auditor(lines: Sequence[Line], service_org: str | None) -> tuple[str, Line] | None:
    """The firm that signs the opinion (a short firm-name line after "opinion"), or a label:
    a cheap probe of whether the text names the auditor at all."""
    at = _opinion_at(lines)
    if at is not None:
        for ln in lines[at : at + 40]:
            text = ln.text.strip()
            if len(text.split()) <= 9 and FIRM.search(text) and text != service_org:
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
