"""SoA rows from ruled-table cells, where the PDF shell extracted them (CONTRACT.md §2, `soa`).

Cells keep their columns, so title, applicability, status and justification need no
guessing. A header row (repeated or not) maps columns to roles; a row without an id whose
cells carry text continues the previous row (a justification wrapping onto the next page).
"""

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.core.extract.soa.annex_a import CONTROL_ID_RE, normalise_id
from app.core.extract.soa.rows import RowCells, mark_value, parse_row_text, status_value
from app.core.extract.text.lines import Line
from app.core.pages import Page

if TYPE_CHECKING:
    from app.core.extract.soa.extractor import RawRow

Cells = tuple[str | None, ...]


def _role(cell: str) -> str | None:
    low = " ".join(cell.lower().split())
    if re.search(r"justif|reason|rational|comment|note", low):
        return "justification"
    if re.search(r"implement|status", low):
        return "implemented"
    if re.search(r"applicab|included|selected|in scope", low):
        return "applicable"
    if re.search(r"title|name|description|control\s*$|^control$", low):
        return "title"
    return None


def _header(row: Cells) -> dict[str, int] | None:
    roles: dict[str, int] = {}
    for i, cell in enumerate(row):
        role = _role(cell or "")
        if role and role not in roles:
            roles[role] = i
    return roles if "applicable" in roles else None


def _cells(row: Cells, roles: dict[str, int] | None, id_col: int) -> RowCells:
    def cell(role: str) -> str | None:
        i = roles.get(role) if roles else None
        value = row[i] if i is not None and i < len(row) else None
        return " ".join(value.split()) if value else None

    if roles is None:
        rest = " ".join(c or "" for j, c in enumerate(row) if j != id_col)
        return parse_row_text(rest)
    applicable, implemented = cell("applicable"), cell("implemented")
    return RowCells(
        title=cell("title"),
        applicable=mark_value(applicable) if applicable else None,
        implemented=status_value(implemented) if implemented else None,
        justification=cell("justification"),
    )


def _id_cell(row: Cells) -> tuple[int, str, bool] | None:
    for j, value in enumerate(row[:3]):
        m = CONTROL_ID_RE.fullmatch((value or "").strip())
        if m:
            return j, normalise_id(m["c"], m["s"], m["t"]), m["prefix"] is not None
    return None


def table_rows(pages: Sequence[Page]) -> "list[RawRow]":
    """Rows of the ruled tables on pages whose `tables` were extracted (empty if none)."""
    from app.core.extract.soa.extractor import RawRow

    rows: list[RawRow] = []
    roles: dict[str, int] | None = None
    for page in pages:
        for row in (r for table in page.tables or () for r in table):
            found = _id_cell(row)
            if found is None:
                roles = _header(row) or roles
                if rows and roles and _header(row) is None and (extra := _cont(row, roles)):
                    prev = rows[-1].cells
                    if prev is not None:
                        prev.justification = " ".join(filter(None, [prev.justification, extra]))
                continue
            col, control_id, prefixed = found
            quote = next((c for c in row if c and c.strip()), "")
            raw = RawRow(control_id, prefixed, Line(page, " ".join(quote.split())), "")
            raw.cells = _cells(row, roles, col)
            rows.append(raw)
    return rows


def _cont(row: Cells, roles: dict[str, int]) -> str | None:
    i = roles.get("justification")
    if i is None or i >= len(row) or not row[i]:
        return None
    others = [c for j, c in enumerate(row) if j != i and c and c.strip()]
    return None if others else " ".join((row[i] or "").split())
