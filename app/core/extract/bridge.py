"""SOC 2 bridge (gap) letter extraction (CONTRACT.md §2, `soc2_bridge_letter`).

A bridge letter is one or two pages from the service organisation: its date, the SOC 2 report
it bridges (the report's period, its auditor, and its date when cited: a letter citing a
report dated after the letter itself is inconsistent), the date through which management
asserts no material change, and whether changes are reported.

Every fact is chosen among candidates (STYLE rule 14):
- the service organisation from its label, from sentences ("X engaged", "X's system",
  "management of X"), the letterhead or the largest line, and the name under the signature;
- the service auditor from its label ("Service auditor", "Independent auditor", "Examined
  by") and from sentences ("engaged X to", "performed by X", "X issued the report"); a name
  that is the organisation's is never the auditor's;
- the periods from labelled rows first ("Report period", "Period covered", "Examination
  period"; "Bridge period", "Gap period", "Period covered by this letter"), then from
  sentences: a date range in a sentence about changes or a bridge is the bridge period, any
  other the report's; "as of / through X" in a sentence about changes ends the bridge period.
A fact whose cues disagree is left null with a warning.
"""

import datetime as dt
import itertools
import re
from collections.abc import Iterator, Sequence

from app.core.extract import Extraction
from app.core.extract.text import layout, orgs
from app.core.extract.text.candidates import Candidate, FactSheet, choose
from app.core.extract.text.dates import DateMatch, find_dates
from app.core.extract.text.labels import lines
from app.core.extract.text.names import has_legal_form
from app.core.facts import BridgeLetterFacts, Confidence
from app.core.names import normalise
from app.core.pages import Page

