"""FedRAMP authorization: an agency ATO letter, a JAB/Board P-ATO, a Marketplace record or a
PMO "FedRAMP Ready" notice (CONTRACT.md §9, `fedramp_authorization`).

Facts: the cloud service provider (CSP), the offering (CSO), the impact level (LI-SaaS, Low,
Moderate, High), the status (authorized, in process, ready), the authorization date and the
authorizing body. Readiness and "in process" are never read as an authorization: the status
comes from the Marketplace status, or from a sentence that grants an ATO or announces Ready,
and only an authorized document has an authorization date.
"""

import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any

from app.core.extract import Extraction
from app.core.extract.sector.common import (
    NAME,
    Candidate,
    Line,
    Reading,
    clean_org,
    clean_title,
    dates_in,
    doc_hint,
    flowed,
    label_re,
    labelled,
    name_key,
    page_lines,
    sentences,
)
from app.core.extract.text.labels import LEGAL_NAME_END
from app.core.facts import FedrampFacts, FedrampImpact, FedrampStatus
from app.core.pages import Page

_I = re.IGNORECASE
_ANY_LABEL = label_re(
    r"cloud\s+service", r"CS[PO]\b", r"service\s+model", r"deployment", r"impact", r"status",
    r"authori[sz]\w+", r"partnering", r"sponsoring", r"independent", r"date", r"security",
    r"ready", r"in\s+process", r"printed", r"subject", r"memorandum",
)  # fmt: skip
_CSP_LABEL = label_re(r"cloud\s+service\s+provider(?:\s+\(CSP\))?", r"CSP(?:\s+name)?", r"provider")
_CSO_LABEL = label_re(
    r"cloud\s+service\s+offering(?:\s+\(CSO\))?", r"CSO(?:\s+name)?", r"(?:service\s+)?offering",
    r"product(?:\s+name)?", r"system\s+name",
)  # fmt: skip
_IMPACT_LABEL = label_re(
    r"impact\s+level", r"security\s+categori[sz]ation", r"(?:FedRAMP\s+)?baseline"
)
_STATUS_LABEL = label_re(
    r"(?:FedRAMP\s+|authori[sz]ation\s+|marketplace\s+)?status", r"designation"
)
_DATE_LABEL = label_re(
    r"(?:FedRAMP\s+)?authori[sz]ation\s+date", r"(?:P-?)?ATO\s+date", r"date\s+(?:of\s+)?authori[sz]\w*",
    r"date\s+(?:granted|issued)", r"date",
)  # fmt: skip
_BODY_LABEL = label_re(
    r"authori[sz]ing\s+(?:agency|body|official['’]s\s+agency)", r"partnering\s+agency",
    r"sponsoring\s+agency", r"agency\s+authori[sz]ation\s+by",
)  # fmt: skip
_TYPE_LABEL = label_re(r"authori[sz]ation\s+type")
_IMPACT = (
    (FedrampImpact.li_saas, r"LI-?SaaS|Tailored\s+Low|Low[\s-]+Impact\s+(?:Software|SaaS)"),
    (FedrampImpact.high, r"\bHigh\b"),
    (FedrampImpact.moderate, r"\bModerate\b"),
    (FedrampImpact.low, r"\bLow\b"),
)
_IMPACT_SENTENCE = re.compile(
    r"(?:FedRAMP\s+|at\s+the\s+)(?P<v>[\w() -]{2,50}?)\s+(?:impact\s+level|baseline)", _I
)
_GRANT = re.compile(
    r"\b(?:hereby\s+)?(?:grant(?:s|ed)?|issue[sd]?|award(?:s|ed)?)\s+(?:[^.]{0,80}?\s)?(?:an?\s+)?(?:Provisional\s+)?"
    r"Authori(?:ty|[sz]ation)\s+to\s+Operate",
    _I,
)
_READY = re.compile(r"achieved\s+(?:the\s+)?FedRAMP\s+Ready|FedRAMP\s+Ready\s+designation", _I)
_IN_PROCESS = re.compile(r"\bFedRAMP\s+In[\s-]Process\b", _I)
_CSP_SENTENCES = (
    re.compile(rf"(?:provided|offered|operated)\s+by\s+(?P<v>{NAME})"),
    re.compile(rf"MEMORANDUM\s+FOR\s*:?.*,\s*(?P<v>{NAME})\s*$", re.M),
    re.compile(rf"\bgrants?\s+(?P<v>{NAME})\s+an?\s+(?:Provisional\s+)?Authori"),
)
_CSO_SENTENCES = (
    re.compile(
        rf"\b(?:ATO\)?|Authori(?:ty|[sz]ation)\s+to\s+Operate(?:\s+\(ATO\))?)\s+for\s+(?P<v>{NAME})"
    ),
    re.compile(rf"authori[sz]ation\s+package\s+for\s+(?P<v>{NAME}),"),
    re.compile(rf"Authority\s+to\s+Operate\s+to\s+(?P<v>{NAME})\s+at\s+the"),
    re.compile(rf"(?:designation|authori[sz]ation)\s*[–—-]\s*(?P<v>{NAME})\s*$", re.M),
    re.compile(rf"(?P<v>{NAME})\s+offered\s+by\s"),
)
_AGENCY = (
    r"(?:(?:Department|Office|Agency)\s+of\s+(?:the\s+)?[A-Z][\w ,]+?"
    r"|[A-Z][\w]+(?:\s+(?:and\s+)?[A-Z][\w]+){0,5}\s+(?:Administration|Agency|Service|Bureau|Commission))"
)
_BODY_SENTENCES = (
    re.compile(
        rf"\bThe\s+(?P<v>(?:U\.S\.\s+)?{_AGENCY})\s+(?:Authori[sz]ing\s+Official\s+)?(?:has\s+)?"
        r"(?:reviewed|grant(?:s|ed)|authori[sz]ed)"
    ),
    re.compile(r"(?:FedRAMP\s+)?(?P<v>Joint\s+Authori[sz]ation\s+Board|FedRAMP\s+Board)"),
    re.compile(rf"^(?:U\.S\.\s+)?(?P<v>{_AGENCY})\s*$", re.M),
)


