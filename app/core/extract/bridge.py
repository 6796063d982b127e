"""SOC 2 bridge (gap) letter extraction (CONTRACT.md §2, `soc2_bridge_letter`).

A bridge letter is one or two pages of prose from the service organisation: its date, the
SOC 2 report it bridges (the report's period, and its date when cited: a letter citing a
report dated after the letter itself is inconsistent), the date through which management
asserts no material change, and whether changes are reported. Periods are told apart by
their sentence: one about changes, a bridge or a gap is the bridge period; the other is the
report's.
"""

import datetime as dt
import itertools
import re
from collections.abc import Sequence

from app.core.extract import Extraction
from app.core.extract.text.dates import DateMatch, find_dates
from app.core.facts import BridgeLetterFacts
from app.core.pages import Evidence, Page, make_evidence

# Names do not run over a line break: "Dear Customer,\nAcme LLC" is two things.
_NAME = r"(?P<v>[A-Z][\w&.,'’-]*(?:[ \t]+(?:&[ \t]+|and[ \t]+|of[ \t]+)?[A-Z][\w&.,'’-]*){0,6})"
_ORG_PATTERNS = (
    re.compile(r"\bservice\s+organi[sz]ation\s*[:：]\s*(?P<v>[^\n]+?)\s*$", re.I | re.M),
    re.compile(
        rf"\b(?:related\s+to|regarding|for|of|on)\s+{_NAME}['’]s\s+(?:[A-Z]\w+\s+)?(?:System|system|Services?|services?|Platform|platform)\b"
    ),
    re.compile(rf"\b(?:[Mm]anagement\s+of|on\s+behalf\s+of)\s+{_NAME}"),
    re.compile(rf"\b{_NAME}\s+\((?:the\s+)?[“\"]"),
)
_AUDITOR_PATTERNS = (
    re.compile(r"\b(?:independent\s+)?service\s+auditor\s*[:：]\s*(?P<v>[^\n]+?)\s*$", re.I | re.M),
    re.compile(
        rf"\b(?:issued|performed|prepared|conducted|completed|examined|audited)\s+by\s+{_NAME}"
    ),
    re.compile(rf"\b(?:engaged|retained)\s+{_NAME}\s+(?:to|as)\s"),
    re.compile(
        rf"\b{_NAME}\s+(?:prepared|issued|performed|conducted|completed)\s+(?:the|our|its)\s+(?:latest\s+|most\s+recent\s+|last\s+)?(?:SOC|report|examination)"
    ),
)
_BETWEEN = re.compile(r"^\s*,?\s*(?:to|through|thru|until|and\s+ending(?:\s+on)?|-|–|—)\s*$", re.I)
_BRIDGE_CONTEXT = re.compile(r"chang|bridge|gap|since|subsequent", re.I)
_END_LEAD = re.compile(r"(?:as\s+of|through|thru|until|to|ending(?:\s+on)?)\s*,?\s*$", re.I)
_REPORT_DATE_BEFORE = re.compile(
    r"(?:report|examination)\s+(?:was\s+)?(?:dated|issued(?:\s+on)?|signed(?:\s+on)?|date(?:d)?\s*:?)\s*$",
    re.I,
)
_REPORT_DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:SOC\s*[12]\s+(?:Type\s+(?:II|I|1|2)\s+)?)?report\b", re.I
)
_NO_CHANGE = re.compile(
    r"\b(?:not\s+aware\s+of\s+any|(?:there\s+(?:have|has)\s+been\s+)?no|not\s+(?:been\s+)?(?:any|made\s+any))"
    r"\s+(?:\w+\s+){0,2}(?:material|significant)\s+changes?",
    re.I,
)
_CHANGE = re.compile(
    r"\b(?:following|these)\s+(?:material|significant)\s+changes?|(?:material|significant)\s+changes?\s+"
    r"(?:were|have\s+been|has\s+been|was)\s+(?:made|identified|implemented|introduced)",
    re.I,
)


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right = text.find(". ", end)
    return text[left + 1 : right if right != -1 else len(text)]


def _first(
    pages: Sequence[Page], patterns: Sequence[re.Pattern[str]]
) -> tuple[str, Evidence] | None:
    for pattern in patterns:
        for page in pages:
            if m := pattern.search(page.text):
                value = m["v"].strip(" ,.;:")
                return value, make_evidence(page, value)
    return None


