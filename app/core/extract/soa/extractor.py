"""Statement of Applicability extraction (CONTRACT.md §2, `soa`).

Rows are found from the text alone: a row starts at a line that begins with an Annex A id in
any common spelling (`A.8.25`, `8.25`, `A 8.25`, `Annex A 8.25`, `A.14.2.1`) and runs until
the next row start, across page breaks; running heads, footers and repeated table headers
are dropped first (`doclines`). Where the PDF shell supplied ruled-table cells for a page
(`Page.tables`, see `tables.py`) those cells are used for that page instead. The edition is
told from the ids (three-part ids are 2013) and, failing that, from the stated standard.
Unknown and duplicated ids are reported in the facts, never dropped silently.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.extract import Extraction
from app.core.extract.soa.annex_a import ANNEX_A, CONTROL_ID_RE, normalise_id
from app.core.extract.soa.meta import soa_metadata
from app.core.extract.soa.rows import RowCells, parse_row_text
from app.core.extract.soa.tables import table_rows
from app.core.extract.text.lines import Line, document_lines, strip_page_footer
from app.core.facts import SoaControl, SoaFacts
from app.core.pages import Evidence, Page, make_evidence

_BULLET = re.compile(r"^[•\-–*▪◦·]\s*")
_HEADER_WORDS = re.compile(
    r"\b(control|title|name|applicable|applicability|included|justification|reason|status|"
    r"implemented|implementation|ref|id|description|selected|rationale|comments?)\b",
    re.IGNORECASE,
)


_LABELLED_VALUE = re.compile(
    r"\b(?:applicab\w*|included|implemented|justification|reason)\s*:\s*\S", re.I
)


@dataclass
class RawRow:
    """A row as found: normalised id, whether printed with an `A` prefix, where, and its cells."""

    control_id: str
    prefixed: bool
    line: Line
    text: str
    cells: RowCells | None = None


def _row_start(text: str) -> tuple[str, bool, str] | None:
    body = _BULLET.sub("", text)
    m = CONTROL_ID_RE.match(body)
    if m is None or (body[m.end() : m.end() + 1] not in ("", " ", ":", "\t", "-", "–", ")")):
        return None
    return normalise_id(m["c"], m["s"], m["t"]), m["prefix"] is not None, body[m.end() :]


def _is_header(text: str) -> bool:
    """A repeated table header ("Control Title Applicable Justification"), not a list row's
    labelled values ("Applicable: No Justification: ...")."""
    if _LABELLED_VALUE.search(text):
        return False
    return len({w.lower() for w in _HEADER_WORDS.findall(text)}) >= 2 and len(text) < 200


def _implemented_column(lines: Sequence[Line]) -> bool:
    """True when the first table header has an Implemented Yes/No column right after applicability."""
    for line in lines:
        if _is_header(line.text):
            low = line.text.lower()
            m = re.search(r"applicab\w*|included|selected", low)
            return bool(m and re.match(r"\s*(\(y/n\)\s*)?implemented\b", low[m.end() :]))
    return False


# Two controls side by side ("A.5.1 Yes Reason   A.7.3 Yes Reason"): a second id followed by
# an applicability value starts a second row.
_APPLICABILITY = r"(?:yes|no|y|n|✓|✔|✗|✘|applicable|not\s+applicable|n/a|included|excluded)\b"
_SECOND_ROW = re.compile(
    rf"\s+(?=(?:A\s?\.?\s?)?(?:[5-8]|1[0-8])\.\d{{1,2}}(?:\.\d{{1,2}})?\s+{_APPLICABILITY})", re.I
)
_FIRST_ROW = re.compile(
    rf"^(?:A\s?\.?\s?)?(?:[5-8]|1[0-8])\.\d{{1,2}}(?:\.\d{{1,2}})?\s+{_APPLICABILITY}", re.I
)


def _columns(line: Line) -> list[Line]:
    """The line, or its two halves when it prints two controls side by side."""
    if not _FIRST_ROW.match(_BULLET.sub("", line.text)):
        return [line]
    parts = _SECOND_ROW.split(line.text)
    return [Line(line.page, p) for p in parts if p.strip()] if len(parts) > 1 else [line]


def text_rows(lines: Sequence[Line], table_pages: set[int]) -> list[RawRow]:
    """Rows found in the text: each id-led line plus its continuation lines (other pages)."""
    rows: list[RawRow] = []
    current: RawRow | None = None
    for line in (part for whole in lines for part in _columns(whole)):
        if line.page.number in table_pages:
            current = None
            continue
        start = _row_start(line.text)
        if start is not None:
            control_id, prefixed, rest = start
            current = RawRow(control_id, prefixed, line, strip_page_footer(rest))
            rows.append(current)
        elif _is_header(line.text):
            continue
        elif current is not None:
            current.text += " " + strip_page_footer(line.text)
    return rows


def detect_edition(ids: Sequence[str], stated: str | None) -> str:
    """ "2013" when three-part 2013 ids outnumber 2022 ids, "2022" when the reverse; else as stated."""
    n2013 = sum(1 for i in ids if i in ANNEX_A["2013"])
    n2022 = sum(1 for i in ids if i in ANNEX_A["2022"] and i.count(".") == 2)
    if n2013 > n2022:
        return "2013"
    if n2022 > n2013:
        return "2022"
    return stated or "2022"


def _keep(row: RawRow, edition: str) -> bool:
    """Rows of the edition, plus unknown ids that look like rows; 2013 objective headings go."""
    if row.control_id in ANNEX_A[edition]:
        return True
    if edition == "2013" and row.control_id.count(".") == 2:
        return False  # "A.9.1 Business requirements of access control": an objective heading
    return row.prefixed or (row.cells is not None and row.cells.applicable is not None)


def _assemble(
    rows: Sequence[RawRow], edition: str
) -> tuple[list[SoaControl], list[str], list[str]]:
    controls: list[SoaControl] = []
    seen: set[str] = set()
    unknown: list[str] = []
    duplicates: list[str] = []
    for row in rows:
        if not _keep(row, edition):
            continue
        if row.control_id not in ANNEX_A[edition]:
            if row.control_id not in unknown:
                unknown.append(row.control_id)
            continue
        if row.control_id in seen:
            if row.control_id not in duplicates:
                duplicates.append(row.control_id)
            continue
        seen.add(row.control_id)
        cells = row.cells or RowCells()
        controls.append(
            SoaControl(
                id=row.control_id,
                title=cells.title,
                applicable=cells.applicable,
                implemented=cells.implemented,
                justification=cells.justification,
                page=row.line.page.number,
            )
        )
    return controls, unknown, duplicates


def extract_soa(pages: Sequence[Page]) -> Extraction[SoaFacts]:
    """Every Annex A row of an SoA (id, title, applicability, status, justification, page),
    with the SoA's edition, holder, version and date, and evidence for each."""
    lines = document_lines(pages)
    table_found = table_rows(pages)
    implemented_col = _implemented_column(lines)
    rows = text_rows(lines, {r.line.page.number for r in table_found}) + table_found
    rows.sort(key=lambda r: r.line.page.number)
    for row in rows:
        if row.cells is None:
            row.cells = parse_row_text(row.text, implemented_column=implemented_col)
    meta = soa_metadata(pages)
    edition = detect_edition([r.control_id for r in rows], meta.stated_edition)
    controls, unknown, duplicates = _assemble(rows, edition)
    evidence: dict[str, Evidence] = dict(meta.evidence)
    warnings: list[str] = list(meta.warnings)
    first = next((r for r in rows if r.control_id in ANNEX_A[edition]), None)
    if first is not None:
        evidence["controls"] = make_evidence(first.line.page, first.line.text)
        evidence.setdefault("standard_version", evidence["controls"])
    elif meta.stated_edition is None:
        warnings.append("no Annex A control rows found")
    facts = SoaFacts(
        standard_version=edition if (controls or meta.stated_edition) else None,
        holder=meta.holder,
        version=meta.version,
        date=meta.date,
        certificate_number=meta.certificate_number,
        controls=controls,
        unknown_control_ids=unknown,
        duplicate_control_ids=duplicates,
    )
    if facts.standard_version is None:
        evidence.pop("standard_version", None)
    return Extraction(
        facts=facts, evidence=evidence, warnings=warnings, confidence=dict(meta.confidence)
    )