def _agency_key(value: Any) -> Hashable:
    text = re.sub(r"^(?:the\s+)?(?:U\.?S\.?\s+)?(?:FedRAMP\s+)?", "", str(value), flags=_I)
    return name_key(text)


def _names(
    lines: Sequence[Line],
    pages: Sequence[Page],
    label: re.Pattern[str],
    patterns: Sequence[re.Pattern[str]],
    legal: bool,
    clean: Callable[[str | None], str | None] = clean_org,
    strong: frozenset[int] = frozenset(),
) -> Iterator[Candidate]:
    """Names from labels, then from `patterns` (those numbered in `strong` are explicit)."""
    for value, line, quote in labelled(lines, label, any_label=_ANY_LABEL):
        if (name := clean(value)) is not None:
            yield Candidate(name, line.page, quote, "label", strong=True)
    for page in pages:
        for n, pattern in enumerate(patterns):
            for m in pattern.finditer(flowed(page)):
                name = clean(m["v"])
                if name is not None and (not legal or LEGAL_NAME_END.search(name)):
                    yield Candidate(name, page, m["v"], f"sentence {n}", strong=n in strong)


def _impact(value: str) -> FedrampImpact | None:
    for impact, pattern in _IMPACT:
        if re.search(pattern, value, _I):
            return impact
    return None


