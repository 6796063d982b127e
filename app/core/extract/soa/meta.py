"""An SoA's own particulars: holder, version, date, certificate number, stated edition
(CONTRACT.md §2, `soa`).

Read from the first pages (a cover page or document-control block), by label first and then
from the document title ("<Holder> - Statement of Applicability"). Dates are never guessed:
an ambiguous numeric date stays null.
"""

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from app.core.extract.text import orgs
from app.core.extract.text.candidates import Candidate, Choice
from app.core.extract.text.dates import find_dates
from app.core.facts import Confidence
from app.core.pages import Evidence, Page, make_evidence

_HOLDER_LABEL = re.compile(
    r"^\s*(?:Organi[sz]ation(?:\s+name)?|Company(?:\s+name)?|Entity|Legal\s+entity|Holder|"
    r"Prepared\s+for|Client)\s*[:：]\s*(?P<v>\S.{1,120}?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_TITLE = re.compile(r"statement\s+of\s+applicability|\bSoA\b", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s+[-–—|:]\s+|\s*[|]\s*")
_VERSION = re.compile(
    r"\b(?:Document\s+)?(?:Version|Revision|Rev\.?|Ver\.?)\s*(?:No\.?|number)?\s*[:#]?\s*"
    r"v?(?P<v>\d+(?:\.\d+){0,3}[a-z]?)\b|(?<![\w/])v(?P<v2>\d+(?:\.\d+){1,3})\b",
    re.IGNORECASE,
)
_DATE_LABEL = re.compile(
    r"\b(?:Dated|Date(?:\s+of\s+(?:issue|approval))?|Effective(?:\s+date)?|Approved(?:\s+on)?|"
    r"Approval\s+date|Issue\s+date|Date\s+issued|Last\s+(?:reviewed|updated)|Published)\b\s*[:：]?\s*",
    re.IGNORECASE,
)
_CERT_NO = re.compile(
    r"\bCertificate\s*(?:No\.?|Number|#)\s*[:：]?\s*(?P<v>[A-Z0-9][A-Z0-9/\-. ]{2,30}[A-Z0-9])",
    re.IGNORECASE,
)
_STANDARD = re.compile(
    r"(?:ISO\s*/?\s*IEC\s*)?27001\s*[:/]\s*(?P<y>2013|2022)|Annex\s+A\s*\((?P<n>93|114)\s+controls",
    re.IGNORECASE,
)
_LEGAL = re.compile(
    r"\b(?:Inc\.?|Ltd\.?|Limited|LLC|LLP|GmbH|plc|PLC|Corp\.?|Corporation|S\.A\.|B\.V\.|AG|A\.Ş\.|Pty)\s*$"
)


@dataclass
class SoaMeta:
    holder: str | None = None
    version: str | None = None
    date: dt.date | None = None
    certificate_number: str | None = None
    stated_edition: str | None = None
    evidence: dict[str, Evidence] = field(default_factory=dict)
    confidence: dict[str, Confidence] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _holder_from_title(line: str) -> str | None:
    m = _TITLE.search(line)
    if m is None:
        return None
    before = _SEPARATOR.split(line[: m.start()].strip())
    if before and before[0].strip(" -–—|:"):
        return before[0].strip(" -–—|:")
    after = re.match(r"\s*(?:of|for|[-–—:])\s+(?P<v>.+)$", line[m.end() :])
    if after:
        return _SEPARATOR.split(after["v"])[0].strip(" -–—|:") or None
    return None


def _title_candidates(pages: Sequence[Page]) -> Iterator[Candidate]:
    for page in pages:
        for line in [" ".join(t.split()) for t in page.text.splitlines() if t.strip()][:25]:
            name = _holder_from_title(line)
            ok = name and not _TITLE.search(name) and len(name) < 100
            if ok and name and (c := orgs.candidate(name, page, line, "title", 2.5)):
                yield c


def read_holder(pages: Sequence[Page]) -> Choice:
    """The SoA's organisation: its label, the title ("X - Statement of Applicability"), the
    running head (often "X    Confidential"), a legal name near the top."""
    label = re.compile(
        r"^\s*(?:Organi[sz]ation(?:\s+name)?|Company(?:\s+name)?|Entity|Legal\s+entity|Holder|"
        r"Prepared\s+for|Client)\s*[:：]\s*",
        re.IGNORECASE,
    )
    first = pages[:3]
    return orgs.choose_name(
        "holder",
        [
            *orgs.labelled(first, label, "label", 3.0),
            *orgs.labelled(first, orgs.GRID_LABEL, "label", 3.0),
            *orgs.header_row(first, "label", 3.0),
            *_title_candidates(first),
            *orgs.in_band(first[:1], "head", "running-head", 2.0, fallback=0),
            *orgs.legal_names(first[:1], "legal-name", 1.0),
        ],
    )


def _find_date(page: Page) -> tuple[dt.date, str] | None:
    page_lines = page.text.splitlines()
    for i, line in enumerate(page_lines):
        for label in _DATE_LABEL.finditer(line):
            found = find_dates(line[label.end() : label.end() + 40])
            if (
                found
                and found[0].value is not None
                and line[label.end() :].lstrip().startswith(found[0].raw[:2])
            ):
                return found[0].value, line[label.start() : label.end() + found[0].end + 1]
            # A header row of labels ("Document version  Date approved") over its values.
            below = page_lines[i + 1] if i + 1 < len(page_lines) else ""
            dated = [d for d in find_dates(below) if d.value is not None]
            if not find_dates(line) and len(dated) == 1 and dated[0].value is not None:
                return dated[0].value, f"{line}\n{below}"
    return None


def soa_metadata(pages: Sequence[Page]) -> SoaMeta:
    """Holder, version, date, certificate number and stated edition from the first pages."""
    meta = SoaMeta()
    holder = read_holder(pages)
    if holder.evidence is not None and holder.confidence is not None:
        meta.holder, meta.evidence["holder"] = holder.value, holder.evidence
        meta.confidence["holder"] = holder.confidence
    elif holder.warning:
        meta.warnings.append(holder.warning)
    for page in pages[:3]:
        if meta.version is None and (m := _VERSION.search(page.text)):
            meta.version = m["v"] or m["v2"]
            meta.evidence["version"] = make_evidence(page, m.group(0))
        if meta.date is None and (d := _find_date(page)):
            meta.date, meta.evidence["date"] = d[0], make_evidence(page, d[1])
        if meta.certificate_number is None and (m := _CERT_NO.search(page.text)):
            meta.certificate_number = m["v"].strip()
            meta.evidence["certificate_number"] = make_evidence(page, m.group(0))
        if meta.stated_edition is None and (m := _STANDARD.search(page.text)):
            meta.stated_edition = m["y"] or ("2022" if m["n"] == "93" else "2013")
            meta.evidence["standard_version"] = make_evidence(page, m.group(0))
    return meta
