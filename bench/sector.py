"""Sector evidence and 42001 readiness extraction accuracy, per kind, on the generated fixtures.

Sets: tests/fixtures/documents/sector/tune (what the extractors were written against),
heldout (fresh samples and a fourth layout per kind; its first measurement found five
generic bugs that were then fixed, so it is no longer untouched) and aside (fresh samples
and a fifth layout per kind, written afterwards and measured once, never tuned to). Each fact counts as
right, abstained (null with a warning) or wrong (a value that is not the truth).
Run: .venv/bin/python bench/sector.py
"""

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.adapters.pdf.reader import read_pdf  # noqa: E402
from app.core import parse_pages  # noqa: E402

SETS = ROOT / "tests" / "fixtures" / "documents" / "sector"


def measure(folder: Path) -> dict[str, list[int]]:
    """kind -> [documents, kinds right, facts, right, abstained, wrong]"""
    out: dict[str, list[int]] = defaultdict(lambda: [0] * 6)
    for exp in sorted(folder.glob("*.expected.json")):
        expected = json.loads(exp.read_text())
        pdf = exp.with_name(exp.name.replace(".expected.json", ".pdf"))
        parsed = parse_pages(read_pdf(pdf.read_bytes(), max_pages=50, ocr=False))
        row = out[expected["kind"]]
        row[0] += 1
        row[2] += len(expected["facts"])
        if parsed.kind.value != expected["kind"]:
            row[5] += len(expected["facts"])
            continue
        row[1] += 1
        got = parsed.facts_json()
        for name, want in expected["facts"].items():
            value = got.get(name)
            index = 3 if value == want else 4 if value in (None, []) else 5
            row[index] += 1
    return out


def main() -> None:
    for name in ("tune", "heldout", "aside"):
        print(f"{name}: kind                    docs  kinds  facts right abstained wrong")
        total = [0] * 6
        for kind, row in sorted(measure(SETS / name).items()):
            total = [a + b for a, b in zip(total, row, strict=True)]
            print(
                f"  {kind:28s} {row[0]:4d} {row[1]:5d}  {row[2]:5d} {row[3]:5d} {row[4]:9d} {row[5]:5d}"
            )
        print(f"  {'all':28s} {total[0]:4d} {total[1]:5d}  {total[2]:5d} {total[3]:5d} {total[4]:9d} {total[5]:5d}"
              f"  ({100 * total[3] / total[2]:.1f}% right)")  # fmt: skip


if __name__ == "__main__":
    main()
