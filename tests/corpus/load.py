"""Bench-friendly access to the generated corpus, generating it into the cache when missing.

    from tests.corpus import load
    for case in load.cases("dev"):          # or "aside", "fresh"
        case.dir, case.expected, case.vendor, case.pdfs
    for pdf, truth in load.documents("dev"):  # truth = {"kind": ..., "facts": {...}}
        ...

The cache is `.cache/corpus/<set>/` under the repository (git-ignored), or
`$ASSAY_CORPUS_CACHE/<set>/`. A stamp file holds a hash of the generator's sources; when
the sources change, the set is regenerated on the next call.
"""

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.corpus.generate import SETS, write_set

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
STAMP = ".generator"


def cache_root() -> Path:
    """Where generated sets live (`$ASSAY_CORPUS_CACHE` or `<repo>/.cache/corpus`)."""
    return Path(os.environ.get("ASSAY_CORPUS_CACHE") or REPO / ".cache" / "corpus")


def generator_hash() -> str:
    """A hash of every generator source file: a changed generator means a stale cache."""
    digest = hashlib.sha256()
    for path in sorted(HERE.glob("*.py")):
        if path.name.startswith("test_"):
            continue
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure(name: str, root: Path | None = None) -> Path:
    """The directory of set `name`, generated first if missing or stale."""
    if name not in SETS:
        raise ValueError(f"unknown set {name!r}: use one of {', '.join(SETS)}")
    root = root or cache_root()
    target = root / name
    stamp = target / STAMP
    wanted = generator_hash()
    if not stamp.is_file() or stamp.read_text().strip() != wanted:
        write_set(name, root)
        stamp.write_text(wanted + "\n")
    return target


@dataclass(frozen=True)
class CorpusCase:
    """One generated vendor package."""

    name: str
    dir: Path
    expected: dict[str, Any]
    vendor: dict[str, Any]

    @property
    def pdfs(self) -> list[Path]:
        return sorted(self.dir / name for name in self.expected["documents"])


def cases(name: str, root: Path | None = None) -> Iterator[CorpusCase]:
    """Every case of set `name`, in name order."""
    base = ensure(name, root)
    for case_dir in sorted(p for p in base.iterdir() if (p / "expected.json").is_file()):
        yield CorpusCase(
            case_dir.name,
            case_dir,
            json.loads((case_dir / "expected.json").read_text(encoding="utf-8")),
            json.loads((case_dir / "vendor.json").read_text(encoding="utf-8")),
        )


def documents(name: str, root: Path | None = None) -> Iterator[tuple[Path, dict[str, Any]]]:
    """(pdf path, ground truth {"kind", "facts", "style"}) for every document of set `name`."""
    for case in cases(name, root):
        for file, truth in case.expected["documents"].items():
            yield case.dir / file, truth
