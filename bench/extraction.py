"""Extraction accuracy: kind and per-fact accuracy over the corpus, real documents and fixtures.

Sources: ../shared/corpus/cases/*/expected.json, ../shared/realworld/ (ground truth in
tests/fixtures/realworld_expected.json, from its README), and every
tests/fixtures/documents/**/<case>.pdf with a <case>.expected.json beside it.
Shared folder: $ASSAY_SHARED_DIR or ../shared relative to the repo root.
Run: .venv/bin/python bench/extraction.py
"""

import json
import os
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from app.adapters.pdf.isolation import ParseLimits, parse_file_isolated  # noqa: E402

SHARED = Path(os.environ.get("ASSAY_SHARED_DIR", ROOT.parent / "shared"))


def cases() -> list[tuple[Path, dict[str, Any]]]:
    out: list[tuple[Path, dict[str, Any]]] = []
    for exp in sorted((SHARED / "corpus" / "cases").glob("*/expected.json")):
        for name, doc in json.loads(exp.read_text())["documents"].items():
            out.append((exp.parent / name, doc))
    real = json.loads((ROOT / "tests/fixtures/realworld_expected.json").read_text())
    out += [(SHARED / "realworld" / n, d) for n, d in real.items()]
    for exp in sorted((ROOT / "tests/fixtures/documents").rglob("*.expected.json")):
        pdf = exp.with_name(exp.name.replace(".expected.json", ".pdf"))
        out.append((pdf, json.loads(exp.read_text())))
    return [(p, d) for p, d in out if p.exists()]


def norm(value: Any) -> Any:
    if isinstance(value, str):
        text = (
            unicodedata.normalize("NFKD", value.replace("ı", "i"))
            .encode("ascii", "ignore")
            .decode()
        )
        return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())
    if isinstance(value, list):
        return [norm(v) for v in value]
    return value


def summarise(facts: dict[str, Any]) -> dict[str, Any]:
    controls = facts.get("controls")
    if isinstance(controls, list):
        facts = {
            **facts,
            "controls_count": len(controls),
            "excluded_controls": sorted(c["id"] for c in controls if c.get("applicable") is False),
            "unjustified_exclusions": sorted(
                c["id"]
                for c in controls
                if c.get("applicable") is False and not c.get("justification")
            ),
        }
    return facts


def same(expected: Any, actual: Any, ocr: bool) -> bool:
    e, a = norm(expected), norm(actual)
    if isinstance(e, list) and isinstance(a, list) and all(isinstance(x, dict) for x in expected):
        return expected == actual
    if isinstance(e, list) and isinstance(a, list):
        return sorted(map(str, e)) == sorted(map(str, a))
    if isinstance(e, str) and isinstance(a, str):
        # OCR text of scans may lose diacritics or a letter; printed names may carry a suffix.
        return e == a or (ocr and fuzz.ratio(e, a) >= 90) or a.startswith(e + " ")
    return bool(e == a)


def main() -> int:
    limits = ParseLimits(timeout_seconds=120)
    kind_ok: dict[str, list[bool]] = defaultdict(list)
    fact_ok: dict[str, list[bool]] = defaultdict(list)
    misses: list[str] = []
    for path, doc in cases():
        outcome = parse_file_isolated(path, declared_kind=None, limits=limits)
        parsed = outcome.parsed
        kind = parsed.kind.value if parsed else f"failed:{outcome.reason}"
        kind_ok[doc["kind"]].append(kind == doc["kind"])
        if kind != doc["kind"]:
            misses.append(f"{path.name}: kind {kind} != {doc['kind']}")
        facts = summarise(parsed.facts_json()) if parsed else {}
        for name, expected in doc.get("facts", {}).items():
            ok = same(expected, facts.get(name), bool(parsed and parsed.ocr))
            fact_ok[f"{doc['kind']}.{name}"].append(ok)
            if not ok:
                misses.append(f"{path.name}: {name} = {facts.get(name)!r}, expected {expected!r}")
    print(f"{'kind':32} right/total")
    for kind, oks in sorted(kind_ok.items()):
        print(f"{kind:32} {sum(oks)}/{len(oks)}")
    print(f"\n{'fact':56} right/total")
    for fact, oks in sorted(fact_ok.items()):
        print(f"{fact:56} {sum(oks)}/{len(oks)}")
    all_facts = [ok for oks in fact_ok.values() for ok in oks]
    all_kinds = [ok for oks in kind_ok.values() for ok in oks]
    print(
        f"\nkinds right: {sum(all_kinds)}/{len(all_kinds)}; facts right: {sum(all_facts)}/{len(all_facts)}"
        f" ({100 * sum(all_facts) / max(1, len(all_facts)):.1f}%)"
    )
    for miss in misses:
        print("MISS", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