F = re.IGNORECASE
_N = orgs.LINE_CAPNAME
_ORG_LABEL = re.compile(
    r"^(?:[-•*]\s*)?(?:service\s+organi[sz]ation|company|organi[sz]ation|entity|from)"
    r"(?:\s+name)?\s*(?:[:\-–]\s*|\s+(?=\S))",
    F,
)
_AUDITOR_LABEL = re.compile(
    r"^(?:[-•*]\s*)?(?:(?:independent\s+)?(?:service\s+)?auditor(?:\s+name)?|(?:audit|cpa|accounting)"
    r"\s+firm|examined\s+by|audited\s+by|report\s+(?:issued|prepared)\s+by|examination\s+(?:performed"
    r"|conducted)\s+by|performed\s+by|issued\s+by|(?:independent\s+)?(?:service\s+)?auditor'?s?\s+firm)"
    r"\s*(?:[:\-–]\s*|\s+(?=\S))",
    F,
)
_ORG_SENTENCES = (
    re.compile(rf"(?:related\s+to|regarding|for|of|on|describing)\s+(?P<name>{_N})['’]s\s", F),
    re.compile(rf"(?:management\s+of|on\s+behalf\s+of)\s+(?P<name>{_N})", F),
    re.compile(rf"(?P<name>{_N})\s+\((?:the\s+)?[“\"]", F),
    re.compile(rf"(?:^|\.\s)(?P<name>{_N})\s+(?:engaged|retained|has\s+engaged|received)\s", F),
)
_AUDITOR_SENTENCES = (
    re.compile(
        rf"(?:issued|performed|prepared|conducted|completed|examined|audited|examination)\s+by\s+"
        rf"(?:the\s+(?:independent\s+)?(?:service\s+)?auditors?,?\s+)?(?P<name>{_N})",
        F,
    ),
    re.compile(rf"(?:engaged|retained)\s+(?P<name>{_N})\s+(?:to|as|for)\s", F),
    re.compile(
        rf"(?P<name>{_N}),?\s+(?:prepared|issued|performed|conducted|completed)\s+(?:the|our|its)\s+"
        rf"(?:latest\s+|most\s+recent\s+|last\s+|independent\s+)?(?:SOC|report|examination)",
        F,
    ),
    re.compile(rf"(?:service\s+auditor|independent\s+auditor|CPA\s+firm),?\s+(?P<name>{_N})", F),
)
_REPORT_LABEL = re.compile(
    r"^(?:[-•*]\s*)?(?:(?:soc\s*2\s+)?(?:report(?:ing)?|examination|review|audit|assessment)\s+period"
    r"|period\s+(?:covered\s+by\s+(?:the|our)\s+(?:soc\s*2\s+)?report|of\s+(?:the\s+)?(?:report|examination"
    r"|review)|under\s+(?:review|examination))|(?:report|examination)\s+covers|period\s+covered"
    r"(?!\s+by\s+this))\s*[:\-–]?\s*",
    F,
)
_BRIDGE_LABEL = re.compile(
    r"^(?:[-•*]\s*)?(?:bridge|gap|coverage|letter)\s+(?:period|coverage)(?:\s+end(?:s|ing)?)?"
    r"|^(?:[-•*]\s*)?period\s+covered\s+by\s+this\s+letter|^(?:[-•*]\s*)?bridged\s+through"
    r"|^(?:[-•*]\s*)?no\s+(?:material\s+)?changes?\s+through",
    F,
)
_LETTER_DATE_LABEL = re.compile(r"^(?:date|dated|letter\s+date)\s*[:\-–]?\s*", F)
_BETWEEN = re.compile(
    r"^\s*,?\s*(?:to|through|thru|until|till|and\s+ending(?:\s+on)?|and|-|–|—|to\s+and\s+including)\s*$",
    F,
)
_REPORT_WORDS = re.compile(r"\b(?:SOC\s*2|report|examination|audit)\b", F)
_BRIDGE_CONTEXT = re.compile(r"chang|bridge|gap|since|subsequent", F)
_END_LEAD = re.compile(r"(?:as\s+of|through|thru|until|to|ending(?:\s+on)?)\s*,?\s*$", F)
_REPORT_DATE_BEFORE = re.compile(
    r"(?:report|examination)\s+(?:was\s+)?(?:dated|issued(?:\s+on)?|signed(?:\s+on)?|date(?:d)?\s*:?)\s*$",
    F,
)
_REPORT_DATE_AFTER = re.compile(
    r"^\s*,?\s*(?:SOC\s*[12]\s+(?:Type\s+(?:II|I|1|2)\s+)?)?report\b", F
)
_NO_CHANGE = re.compile(
    r"\b(?:not\s+aware\s+of\s+any|(?:there\s+(?:have|has)\s+been\s+)?no|not\s+(?:been\s+)?(?:any|made\s+any)"
    r"|none\s+of\s+the)\s+(?:\w+\s+){0,2}(?:material|significant)\s+changes?",
    F,
)
_CHANGE = re.compile(
    r"\b(?:following|these|the\s+below)\s+(?:material|significant)\s+changes?|(?:material|significant)"
    r"\s+changes?\s+(?:were|have\s+been|has\s+been|was)\s+(?:made|identified|implemented|introduced)"
    r"|(?:material|significant)\s+changes?\s+(?:have|has)\s+occurred",
    F,
)


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
    right = text.find(". ", end)
    return text[left + 1 : right if right != -1 else len(text)]


# --- parties -------------------------------------------------------------------------------


def _signature(pages: Sequence[Page], cue: str, weight: float) -> Iterator[Candidate]:
    """The organisation named in the last lines of the letter (under the signatory)."""
    if not pages:
        return
    page = pages[-1]
    for line in lines(page)[-4:]:
        c = orgs.candidate(line, page, line, cue, weight)
        if c is not None and has_legal_form(c.value):
            yield c


def _letterhead(pages: Sequence[Page], cue: str, weight: float) -> Iterator[Candidate]:
    """The first line of the letter, or its largest: a letterhead names the sender."""
    if not pages:
        return
    page = pages[0]
    for line in lines(page)[:2]:
        c = orgs.candidate(line, page, line, cue, weight)
        if c is not None and (has_legal_form(c.value) or layout.prominence(page, line) >= 1.3):
            yield c


_DOC_TITLE = re.compile(
    r"^(?:(?:soc\s*2\s+)?(?:bridge|gap)?\s*(?:letter|memo(?:randum)?|notice|statement)"
    r"|management(?:'s)?\s+(?:assertion|representation)s?|to\s+whom\s+it\s+may\s+concern)$",
    F,
)


def _org_candidates(pages: Sequence[Page]) -> list[Candidate]:
    return [c for c in _org_cues(pages) if not _DOC_TITLE.match(c.value)]


