"""SOC report extraction: SOC 2, and the SOC 1 and SOC 3 facts that apply (CONTRACT.md §2).

Reads the report type ("Type 2", "TYPE II"), the period ("for the period January 1, 2025 to
December 31, 2025"; "as of March 31, 2025" for a Type 1, whose start and end are then the same
date), the service organisation and auditor (`parties`, chosen among candidates), the report
date (the date under the auditor's signature), the opinion (qualified on "except for",
adverse, disclaimer), the trust services categories in scope, the subservice organisations
with their method, and the number of tested controls with deviations (`deviations`). The
type, period and opinion are read from the front of the report (title, auditor's report),
where they are stated; the rest of a 150-page report is scanned line by line once.

A SOC 1 report (controls over financial reporting) carries the type, parties, period, date
and opinion; a SOC 3 (general use, no tests) the parties, period, date, categories and
opinion.
"""

import itertools
import re
from collections.abc import Sequence
from datetime import date

from app.core.extract import Extraction
from app.core.extract.soc2.deviations import read_exceptions
from app.core.extract.soc2.parties import find_subservices, read_parties
from app.core.extract.text.candidates import FactSheet
from app.core.extract.text.dates import DateMatch, find_dates
from app.core.extract.text.lines import Line, document_lines
from app.core.facts import (
    Confidence,
    Facts,
    Soc1ReportFacts,
    Soc2Opinion,
    Soc2ReportFacts,
    Soc2ReportType,
    Soc3ReportFacts,
    Subservice,
    SubserviceMethod,
)
from app.core.kinds import DocumentKind
from app.core.pages import Evidence, Page

_FRONT_PAGES = 12
_TYPE = re.compile(r"\bType\s*(?P<t>II|2|I|1)\b", re.IGNORECASE)
_BETWEEN = re.compile(
    r"^\s*,?\s*(?:to|through|thru|until|and\s+ending(?:\s+on)?|-|–|—)\s*$", re.IGNORECASE
)
_AS_OF = re.compile(r"\bas\s+of\s*$", re.IGNORECASE)
_CATEGORIES = {
    "security": r"security|common\s+criteria",
    "availability": r"availability",
    "processing_integrity": r"processing\s+integrity",
    "confidentiality": r"confidentiality",
    "privacy": r"privacy",
}
_TSC_LEAD = re.compile(
    r"\b(?:relevant\s+to|criteria\s+for|categor(?:y|ies)(?:\s+in\s+scope)?\s*[:：]|"
    r"trust\s+services\s+criteria\s+(?:for|of))\s+",
    re.IGNORECASE,
)
_OPINIONS = (
    (
        Soc2Opinion.disclaimer,
        re.compile(r"do\s+not\s+express\s+an\s+opinion|disclaimer\s+of\s+opinion", re.I),
    ),
    (Soc2Opinion.adverse, re.compile(r"\badverse\s+opinion", re.I)),
    (Soc2Opinion.qualified, re.compile(r"\bqualified\s+opinion|\bexcept\s+for\b", re.I)),
    (Soc2Opinion.unqualified, re.compile(r"\bin\s+our\s+opinion\b", re.I)),
)
_FACTS: dict[DocumentKind, type[Facts]] = {
    DocumentKind.soc1_report: Soc1ReportFacts,
    DocumentKind.soc2_report: Soc2ReportFacts,
    DocumentKind.soc3_report: Soc3ReportFacts,
}


def _report_type(front: Sequence[Page]) -> tuple[Soc2ReportType, Page, str] | None:
    for page in front:
        if m := _TYPE.search(page.squashed):
            kind = Soc2ReportType.type2 if m["t"].upper() in ("II", "2") else Soc2ReportType.type1
            return kind, page, m.group(0)
    return None


def _period(front: Sequence[Page]) -> tuple[DateMatch, DateMatch, Page, str, bool] | None:
    """(start, end, page, quote, is_point_in_time) from the first "X to Y" or "as of X"."""
    as_of: tuple[DateMatch, DateMatch, Page, str, bool] | None = None
    for page in front:
        text = page.squashed
        dates = [d for d in find_dates(text) if d.value is not None]
        for a, b in itertools.pairwise(dates):
            if _BETWEEN.match(text[a.end : b.start]) and a.value and b.value and a.value < b.value:
                return a, b, page, text[a.start : b.end], False
        for d in dates:
            if as_of is None and _AS_OF.search(text[max(0, d.start - 12) : d.start]):
                as_of = d, d, page, text[max(0, d.start - 6) : d.end], True
    return as_of


def _categories(front: Sequence[Page]) -> tuple[list[str], Page, str] | None:
    for page in front:
        text = page.squashed
        for lead in _TSC_LEAD.finditer(text):
            window = text[lead.end() : lead.end() + 120]
            if dates := find_dates(window):
                window = window[: dates[0].start]
            window = re.split(r"[.;(]|\bTSP\b|\bIndependent\b", window)[0]
            found = [
                k for k, pat in _CATEGORIES.items() if re.search(rf"\b(?:{pat})\b", window, re.I)
            ]
            if found:
                return found, page, text[lead.start() : lead.end() + len(window)]
    return None


_IN_OUR_OPINION = re.compile(r"\bin\s+our\s+opinion\b", re.I)
_EXCEPT_FOR = re.compile(r"\bexcept\s+for\b", re.I)


