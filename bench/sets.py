"""The document sets every extraction and verdict benchmark reads, named as the figures are.

- `corpus`: ../shared/corpus/cases (8 development cases)
- `realworld`: ../shared/realworld (ground truth in tests/fixtures/realworld_expected.json)
- `fixtures`: tests/fixtures/documents/**/<case>.expected.json (single documents)
- `styles`: tests/fixtures/documents/styles/packages (house styles of issue 11's failure classes)
- `generated`, `generated-aside`: the corpus generator's packages under tests/corpus, when
  present (the aside part is reported only in aggregate: nobody looks at its documents)

Shared folder: $ASSAY_SHARED_DIR or ../shared relative to the repo root.
"""

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("ASSAY_SHARED_DIR", ROOT.parent / "shared"))
STYLES = ROOT / "tests" / "fixtures" / "documents" / "styles" / "packages"
GENERATED = ROOT / "tests" / "corpus"


@dataclass(frozen=True)
class Package:
    """A vendor's documents with the verdict a reviewer must reach (shared corpus format)."""

    folder: Path
    expected: dict[str, Any]

    @property
    def name(self) -> str:
        return self.folder.name

    def pdfs(self) -> list[Path]:
        return sorted(self.folder.glob("*.pdf"))


def _packages(root: Path) -> list[Package]:
    return [
        Package(exp.parent, json.loads(exp.read_text()))
        for exp in sorted(root.glob("*/expected.json"))
    ]


def _generated(aside: bool) -> list[Package]:
    """The corpus generator's sets ("dev" and the held-out "aside"), generated into its cache
    on first use, once the generator has landed (tests/corpus/load.py)."""
    if not (GENERATED / "load.py").is_file():
        return []
    from tests.corpus import load  # generates the set into its cache when missing

    return [Package(c.dir, c.expected) for c in load.cases("aside" if aside else "dev")]


def package_sets() -> dict[str, list[Package]]:
    """Every set of vendor packages, by name (empty sets are left out)."""
    sets = {
        "corpus": _packages(SHARED / "corpus" / "cases"),
        "styles": _packages(STYLES),
        "generated": _generated(aside=False),
        "generated-aside": _generated(aside=True),
    }
    return {name: packages for name, packages in sets.items() if packages}


def documents(name: str) -> Iterator[tuple[Path, dict[str, Any]]]:
    """(pdf, {"kind", "facts"}) for every document of the set called `name`."""
    if name == "realworld":
        truth = json.loads((ROOT / "tests/fixtures/realworld_expected.json").read_text())
        for file, doc in truth.items():
            if (SHARED / "realworld" / file).exists():
                yield SHARED / "realworld" / file, doc
        return
    if name == "fixtures":
        for exp in sorted((ROOT / "tests/fixtures/documents").rglob("*.expected.json")):
            if "sector" in exp.parts:
                continue  # measured by the sector kinds' own bench (it has a held-out part)
            yield (
                exp.with_name(exp.name.replace(".expected.json", ".pdf")),
                json.loads(exp.read_text()),
            )
        return
    for package in package_sets().get(name, []):
        for file, doc in package.expected["documents"].items():
            if (package.folder / file).exists():
                yield package.folder / file, doc


def document_sets() -> list[str]:
    return ["corpus", "realworld", "fixtures", *[n for n in package_sets() if n != "corpus"]]