def _org_cues(pages: Sequence[Page]) -> list[Candidate]:
    out = [
        *orgs.labelled(pages, _ORG_LABEL, "label", 3.0),
        *_letterhead(pages, "letterhead", 1.5),
        *orgs.prominent(pages, "largest-line", 1.2),
        *_signature(pages, "signature", 1.5),
    ]
    for pattern in _ORG_SENTENCES:
        out.extend(orgs.squashed_sentences(pages, pattern, "sentence", 3.0, folded=False))
    return out


def _auditor_candidates(pages: Sequence[Page]) -> list[Candidate]:
    out = list(orgs.labelled(pages, _AUDITOR_LABEL, "label", 3.0))
    for pattern in _AUDITOR_SENTENCES:
        out.extend(orgs.squashed_sentences(pages, pattern, "sentence", 3.0, folded=False))
    return out


def _support(found: list[Candidate]) -> dict[str, float]:
    best: dict[tuple[str, str], float] = {}
    for c in found:
        best[(c.key, c.cue)] = max(best.get((c.key, c.cue), 0.0), c.weight)
    out: dict[str, float] = {}
    for (key, _), weight in best.items():
        out[key] = out.get(key, 0.0) + weight
    return out


def _parties(pages: Sequence[Page], b: FactSheet) -> None:
    org_c, aud_c = _org_candidates(pages), _auditor_candidates(pages)
    as_org, as_aud = _support(org_c), _support(aud_c)
    # A name proposed for both goes to the party whose cues support it more.
    aud_names = {k for k, v in as_aud.items() if v > as_org.get(k, 0.0)}
    org = orgs.choose_name("service_organization", [c for c in org_c if c.key not in aud_names])
    b.take("service_organization", org)
    taken = {k for k, v in as_org.items() if v >= as_aud.get(k, 0.0)}
    if org.value:
        taken.add(normalise(org.value))
    auditor = orgs.choose_name("service_auditor", [c for c in aud_c if c.key not in taken])
    b.take("service_auditor", auditor)


# --- dates ---------------------------------------------------------------------------------


def _ranges(text: str) -> list[tuple[DateMatch, DateMatch]]:
    dates = [d for d in find_dates(text) if d.value is not None]
    return [(a, b) for a, b in itertools.pairwise(dates) if _BETWEEN.match(text[a.end : b.start])]


def _key(a: dt.date | None, b: dt.date | None) -> str:
    return f"{a}/{b}"


def _labelled_periods(
    pages: Sequence[Page],
) -> tuple[list[Candidate], list[Candidate], set[tuple[int, str]]]:
    """Report ranges and bridge ends printed after their labels, and the lines they used."""
    report: list[Candidate] = []
    bridge: list[Candidate] = []
    used: set[tuple[int, str]] = set()
    for page in pages:
        page_lines = lines(page)
        for i, line in enumerate(page_lines):
            for label, is_bridge in ((_BRIDGE_LABEL, True), (_REPORT_LABEL, False)):
                m = label.match(line)
                if not m:
                    continue
                value, quote = line[m.end() :], line
                if not find_dates(value) and i + 1 < len(page_lines):
                    value, quote = page_lines[i + 1], f"{line}\n{page_lines[i + 1]}"
                found = _ranges(value)
                dates = [d for d in find_dates(value) if d.value is not None]
                if is_bridge and (found or len(dates) == 1):
                    end = found[0][1] if found else dates[0]
                    bridge.append(Candidate(end.value, page, quote, "label", 3.0))
                    used.add((page.number, line))
                elif not is_bridge and found:
                    a, b = found[0]
                    report.append(
                        Candidate(
                            (a.value, b.value), page, quote, "label", 3.0, _key(a.value, b.value)
                        )
                    )
                    used.add((page.number, line))
                break
    return report, bridge, used


def _prose(page: Page, used: set[tuple[int, str]]) -> str:
    """The page's text without the labelled rows already read, whitespace folded."""
    kept = [ln for ln in lines(page) if (page.number, ln) not in used]
    return " ".join(" ".join(kept).split())