def _opinion(front: Sequence[Page]) -> tuple[Soc2Opinion, Page, str, Confidence] | None:
    """The opinion, read only from pages of the auditor's report (not the description).

    "Except for" qualifies the opinion only inside the opinion's own sentence ("In our
    opinion, except for the effects of ..."); elsewhere (a carved-out subservice organisation,
    "except for the controls of ...") it says nothing about the opinion. Read alone, with no
    opinion sentence in sight, it is a weak cue: low confidence."""
    report = [p for p in front if re.search(r"opinion", p.squashed, re.I)]
    for opinion, pattern in _OPINIONS:
        for page in report:
            for m in pattern.finditer(page.squashed):
                if opinion is Soc2Opinion.qualified and _EXCEPT_FOR.match(m.group(0)):
                    before = page.squashed[max(0, m.start() - 60) : m.start()]
                    if not _IN_OUR_OPINION.search(before):
                        continue
                return opinion, page, m.group(0)[:200], Confidence.high
    for page in report:
        if weak := _EXCEPT_FOR.search(page.squashed):
            return Soc2Opinion.qualified, page, weak.group(0), Confidence.low
    return None


def _signature_date(lines: Sequence[Line], firm: Evidence) -> tuple[date, Page, str] | None:
    """The report date: the first date printed within a few lines under the signing firm."""
    at = next(
        (
            i
            for i, ln in enumerate(lines)
            if ln.page.number == firm.page and firm.quote in " ".join(ln.text.split())
        ),
        None,
    )
    for ln in lines[at + 1 : at + 5] if at is not None else ():
        found = [d for d in find_dates(ln.text) if d.value is not None]
        if found and found[0].value is not None:
            return found[0].value, ln.page, found[0].raw
    return None


def _dated_after_opinion(lines: Sequence[Line]) -> tuple[date, Page, str] | None:
    """The report date: a line that is only a date, printed under the opinion (with the
    firm's signature and city), within the next lines."""
    at = next((i for i, ln in enumerate(lines) if "in our opinion" in ln.text.lower()), None)
    if at is None:
        at = next((i for i, ln in enumerate(lines) if "opinion" in ln.text.lower()), None)
    for ln in lines[at + 1 : at + 30] if at is not None else ():
        found = [d for d in find_dates(ln.text) if d.value is not None]
        if found and found[0].value and len(ln.text) <= len(found[0].raw) + 4:
            return found[0].value, ln.page, found[0].raw
    return None


def _front_facts(sheet: FactSheet, front: Sequence[Page], kind: DocumentKind) -> None:
    if kind is not DocumentKind.soc3_report and (found_type := _report_type(front)):
        sheet.put("report_type", *found_type)
    if period := _period(front):
        start, end, page, quote, point = period
        sheet.put("period_start", start.value, page, quote)
        sheet.put("period_end", end.value, page, quote)
        if point and "report_type" not in sheet.values and kind is not DocumentKind.soc3_report:
            sheet.put("report_type", Soc2ReportType.type1, page, quote)
    if kind is not DocumentKind.soc1_report and (tsc := _categories(front)):
        sheet.put("trust_services_categories", *tsc)
    if opinion := _opinion(front):
        sheet.put("opinion", *opinion)


def extract_soc_report(
    pages: Sequence[Page], kind: DocumentKind = DocumentKind.soc2_report
) -> Extraction[Facts]:
    """Every CONTRACT §2 fact of a SOC report of `kind`, each with a verbatim quote."""
    front = pages[:_FRONT_PAGES]
    lines = document_lines(pages)
    sheet = FactSheet()
    _front_facts(sheet, front, kind)
    org, auditor = read_parties(lines, pages)
    sheet.take("service_organization", org)
    sheet.take("service_auditor", auditor)
    signed = _dated_after_opinion(lines)
    if signed is None and auditor.evidence is not None:
        signed = _signature_date(lines, auditor.evidence)
    if signed is not None:
        sheet.put("report_date", *signed)
    if kind is DocumentKind.soc2_report:
        _soc2_facts(sheet, lines, pages)
    facts = _FACTS[kind].model_validate(sheet.values)
    return Extraction(
        facts=facts, evidence=sheet.evidence, warnings=sheet.warnings, confidence=sheet.confidence
    )


def _soc2_facts(sheet: FactSheet, lines: Sequence[Line], pages: Sequence[Page]) -> None:
    exclude = {
        str(sheet.values.get("service_organization") or ""),
        str(sheet.values.get("service_auditor") or ""),
    }
    subs = find_subservices(lines, exclude)
    if subs:
        values = [Subservice(name=n, method=SubserviceMethod(m)) for n, m, _ in subs]
        sheet.put("subservice_organizations", values, subs[0][2].page, subs[0][0])
    exceptions = read_exceptions(lines, pages)
    if exceptions.value is None and exceptions.warning is None:
        if sheet.values.get("report_type") == Soc2ReportType.type2:
            sheet.warn("exceptions_count: no test results found; left empty")
        return
    sheet.take("exceptions_count", exceptions)


def extract_soc2_report(pages: Sequence[Page]) -> Extraction[Soc2ReportFacts]:
    """A SOC 2 report's facts (see `extract_soc_report`)."""
    found = extract_soc_report(pages, DocumentKind.soc2_report)
    assert isinstance(found.facts, Soc2ReportFacts)
    return Extraction(found.facts, found.evidence, found.warnings, found.confidence)