def _letter_date(page: Page) -> tuple[dt.date, Evidence] | None:
    for raw in page.text.splitlines()[:15]:
        line = " ".join(raw.split())
        found = [d for d in find_dates(line) if d.value is not None]
        if found and len(line) <= len(found[0].raw) + 25:
            assert found[0].value is not None
            return found[0].value, make_evidence(page, found[0].raw)
    return None


def _periods(page: Page) -> list[tuple[DateMatch, DateMatch, bool]]:
    """Date ranges on the page, each flagged True when its sentence is about changes/a bridge."""
    text = page.squashed
    dates = [d for d in find_dates(text) if d.value is not None]
    out = []
    for a, b in itertools.pairwise(dates):
        if _BETWEEN.match(text[a.end : b.start]):
            out.append((a, b, bool(_BRIDGE_CONTEXT.search(_sentence(text, a.start, b.end)))))
    return out


def _bridge_end(page: Page, report_end: dt.date | None) -> tuple[dt.date, Evidence] | None:
    """The date through which no change is asserted: "as of/through X" in a sentence on changes."""
    text = page.squashed
    for d in find_dates(text):
        if d.value is None or d.value == report_end:
            continue
        lead = _END_LEAD.search(text[max(0, d.start - 16) : d.start])
        sentence = _sentence(text, d.start, d.end)
        if (
            lead
            and _BRIDGE_CONTEXT.search(sentence)
            and not _REPORT_DATE_AFTER.match(text[d.end :])
        ):
            return d.value, make_evidence(page, text[max(0, d.start - 16) + lead.start() : d.end])
    return None


def _report_date(page: Page) -> tuple[dt.date, Evidence] | None:
    text = page.squashed
    for d in find_dates(text):
        if d.value is None:
            continue
        before = _REPORT_DATE_BEFORE.search(text[max(0, d.start - 40) : d.start])
        after = _REPORT_DATE_AFTER.match(text[d.end : d.end + 40])
        if before or after:
            start = max(0, d.start - 40) + before.start() if before else d.start
            end = d.end + after.end() if after else d.end
            return d.value, make_evidence(page, text[start:end])
    return None


def _material_changes(pages: Sequence[Page]) -> tuple[bool, Evidence] | None:
    for value, pattern in ((False, _NO_CHANGE), (True, _CHANGE)):
        for page in pages:
            if m := pattern.search(page.squashed):
                return value, make_evidence(page, m.group(0))
    return None


def extract_bridge_letter(pages: Sequence[Page]) -> Extraction[BridgeLetterFacts]:
    """Every CONTRACT §2 fact of a bridge letter plus the cited report's date, with quotes."""
    values: dict[str, object] = {}
    evidence: dict[str, Evidence] = {}

    def put(name: str, found: tuple[object, Evidence] | None) -> None:
        if found is not None:
            values[name], evidence[name] = found

    put("service_organization", _first(pages, _ORG_PATTERNS))
    put("service_auditor", _first(pages, _AUDITOR_PATTERNS))
    if pages:
        put("letter_date", _letter_date(pages[0]))
    for page in pages:
        for a, b, about_changes in _periods(page):
            if about_changes:
                put(
                    "bridge_period_end",
                    (b.value, make_evidence(page, page.squashed[a.start : b.end])),
                )
            elif "report_period_start" not in values:
                ev = make_evidence(page, page.squashed[a.start : b.end])
                put("report_period_start", (a.value, ev))
                put("report_period_end", (b.value, ev))
    report_end = values.get("report_period_end")
    for page in pages:
        if "bridge_period_end" not in values:
            put(
                "bridge_period_end",
                _bridge_end(page, report_end if isinstance(report_end, dt.date) else None),
            )
        if "report_date" not in values:
            put("report_date", _report_date(page))
    put("material_changes", _material_changes(pages))
    warnings = []
    letter, cited = values.get("letter_date"), values.get("report_date")
    if isinstance(letter, dt.date) and isinstance(cited, dt.date) and cited > letter:
        warnings.append(f"the letter dated {letter} cites a report dated {cited}, after the letter")
    return Extraction(
        facts=BridgeLetterFacts.model_validate(values), evidence=evidence, warnings=warnings
    )
