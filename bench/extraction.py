"""Extraction accuracy per document set: kinds, and every expected fact per kind and fact.

Sets (bench/sets.py): the shared corpus, the real documents, the single-document fixtures,
the house-style packages and, once the corpus generator has landed, its packages and its
aside part (aside: totals only, never a document or a miss).
Run: .venv/bin/python bench/extraction.py [--misses] [SET...]
"""

import argparse
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz  # noqa: E402

from app.adapters.pdf.isolation import ParseLimits, parse_file_isolated  # noqa: E402
from app.core.names import normalise  # noqa: E402
from bench.sets import document_sets, documents  # noqa: E402


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
        return sorted(map(str, norm(expected))) == sorted(map(str, norm(actual)))
    if isinstance(e, list) and isinstance(a, list):
        return sorted(map(str, e)) == sorted(map(str, a))
    if isinstance(e, str) and isinstance(a, str):
        # OCR text of scans may lose diacritics or a letter; a name read with the legal form
        # the ground truth left out is the name as printed.
        fuller = normalise(expected) == normalise(actual) and len(a) > len(e)
        return e == a or fuller or (ocr and fuzz.ratio(e, a) >= 90)
    return bool(e == a)


def measure(name: str, limits: ParseLimits, show: bool) -> tuple[int, int, int, int]:
    kind_ok: dict[str, list[bool]] = defaultdict(list)
    fact_ok: dict[str, list[bool]] = defaultdict(list)
    misses: list[str] = []
    for path, doc in documents(name):
        outcome = parse_file_isolated(path, declared_kind=None, limits=limits)
        parsed = outcome.parsed
        kind = parsed.kind.value if parsed else f"failed:{outcome.reason}"
        kind_ok[doc["kind"]].append(kind == doc["kind"])
        if kind != doc["kind"]:
            misses.append(f"{path.name}: kind {kind} != {doc['kind']}")
        facts = summarise(parsed.facts_json()) if parsed else {}
        for fact, expected in doc.get("facts", {}).items():
            ok = same(expected, facts.get(fact), bool(parsed and parsed.ocr))
            fact_ok[f"{doc['kind']}.{fact}"].append(ok)
            if not ok:
                misses.append(f"{path.name}: {fact} = {facts.get(fact)!r}, expected {expected!r}")
    kinds = [ok for oks in kind_ok.values() for ok in oks]
    facts_all = [ok for oks in fact_ok.values() for ok in oks]
    print(f"== {name}")
    if name != "generated-aside":
        for fact, oks in sorted(fact_ok.items()):
            if show or not all(oks):
                print(f"  {fact:56} {sum(oks)}/{len(oks)}")
        for miss in misses if show else []:
            print("  MISS", miss)
    print(
        f"  {name}: kinds right {sum(kinds)}/{len(kinds)}; facts right "
        f"{sum(facts_all)}/{len(facts_all)} ({100 * sum(facts_all) / max(1, len(facts_all)):.1f}%)"
    )
    return sum(kinds), len(kinds), sum(facts_all), len(facts_all)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", help="sets to measure (default: all)")
    parser.add_argument("--misses", action="store_true", help="list every fact and miss")
    args = parser.parse_args()
    limits = ParseLimits(timeout_seconds=120)
    totals = [measure(name, limits, args.misses) for name in args.sets or document_sets()]
    print(
        "\nall sets: kinds right {}/{}; facts right {}/{}".format(
            *(sum(t[i] for t in totals) for i in range(4))
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
