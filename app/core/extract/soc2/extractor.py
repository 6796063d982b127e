"""SOC 2 report extraction (CONTRACT.md §2, `soc2_report`).

Reads the report type, the period ("for the period January 1, 2025 to December 31, 2025";
"as of March 31, 2025" for a Type 1, whose start and end are then the same date), the
service organisation and auditor, the opinion (qualified on "except for", adverse,
disclaimer), the trust services categories in scope, the subservice organisations with
their method, and the number of tested controls with deviations (`soc2_tests`). The type,
period and opinion are read from the front of the report (title, auditor's report), where
they are stated; the rest of a 150-page report is scanned line by line once.
"""

import itertools
import re
from collections.abc import Sequence

from app.core.extract import Extraction
from app.core.extract.soc2.deviations import count_deviations
from app.core.extract.soc2.parties import find_auditor, find_service_org, find_subservices
from app.core.extract.text.dates import DateMatch, find_dates
from app.core.extract.text.lines import Line, document_lines
from app.core.facts import (
    Soc2Opinion,
    Soc2ReportFacts,
    Soc2ReportType,
    Subservice,
    SubserviceMethod,
)
from app.core.pages import Evidence, Page, make_evidence

_FRONT_PAGES = 12
_TYPE = re.compile(r"\bType\s*(?P<t>II|2|I|1)\b")
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


def _report_type(front: Sequence[Page]) -> tuple[Soc2ReportType, Evidence] | None:
    for page in front:
        if m := _TYPE.search(page.squashed):
            kind = Soc2ReportType.type2 if m["t"] in ("II", "2") else Soc2ReportType.type1
            return kind, make_evidence(page, m.group(0))
    return None


def _period(front: Sequence[Page]) -> tuple[DateMatch, DateMatch, Evidence, bool] | None:
    """(start, end, evidence, is_point_in_time) from the first "X to Y" or "as of X"."""
    as_of: tuple[DateMatch, DateMatch, Evidence, bool] | None = None
    for page in front:
        text = page.squashed
        dates = [d for d in find_dates(text) if d.value is not None]
        for a, b in itertools.pairwise(dates):
            if _BETWEEN.match(text[a.end : b.start]) and a.value and b.value and a.value < b.value:
                return a, b, make_evidence(page, text[a.start : b.end]), False
        for d in dates:
            if as_of is None and _AS_OF.search(text[max(0, d.start - 12) : d.start]):
                as_of = d, d, make_evidence(page, text[max(0, d.start - 6) : d.end]), True
    return as_of


def _categories(front: Sequence[Page]) -> tuple[list[str], Evidence] | None:
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
                return found, make_evidence(page, text[lead.start() : lead.end() + len(window)])
    return None


def _opinion(front: Sequence[Page]) -> tuple[Soc2Opinion, Evidence] | None:
    """The opinion, read only from pages of the auditor's report (not the description)."""
    report = [p for p in front if re.search(r"opinion", p.squashed, re.I)]
    for opinion, pattern in _OPINIONS:
        for page in report:
            if m := pattern.search(page.squashed):
                return opinion, make_evidence(page, m.group(0)[:200])
    return None


def _signature_date(lines: Sequence[Line], firm: Line) -> tuple[object, Evidence] | None:
    """The report date: the first date printed within a few lines under the signing firm."""
    at = next((i for i, ln in enumerate(lines) if ln is firm), None)
    for ln in lines[at + 1 : at + 5] if at is not None else ():
        found = [d for d in find_dates(ln.text) if d.value is not None]
        if found:
            return found[0].value, make_evidence(ln.page, found[0].raw)
    return None


def _cite(line: Line, quote: str) -> Evidence:
    return make_evidence(line.page, quote)


def extract_soc2_report(pages: Sequence[Page]) -> Extraction[Soc2ReportFacts]:
    """Every CONTRACT §2 fact of a SOC 2 report, each with a verbatim quote from its page."""
    front = pages[:_FRONT_PAGES]
    lines = document_lines(pages)
    values: dict[str, object] = {}
    evidence: dict[str, Evidence] = {}
    warnings: list[str] = []
    if found_type := _report_type(front):
        values["report_type"], evidence["report_type"] = found_type
    if period := _period(front):
        start, end, ev, point = period
        values["period_start"], values["period_end"] = start.value, end.value
        evidence["period_start"] = evidence["period_end"] = ev
        if point and "report_type" not in values:
            values["report_type"], evidence["report_type"] = Soc2ReportType.type1, ev
    if org := find_service_org(lines):
        values["service_organization"], evidence["service_organization"] = (
            org[0],
            _cite(org[1], org[0]),
        )
    if auditor := find_auditor(lines, org[0] if org else None):
        values["service_auditor"], evidence["service_auditor"] = (
            auditor[0],
            _cite(auditor[1], auditor[0]),
        )
        if signed := _signature_date(lines, auditor[1]):
            values["report_date"], evidence["report_date"] = signed
    if tsc := _categories(front):
        values["trust_services_categories"], evidence["trust_services_categories"] = tsc
    if opinion := _opinion(front):
        values["opinion"], evidence["opinion"] = opinion
    exclude = {
        str(values.get("service_organization") or ""),
        str(values.get("service_auditor") or ""),
    }
    subs = find_subservices(lines, exclude)
    if subs:
        values["subservice_organizations"] = [
            Subservice(name=n, method=SubserviceMethod(m)) for n, m, _ in subs
        ]
        evidence["subservice_organizations"] = _cite(subs[0][2], subs[0][0])
    if deviations := count_deviations(lines):
        values["exceptions_count"] = deviations.count
        evidence["exceptions_count"] = _cite(deviations.cite, deviations.cite.text)
    elif values.get("report_type") == Soc2ReportType.type2:
        warnings.append("no test results found: exceptions_count left null")
    facts = Soc2ReportFacts.model_validate(values)
    return Extraction(facts=facts, evidence=evidence, warnings=warnings)
