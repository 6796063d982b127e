"""Deviations counted from a SOC 2 report's tests of controls (CONTRACT.md §2, `exceptions_count`).

`exceptions_count` is the number of tested controls whose result notes a deviation, read
from the test tables, not from a summary sentence: a summary may round, and a control tested
three ways with two deviations is one control. Rows start at a line that begins with a
control reference (`C-02`, `CC6.1.3`, `1.4`, `AC-07`); the reference shape used is the one
that starts most rows on the pages holding test results. Negated results ("No exceptions
noted", "no deviations were noted") do not count. Sections after the tests (management's
responses, other information) repeat the deviations and are left out.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.extract.text.lines import Line

_RESULT = re.compile(
    r"\b(?:exceptions?|deviations?)\s+(?:(?:was|were|has\s+been|have\s+been|is|are)\s+)?"
    r"(?:noted|identified|found|observed)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(r"\b(?:no|not|none|without|nil)\b[^.;:]*$", re.IGNORECASE)
_REF = re.compile(r"^(?P<ref>(?:[A-Z]{1,4}\s?[-.]?\s?)?\d{1,3}(?:[.\-]\d{1,3}){0,3})(?=[\s:)]|$)")
_AFTER_TESTS = re.compile(
    r"^(?:section\s+[v5]\b|other\s+information\s+provided|management['’]s\s+responses?\b)",
    re.IGNORECASE,
)


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
    pages_with_results = {ln.page.number for ln in lines if _RESULT.search(ln.text)}
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


def count_deviations(lines: Sequence[Line]) -> DeviationCount | None:
    """Distinct tested controls with a deviation; None when no test results were found."""
    tested = _test_lines(lines)
    if not tested:
        return None
    deviating: dict[str, Line] = {}
    for ref, row in _rows(tested):
        if ref in deviating or not is_deviation(" ".join(ln.text for ln in row)):
            continue
        deviating[ref] = next((ln for ln in row if is_deviation(ln.text)), row[0])
    if not deviating:
        cite = next(ln for ln in tested if _RESULT.search(ln.text))
        return DeviationCount(0, cite)
    return DeviationCount(len(deviating), next(iter(deviating.values())))
