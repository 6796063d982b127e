"""Data processing agreement or addendum (CONTRACT.md §9, `dpa`).

Facts: the controller (the customer; under India's DPDP Act the "Data Fiduciary"), the
processor (the vendor), the date, the data protection laws it names (GDPR, UK GDPR, DPDP,
CCPA), the transfer mechanism (SCCs, UK IDTA, DPF, BCRs) and the sub-processors. The parties
are told apart by the role printed with them ("X (\"Customer\")", "Controller: X", a header
row "Customer | Vendor" over their names), never by their order; sub-processors come from
the list, table or sentence that names them.
"""

import re
from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import Any

from app.core.extract import Extraction
from app.core.extract.sector.common import (
    LEGAL_PREFIX,
    NAME,
    Candidate,
    Line,
    Reading,
    clean_org,
    dates_in,
    doc_hint,
    first_sentence,
    flowed,
    label_re,
    labelled,
    labelled_dates,
    last_party,
    name_key,
    page_lines,
    split_items,
)
from app.core.facts import Confidence, DpaFacts
from app.core.pages import Page, quote_is_on_page

_I = re.IGNORECASE
_CONTROLLER_ROLE = r"customer|(?:data\s+)?controller|data\s+fiduciary|client|company"
_PROCESSOR_ROLE = r"(?:data\s+)?processor|vendor|supplier|service\s+provider|provider"
_ANY_LABEL = label_re(
    _CONTROLLER_ROLE, _PROCESSOR_ROLE, r"parties", r"(?:agreement|effective)\s+date", r"date",
    r"signature", r"name", r"title", r"organi[sz]ation", r"\d+\.\s", r"annex", r"schedule",
)  # fmt: skip
_ROLE_AFTER = re.compile(
    rf"(?P<v>{NAME})\s*\((?:the\s+|each\s+a\s+)?[\"“'‘]?(?P<role>[A-Za-z ]{{3,30}}?)[\"”'’]?\)"
)
_DATE_LABEL = label_re(r"(?:agreement\s+|effective\s+|addendum\s+)?date", r"dated", r"effective")
_DATE_SENTENCES = re.compile(
    r"(?:entered\s+into|made|signed|executed|effective)\s+(?:as\s+of|on|with\s+effect\s+from)\s+"
    r"(?P<v>[^(\"“]{6,30})|\bdated\s+(?:as\s+of\s+)?(?P<w>[^(\"“]{6,30})",
    _I,
)
_LAWS = (
    (
        "GDPR",
        r"(?<!UK\s)(?<!UK-)\bGDPR\b|General\s+Data\s+Protection\s+Regulation|Regulation\s+\(EU\)\s+2016/679",
    ),
    ("UK GDPR", r"\bUK[\s-]GDPR\b|Data\s+Protection\s+Act\s+2018"),
    ("DPDP", r"\bDPDP\b|Digital\s+Personal\s+Data\s+Protection\s+Act"),
    ("CCPA", r"\bCCPA\b|\bCPRA\b|California\s+Consumer\s+Privacy\s+Act"),
)
_TRANSFERS = (
    ("SCCs", r"Standard\s+Contractual\s+Clauses|\bSCCs\b"),
    ("UK IDTA", r"International\s+Data\s+Transfer\s+(?:Addendum|Agreement)|\bIDTA\b|UK\s+Addendum"),
    ("DPF", r"Data\s+Privacy\s+Framework|\bDPF\b"),
    ("BCRs", r"Binding\s+Corporate\s+Rules|\bBCRs?\b"),
)
_SUB_HEADING = re.compile(r"sub-?\s?processors?", _I)
_SUB_SENTENCE = re.compile(
    r"(?:following|current|approved|authori[sz]ed)\s+sub-?\s?processors?\s*(?:are|is|include)?\s*:[ \t]*(?P<v>[^\n]+)",
    _I,
)
_LEGAL_NAME = LEGAL_PREFIX


def _role(text: str) -> str | None:
    if re.fullmatch(_CONTROLLER_ROLE, text.strip(), _I):
        return "controller"
    if re.fullmatch(_PROCESSOR_ROLE, text.strip(), _I):
        return "processor"
    return None


def _party_candidates(
    pages: Sequence[Page], lines: Sequence[Line]
) -> Iterator[tuple[str, Candidate]]:
    for value, line, quote in labelled(
        lines, label_re(_CONTROLLER_ROLE, _PROCESSOR_ROLE), any_label=_ANY_LABEL
    ):
        role = _role(re.split(r"\s*[:–-]\s*|\s{2,}", line.text)[0]) or _role(
            line.text.split(" ")[0]
        )
        legal = _LEGAL_NAME.match(value)
        name = clean_org(legal["v"] if legal else value.split(",")[0])
        if role and name:
            yield role, Candidate(name, line.page, quote, "label", strong=True)
    for page in pages:
        for m in _ROLE_AFTER.finditer(flowed(page)):
            if (role := _role(m["role"])) and (name := clean_org(last_party(m["v"]))):
                yield role, Candidate(name, page, m.group(0), "role sentence", strong=True)
    yield from _header_row(lines)


