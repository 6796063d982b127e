"""One SoA row's cells from its text or its table cells (CONTRACT.md §2, `soa` controls).

A row arrives either as flat text (the control id removed) such as
"Secure coding Yes Required by customers Implemented", as labelled text such as
"Secure coding: Applicable: Yes Implemented: No Justification: ...", or as table cells.
Applicability is read from the first applicability marker (Yes/No, Y/N, Applicable, Not
applicable, Excluded, ticks); the title is what precedes it and the justification what follows,
less an implementation status at either end.
"""

import re
from dataclasses import dataclass

_TRUE = {"yes", "y", "applicable", "included", "selected", "✓", "✔", "☑", "☒", "x"}
_FALSE = {
    "no", "n", "not applicable", "n/a", "na", "excluded", "not included", "not selected",
    "✗", "✘", "☐", "×",
}  # fmt: skip
# Case-sensitive on purpose: a lower-case "no" inside a justification is prose, not a cell.
_MARK = (
    r"(?:Not\s+[Aa]pplicable|NOT\s+APPLICABLE|Not\s+[Ii]ncluded|Not\s+[Ss]elected|N/A"
    r"|Applicable|APPLICABLE|Excluded|EXCLUDED|Included|INCLUDED|Selected|Yes|YES|No|NO|NA|Y|N)"
)
MARK_RE = re.compile(rf"(?<![\w/]){_MARK}(?![\w/])|[✓✔☑☒✗✘☐×]")
_TICKS = frozenset("✓✔☑☒✗✘☐×")
_STATUS_RE = re.compile(
    r"(?:Partially\s+[Ii]mplemented|Not\s+[Ii]mplemented|Not\s+[Yy]et\s+[Ii]mplemented|"
    r"Implemented|IMPLEMENTED|In\s+[Pp]rogress|Planned|Excluded|N/A)"
)
_STATUS_VALUES: dict[str, bool | None] = {
    "implemented": True,
    "partially implemented": False,
    "not implemented": False,
    "not yet implemented": False,
    "in progress": False,
    "planned": False,
    "excluded": None,
    "n/a": None,
}
_LABEL_RE = re.compile(
    r"(?P<label>Applicab(?:le|ility)|Included|Selected|Implemented|Implementation(?:\s+status)?|"
    r"Status|Justification|Reason(?:\s+for\s+\w+(?:\s*/\s*\w+)?)?|Rationale|Comments?)\s*[:=]",
    re.IGNORECASE,
)


@dataclass
class RowCells:
    """The cells of one SoA row, before the id is checked against the edition."""

    title: str | None = None
    applicable: bool | None = None
    implemented: bool | None = None
    justification: str | None = None


def mark_value(token: str) -> bool | None:
    """True/False for an applicability marker or cell ("Yes", "Not applicable", "✓"), else None."""
    t = re.sub(r"\s+", " ", token.strip()).lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    return None


def status_value(token: str) -> bool | None:
    """Implementation status of a cell: Implemented -> True, Planned/Not implemented -> False."""
    t = re.sub(r"\s+", " ", token.strip()).lower()
    if t in _STATUS_VALUES:
        return _STATUS_VALUES[t]
    return mark_value(t)


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    t = re.sub(r"\s+", " ", text).strip(" \t:;|-–—")
    return t or None


def _split_status(rest: str) -> tuple[bool | None, str]:
    """Take an implementation status from the start or the end of `rest`."""
    rest = rest.strip()
    m = re.match(rf"(?:{_STATUS_RE.pattern})(?!\w)", rest)
    if m:
        return status_value(m.group(0)), rest[m.end() :]
    last = None
    for found in _STATUS_RE.finditer(rest):
        last = found
    if last is not None and not rest[last.end() :].strip(" .;|"):
        return status_value(last.group(0)), rest[: last.start()]
    return None, rest


def parse_labelled(text: str) -> RowCells | None:
    """Parse "Title: Applicable: Yes Implemented: No Justification: ..." (list layout)."""
    labels = list(_LABEL_RE.finditer(text))
    if not labels or not any(_role(m["label"]) == "applicable" for m in labels):
        return None
    cells = RowCells(title=_clean(text[: labels[0].start()]))
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        value = text[m.end() : end].strip()
        role = _role(m["label"])
        if role == "applicable":
            found = MARK_RE.match(value)
            cells.applicable = mark_value(found.group(0)) if found else mark_value(value)
        elif role == "implemented":
            cells.implemented = status_value(value.split(".")[0]) if value else None
        elif role == "justification":
            cells.justification = _clean(value)
    return cells


def _role(label: str) -> str:
    low = label.lower()
    if low.startswith(("justif", "reason", "rational", "comment")):
        return "justification"
    if low.startswith(("implement", "status")):
        return "implemented"
    return "applicable"


def parse_row_text(text: str, *, implemented_column: bool = False) -> RowCells:
    """Split a row's flat text (id removed) into title, applicability, status, justification.

    `implemented_column`: the header puts an "Implemented" Yes/No column right after the
    applicability column, so a second marker there is the implementation status (without that
    header, "No No server rooms" reads as an exclusion justified by "No server rooms").
    """
    labelled = parse_labelled(text)
    if labelled is not None:
        return labelled
    mark = MARK_RE.search(text)
    if mark is None:
        status, rest = _split_status(text)
        return RowCells(title=_clean(rest), implemented=status)
    cells = RowCells(title=_clean(text[: mark.start()]), applicable=mark_value(mark.group(0)))
    rest = text[mark.end() :]
    second = MARK_RE.match(rest.lstrip())
    # A tick never opens a justification, so a second tick is always a status column.
    is_status = second is not None and (implemented_column or second.group(0) in _TICKS)
    if second is not None and is_status and mark_value(second.group(0)) is not None:
        # A second marker right after the first is an "Implemented" Yes/No column.
        cells.implemented = mark_value(second.group(0))
        rest = rest.lstrip()[second.end() :]
        cells.justification = _clean(rest)
        return cells
    cells.implemented, rest = _split_status(rest)
    cells.justification = _clean(rest)
    return cells
