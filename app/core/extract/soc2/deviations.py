"""Deviations counted from a SOC 2 report's tests of controls (CONTRACT.md §2, `exceptions_count`).

`exceptions_count` is the number of tested controls whose result notes a deviation. It is read
two ways and the two are cross-checked:

- from the test tables: rows start at a line that begins with a reference (`C-02`, `CC6.1`,
  `OP-14`); the reference shape used is the one that starts most rows on the pages holding
  test results. A control with two failing tests counts once; a control listed under two
  criteria (a criteria-first table, where rows start at `CC6.1` and `CC6.2` and both carry
  control `OP-07`) counts once too: a row is identified by the control id it carries when its
  reference is a criterion. Negated results ("No exceptions noted") do not count; when every
  result is clean the count is 0, not unknown. Sections after the tests (management's
  responses, other information) repeat the deviations and are left out.
- from a summary the report prints ("Exceptions were noted in 2 of the 15 controls tested",
  "No exceptions were noted").

When both are read and agree, the count is confident; when one says none and the other some,
the extractor abstains and says why.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.extract.text.candidates import Candidate, Choice, choose
from app.core.extract.text.lines import Line
from app.core.facts import Confidence
from app.core.pages import Page

_RESULT = re.compile(
    r"\b(?:exceptions?|deviations?)\s+(?:(?:was|were|has\s+been|have\s+been|is|are)\s+)?"
    r"(?:noted|identified|found|observed)\b",
    re.IGNORECASE,
)
# A clean result phrased without "noted": these pages hold results too.
_CLEAN_RESULT = re.compile(
    r"\bno\s+(?:relevant\s+)?(?:exceptions?|deviations?)\b|\bwithout\s+exception\b"
    r"|\boperat(?:ed|ing)\s+effectively\b|\bexceptions?\s*:\s*none\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:no|not|none|without|nil)\b[^.;:]*$", re.IGNORECASE)
_REF = re.compile(r"^(?P<ref>(?:[A-Z]{1,4}\s?[-.]?\s?)?\d{1,3}(?:[.\-]\d{1,3}){0,3})(?=[\s:)]|$)")
# Trust services criteria ids: a row that starts with one is a criterion, not a control.
_CRITERION = re.compile(r"^(?:CC|A|C|PI|P)\d{1,2}\.\d{1,2}$")
_CONTROL_ID = re.compile(r"\b(?P<id>[A-Z]{1,5}[-.]?\d{1,3}(?:[.\-]\d{1,3}){0,2})\b")
_AFTER_TESTS = re.compile(
    r"^(?:section\s+[v5]\b|other\s+information\s+provided|management['’]s\s+responses?\b)",
    re.IGNORECASE,
)
_NUMBER = r"(?P<n>\d{1,3}|no|none|zero|one|two|three|four|five|six|seven|eight|nine|ten)"
_WORDS = {
    "no": 0, "none": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_SUMMARY = (
    re.compile(
        rf"(?:exceptions?|deviations?)\s+(?:were|was)\s+(?:noted|identified|found)\s+(?:in|for)\s+"
        rf"{_NUMBER}\s+(?:of\s+(?:the\s+)?\d+\s+)?(?:controls?|tests?)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b{_NUMBER}\s+(?:exceptions?|deviations?)\s+(?:were|was)\s+(?:noted|identified|found)",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?:total|number\s+of)\s+(?:exceptions?|deviations?)(?:\s+(?:noted|identified))?\s*[:=]\s*"
        rf"{_NUMBER}\b",
        re.IGNORECASE,
    ),
)


_SUMMARY_HINT = re.compile(
    r"(?:exceptions?|deviations?)\s+(?:were|was)\s+(?:noted|identified|found)"
    r"|(?:total|number\s+of)\s+(?:exceptions|deviations)",
    re.I,
)
_NONE_NOTED = re.compile(r"\bno\s+(?:exceptions|deviations)\s+were\s+(?:noted|identified)", re.I)


@dataclass(frozen=True)
class DeviationCount:
    """How many tested controls had deviations, and the line to cite for it."""

    count: int
    cite: Line


def is_deviation(text: str) -> re.Match[str] | None:
    """The first result phrase in `text` that reports a deviation (not a negated one)."""
    for m in _RESULT.finditer(text):
        window = text[max(0, m.start() - 40) : m.start()]
        if not _NEGATION.search(window):
            return m
    return None


def _shape(ref: str) -> str:
    return re.sub(r"\d+", "9", ref.replace(" ", ""))


def _test_lines(lines: Sequence[Line]) -> list[Line]:
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page.number, []).append(ln)
    pages_with_results = {
        number
        for number, page_lines in by_page.items()
        if _RESULT.search(text := " ".join(ln.text for ln in page_lines))
        or _CLEAN_RESULT.search(text)
    }
    out: list[Line] = []
    started = False
    for ln in lines:
        if ln.page.number in pages_with_results:
            started = True
        if started and _AFTER_TESTS.match(ln.text):
            break
        if ln.page.number in pages_with_results:
            out.append(ln)
    return out


def _rows(tested: Sequence[Line]) -> list[tuple[str, list[Line]]]:
    shapes = Counter(_shape(m["ref"]) for ln in tested if (m := _REF.match(ln.text)))
    top = shapes.most_common(1)
    shape = top[0][0] if top and top[0][1] >= 3 else None
    rows: list[tuple[str, list[Line]]] = []
    for ln in tested:
        m = _REF.match(ln.text)
        if shape and m and _shape(m["ref"]) == shape:
            rows.append((m["ref"], [ln]))
        elif rows and shape:
            rows[-1][1].append(ln)
        elif shape is None:
            rows.append((ln.text, [ln]))
    return rows


def _identity(ref: str, row: list[Line]) -> str:
    """What a row tests: its reference, or the control id it carries when the reference is a
    trust services criterion (criteria-first tables list one control under several)."""
    if not _CRITERION.match(ref.replace(" ", "")):
        return ref
    rest = row[0].text[len(ref) :]
    for m in _CONTROL_ID.finditer(rest):
        if not _CRITERION.match(m["id"]):
            return m["id"]
    text = " ".join(ln.text for ln in row)
    return re.sub(r"\W+", " ", text[len(ref) :]).strip().lower()[:120]


def count_deviations(lines: Sequence[Line]) -> DeviationCount | None:
    """Distinct tested controls with a deviation; None when no test results were found."""
    tested = _test_lines(lines)
    if not tested:
        return None
    deviating: dict[str, Line] = {}
    for ref, row in _rows(tested):
        key = _identity(ref, row)
        if key in deviating or not is_deviation(" ".join(ln.text for ln in row)):
            continue
        deviating[key] = next((ln for ln in row if is_deviation(ln.text)), row[0])
    if not deviating:
        cite = next(
            (ln for ln in tested if _RESULT.search(ln.text) or _CLEAN_RESULT.search(ln.text)),
            tested[0],
        )
        return DeviationCount(0, cite)
    return DeviationCount(len(deviating), next(iter(deviating.values())))


def _summaries(pages: Sequence[Page]) -> list[Candidate]:
    found = []
    for page in pages:
        if not _SUMMARY_HINT.search(page.squashed):
            continue  # the test tables' own "Exception noted" rows are no summary
        for rx in _SUMMARY:
            for m in rx.finditer(page.squashed):
                raw = m["n"].lower()
                value = int(raw) if raw.isdigit() else _WORDS[raw]
                found.append(Candidate(value, page, m.group(0), "summary", 3.0))
        if none := _NONE_NOTED.search(page.squashed):
            found.append(Candidate(0, page, none.group(0), "summary", 3.0))
    return found


def read_exceptions(lines: Sequence[Line], pages: Sequence[Page]) -> Choice:
    """The exceptions count from the test tables, cross-checked with a printed summary."""
    tables = count_deviations(lines)
    summaries = _summaries(pages[:60])
    summary = choose("exceptions_count", summaries)
    if tables is None:
        return summary
    table = Candidate(tables.count, tables.cite.page, tables.cite.text, "tests", 3.0)
    if summary.value is None or summary.value == table.value:
        agreeing = [c for c in summaries if c.value == table.value]
        return choose("exceptions_count", [table, *agreeing])
    if (summary.value == 0) != (table.value == 0):
        return Choice(
            warning=f"exceptions_count: the test tables show {table.value} controls with "
            f"deviations but the report's summary says {summary.value}; left empty"
        )
    return Choice(
        value=summary.value,
        evidence=summary.evidence,
        confidence=Confidence.low,
        reasons=("summary (3)", f"tests disagree ({table.value})"),
    )
