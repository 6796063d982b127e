"""The text report's sections on required frameworks and the AI-estate coverage matrix
(`assay assess --format text`, CONTRACT.md §3, §7)."""

from typing import Any

_COLUMNS = (
    ("certificate_scope", "cert scope"),
    ("scope_statement", "scope stmt"),
    ("soa_controls", "SoA"),
    ("soc2_system_description", "SOC 2"),
    ("iso42001_scope", "42001"),
    ("dpa_subprocessors", "DPA"),
)
_MARK = {"covered": "covered", "excluded": "EXCLUDED", "silent": "-"}


def render_required(report: dict[str, Any]) -> list[str]:
    """The frameworks the assessment required, each with its reasons."""
    required = report.get("required_frameworks") or []
    if not required:
        return []
    lines = ["", f"Required frameworks ({len(required)})"]
    lines += [f"- {r['framework']}: {'; '.join(r['reasons'])}" for r in required]
    return lines


def render_coverage(coverage: dict[str, Any]) -> list[str]:
    """The matrix as a grid, then what each covered or excluded cell cites, the parts no
    scope covers, and the model providers to ask about."""
    width = max(len(r["label"]) for r in coverage["rows"]) + 2
    head = "".join(f"{name:>12}" for _, name in _COLUMNS)
    lines = ["", "AI-estate coverage (covered / EXCLUDED / - silent)", f"{'':<{width}}{head}"]
    for row in coverage["rows"]:
        cells = {c["source"]: c for c in row["cells"]}
        marks = "".join(f"{_MARK[cells[key]['state']]:>12}" for key, _ in _COLUMNS)
        lines.append(f"{row['label']:<{width}}{marks}")
    lines += _cited(coverage)
    absent = [
        name
        for key, name in _COLUMNS
        if all(
            c["document"] is None
            for r in coverage["rows"]
            for c in r["cells"]
            if c["source"] == key
        )
    ]
    if absent:
        lines.append(f"  Not supplied: {', '.join(absent)}.")
    gaps = coverage.get("scope_gaps") or {}
    if gaps.get("not_covered"):
        lines.append(f"  No scope covers: {'; '.join(gaps['not_covered'])}.")
    lines += _providers(coverage)
    return lines


def _cited(coverage: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    names = dict(_COLUMNS)
    for key, name in _COLUMNS:
        cells = [c for r in coverage["rows"] for c in r["cells"] if c["source"] == key]
        read = next((c for c in cells if c["document"]), None)
        if read is not None and all(c["state"] == "silent" for c in cells):
            page = f" p.{read['page']}" if read.get("page") else ""
            quote = f' "{read["quote"][:100]}"' if read.get("quote") else ""
            lines.append(
                f"  {name}: {read['document']}{page}{quote} names no part of the AI estate"
            )
    for row in coverage["rows"]:
        for cell in row["cells"]:
            if cell["state"] == "silent":
                continue
            where = cell["document"] or ""
            if cell.get("page"):
                where += f" p.{cell['page']}"
            quote = f' "{cell["quote"][:100]}"' if cell.get("quote") else ""
            note = f" ({cell['note']})" if cell.get("note") else ""
            lines.append(
                f"  {row['label']} / {names[cell['source']]}: {cell['state']}, {where}{quote}{note}"
            )
    return lines


def _providers(coverage: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for p in coverage.get("model_providers") or []:
        lines.append(
            f"  Model provider {p['name']}: {p['status']}, named in {'; '.join(p['named_in'])}"
        )
        if p.get("ask_vendor"):
            lines.append(f"    ask the vendor: {p['ask_vendor']}")
    return lines