def _header_row(lines: Sequence[Line]) -> Iterator[tuple[str, Candidate]]:
    """Parties (and a date) printed as a table: a header row naming the roles over a row of
    names, the names told apart by their legal forms."""
    hint = doc_hint([ln.page for ln in lines[:1]]) if lines else None
    for line, nxt in pairwise(lines):
        roles = [
            _role(w) for w in re.findall(rf"{_CONTROLLER_ROLE}|{_PROCESSOR_ROLE}", line.text, _I)
        ]
        if len(line.text) > 80 or len([r for r in roles if r]) < 2 or nxt.page is not line.page:
            continue
        names, rest = [], nxt.text
        while (m := _LEGAL_NAME.match(rest)) is not None:
            names.append(m["v"])
            rest = rest[m.end() :].strip(" ,;")
        quote = f"{line.text}\n{nxt.text}"
        for role, name in zip(roles, names, strict=False):
            if role and (clean := clean_org(name)):
                yield role, Candidate(clean, nxt.page, quote, "header row", strong=True)
        if names and re.search(r"\bdate\b", line.text, _I) and (dated := dates_in(rest, hint)):
            yield "date", Candidate(dated[0][0], nxt.page, quote, "header row", strong=True)


def _parties(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    found = list(_party_candidates(pages, lines))
    r.decide("controller", [c for role, c in found if role == "controller"], key=name_key)
    processor = [c for role, c in found if role == "processor"]
    if "controller" in r.values:
        processor = [c for c in processor if name_key(c.value) != name_key(r.values["controller"])]
    r.decide("processor", processor, key=name_key)


def _date(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    hint = doc_hint(pages)
    found = [c for role, c in _header_row(lines) if role == "date"]
    found += labelled_dates(lines, _DATE_LABEL, _ANY_LABEL, hint)
    for page in pages:
        for m in _DATE_SENTENCES.finditer(page.squashed):
            found += [
                Candidate(d, page, raw, "sentence", strong=True)
                for d, raw in dates_in(m["v"] or m["w"], hint)[:1]
            ]
    r.decide("date", found)


def _named_set(
    pages: Sequence[Page], table: Sequence[tuple[str, str]]
) -> tuple[list[str], tuple[Page, str] | None]:
    """The values of `table` whose pattern the document prints, in table order, and where
    the first one is printed."""
    hits: list[str] = []
    first: tuple[Page, str] | None = None
    for value, pattern in table:
        for page in pages:
            if m := re.search(pattern, page.squashed, _I):
                hits.append(value)
                first = first or (page, m.group(0))
                break
    return hits, first


def _subprocessors(r: Reading, pages: Sequence[Page], lines: Sequence[Line]) -> None:
    found: list[Candidate] = []
    for page in pages:
        for m in _SUB_SENTENCE.finditer(flowed(page)):
            listed = first_sentence(m["v"])
            items = [clean_org(i.replace("..", ".")) for i in split_items(listed)]
            if items and all(items):
                quote = m.group(0)[: m.start("v") - m.start() + len(listed)]
                found.append(Candidate(tuple(items), page, quote, "sentence", strong=True))
    rows = _listed_after_heading(lines)
    if rows:
        # The whole list when its rows follow one another on one page, else the first row.
        block = "\n".join(ln.text for _, ln in rows)
        page = rows[0][1].page
        quote = (
            block
            if all(ln.page is page for _, ln in rows) and quote_is_on_page(page, block)
            else rows[0][1].text
        )
        found.append(Candidate(tuple(n for n, _ in rows), page, quote, "list", strong=True))
    chosen: Any = r.decide("subprocessors", found, show=lambda v: ", ".join(v))
    if chosen is not None:
        r.values["subprocessors"] = list(chosen)


def _listed_after_heading(lines: Sequence[Line]) -> list[tuple[str, Line]]:
    """Names in the rows or bullets that follow a sub-processor heading."""
    out: list[tuple[str, Line]] = []
    for i, line in enumerate(lines):
        if not (_SUB_HEADING.search(line.text) and len(line.text) <= 80) or out:
            continue
        for row in lines[i + 1 : i + 40]:
            text = re.sub(r"^[•*\-–]\s*", "", row.text)
            m = _LEGAL_NAME.match(text)
            if m is None:
                if out:
                    break
                continue
            if (name := clean_org(m["v"])) is not None:
                out.append((name, row))
    return out


def extract_dpa(pages: Sequence[Page]) -> Extraction[DpaFacts]:
    """Read a data processing agreement (see the module docstring)."""
    r, lines = Reading(), page_lines(pages)
    _parties(r, pages, lines)
    _date(r, pages, lines)
    laws, where = _named_set(pages, _LAWS)
    if where is not None:
        r.put("laws", laws, *where, Confidence.high)
    transfers, where = _named_set(pages, _TRANSFERS)
    if where is not None:
        r.put("transfer_mechanism", ", ".join(transfers), *where, Confidence.high)
    _subprocessors(r, pages, lines)
    return r.extraction(DpaFacts)