def _sentence_periods(
    pages: Sequence[Page], used: set[tuple[int, str]]
) -> tuple[list[Candidate], list[Candidate]]:
    report: list[Candidate] = []
    bridge: list[Candidate] = []
    for page in pages:
        text = _prose(page, used)
        for a, b in _ranges(text):
            quote = text[a.start : b.end]
            sentence = _sentence(text, a.start, b.end)
            if _BRIDGE_CONTEXT.search(sentence):
                about = _NO_CHANGE.search(sentence) or _CHANGE.search(sentence)
                weight = 3.0 if about else 2.0
                bridge.append(Candidate(b.value, page, quote, "range-sentence", weight))
            else:
                key = _key(a.value, b.value)
                weight = 3.0 if _REPORT_WORDS.search(sentence) else 2.0
                report.append(Candidate((a.value, b.value), page, quote, "sentence", weight, key))
    return report, bridge


def _bridge_ends(
    pages: Sequence[Page], used: set[tuple[int, str]], report_end: dt.date | None
) -> Iterator[Candidate]:
    """ "as of / through X" in a sentence on changes or a bridge."""
    for page in pages:
        text = _prose(page, used)
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
                quote = text[max(0, d.start - 16) + lead.start() : d.end]
                # A statement about material changes "as of X" decides alone.
                about = _NO_CHANGE.search(sentence) or _CHANGE.search(sentence)
                yield Candidate(d.value, page, quote, "as-of-sentence", 3.0 if about else 2.0)


def _letter_date(pages: Sequence[Page], b: FactSheet) -> None:
    if not pages:
        return
    page = pages[0]
    for raw in lines(page)[:15]:
        line = " ".join(raw.split())
        label = _LETTER_DATE_LABEL.match(line)
        rest = line[label.end() :] if label else line
        found = [d for d in find_dates(rest) if d.value is not None]
        # A line that is a date (and little else: a place, a label) is the letter's date.
        if found and len(rest) <= len(found[0].raw) + 25:
            b.put("letter_date", found[0].value, page, found[0].raw)
            return


def _report_date(pages: Sequence[Page], b: FactSheet) -> None:
    for page in pages:
        text = page.squashed
        for d in find_dates(text):
            if d.value is None:
                continue
            before = _REPORT_DATE_BEFORE.search(text[max(0, d.start - 40) : d.start])
            after = _REPORT_DATE_AFTER.match(text[d.end : d.end + 40])
            if before or after:
                start = max(0, d.start - 40) + before.start() if before else d.start
                end = d.end + after.end() if after else d.end
                b.put("report_date", d.value, page, text[start:end])
                return


def _material_changes(pages: Sequence[Page], b: FactSheet) -> None:
    seen = {
        value: (page, m.group(0))
        for value, pattern in ((True, _CHANGE), (False, _NO_CHANGE))
        for page in pages
        if (m := pattern.search(page.squashed))
    }
    if len(seen) == 1:
        ((value, (page, quote)),) = seen.items()
        b.put("material_changes", value, page, quote)
    elif seen:
        # Both statements: "no material changes except the following" reads as changes.
        page, quote = seen[True]
        b.put("material_changes", True, page, quote, Confidence.low)


def extract_bridge_letter(pages: Sequence[Page]) -> Extraction[BridgeLetterFacts]:
    """Every CONTRACT §2 fact of a bridge letter plus the cited report's date, with quotes."""
    b = FactSheet()
    _parties(pages, b)
    _letter_date(pages, b)
    report_l, bridge_l, used = _labelled_periods(pages)
    report_s, bridge_s = _sentence_periods(pages, used)
    report = choose("report period", report_l + report_s)
    if report.value is not None:
        start, end = report.value
        b.take("report_period_start", report, start)
        b.take("report_period_end", report, end)
    else:
        b.take("report_period_start", report)
    report_end = b.values.get("report_period_end")
    ends = [*bridge_l, *bridge_s]
    ends += _bridge_ends(pages, used, report_end if isinstance(report_end, dt.date) else None)
    b.take("bridge_period_end", choose("bridge_period_end", ends))
    _report_date(pages, b)
    _material_changes(pages, b)
    letter, cited = b.values.get("letter_date"), b.values.get("report_date")
    if isinstance(letter, dt.date) and isinstance(cited, dt.date) and cited > letter:
        b.warn(f"the letter dated {letter} cites a report dated {cited}, after the letter")
    return Extraction(
        facts=BridgeLetterFacts.model_validate(b.values),
        evidence=b.evidence,
        warnings=b.warnings,
        confidence=b.confidence,
    )