def _impact_level(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    found: list[Candidate] = []
    for value, line, quote in labelled(lines, _IMPACT_LABEL, any_label=_ANY_LABEL):
        if (impact := _impact(value)) is not None:
            found.append(Candidate(impact, line.page, quote, "label", strong=True))
    for page in pages:
        for m in _IMPACT_SENTENCE.finditer(page.squashed):
            if (impact := _impact(m["v"])) is not None:
                found.append(Candidate(impact, page, m.group(0), "sentence", strong=True))
    r.decide("impact_level", found)


def _status(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> FedrampStatus | None:
    found: list[Candidate] = []
    for value, line, quote in labelled(lines, _STATUS_LABEL, any_label=_ANY_LABEL):
        status = (
            FedrampStatus.in_process
            if re.search(r"in[\s-]process", value, _I)
            else FedrampStatus.ready
            if re.search(r"\bready\b", value, _I)
            else FedrampStatus.authorized
            if re.search(r"authori[sz]ed", value, _I)
            else None
        )
        if status is not None:
            found.append(Candidate(status, line.page, quote, "label", strong=True))
    for page, sentence in sentences(pages):
        for status, pattern in (
            (FedrampStatus.authorized, _GRANT),
            (FedrampStatus.ready, _READY),
            (FedrampStatus.in_process, _IN_PROCESS),
        ):
            if (m := pattern.search(sentence)) and not re.search(
                r"\bnot\b", sentence[: m.start()][-30:], _I
            ):
                found.append(
                    Candidate(status, page, m.group(0), f"sentence {status.value}", strong=True)
                )
    chosen = r.decide("status", found)
    return chosen if isinstance(chosen, FedrampStatus) else None


def _authorization_date(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    hint = doc_hint(pages)
    found: list[Candidate] = []
    for value, line, quote in labelled(lines, _DATE_LABEL, any_label=_ANY_LABEL):
        found += [
            Candidate(d, line.page, quote, "label", strong=True)
            for d, _ in dates_in(value, hint)[:1]
        ]
    for page in pages:
        for m in re.finditer(
            r"\b(?P<w>effective|dated)\s+(?:as\s+of\s+|on\s+)?(?P<v>[^;]{6,30})", page.squashed, _I
        ):
            found += [
                Candidate(
                    d,
                    page,
                    f"{m['w']} {raw}" if f"{m['w']} {raw}" in page.squashed else raw,
                    "effective",
                    strong=True,
                )
                for d, raw in dates_in(m["v"], hint)[:1]
            ]
    for line in lines[:8]:
        dated = dates_in(line.text, hint)
        if dated and len(dated[0][1]) >= len(line.text) - 2:
            found.append(Candidate(dated[0][0], line.page, line.text, "letter date"))
    r.decide("authorization_date", found)


def _authorizing_body(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    found = list(
        _names(lines, pages, _BODY_LABEL, _BODY_SENTENCES, legal=False, strong=frozenset({0, 1}))
    )
    for value, line, quote in labelled(lines, _TYPE_LABEL, any_label=_ANY_LABEL):
        if re.search(r"\bJAB\b|joint\s+authori[sz]ation", value, _I):
            found.append(Candidate("Joint Authorization Board", line.page, quote, "type label"))
    cleaned = [
        Candidate(
            re.sub(r"^(?:U\.S\.\s+|FedRAMP\s+)", "", str(c.value)), c.page, c.quote, c.cue, c.strong
        )
        for c in found
    ]
    r.decide("authorizing_body", cleaned, key=_agency_key)


def extract_fedramp(pages: Sequence[Page]) -> Extraction[FedrampFacts]:
    """Read a FedRAMP authorization letter or Marketplace record (see the module docstring)."""
    r, lines = Reading(), page_lines(pages)
    r.decide("csp", _names(lines, pages, _CSP_LABEL, _CSP_SENTENCES, legal=True), key=name_key)
    cso = [c for c in _names(lines, pages, _CSO_LABEL, _CSO_SENTENCES, legal=False, clean=clean_title)
           if "csp" not in r.values or name_key(c.value) != name_key(r.values["csp"])]  # fmt: skip
    r.decide("cso", cso, key=name_key)
    _impact_level(r, pages, lines)
    status = _status(r, pages, lines)
    if status is FedrampStatus.authorized:
        _authorization_date(r, pages, lines)
    if status is not FedrampStatus.ready:
        _authorizing_body(r, pages, lines)
    return r.extraction(FedrampFacts)
