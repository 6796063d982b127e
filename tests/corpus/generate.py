"""Write the generated corpus: `python -m tests.corpus.generate --out DIR [--set dev|aside|fresh|all] [--seed N]`.

Each case becomes `<DIR>/<set>/<case>/` with its PDFs, `vendor.json` and `expected.json` (the
shared corpus's format, as of 2026-11-23). Deterministic: the same seed gives byte-identical
files. `--seed` shifts every document's seed (noise, signatures) without changing any fact.

The aside set (`--set aside`) has its own house styles and cases in `tests/corpus/aside.py`,
and the fresh set (`--set fresh`) in `tests/corpus/fresh.py`; developers tuning extractors do
not read those modules or their output (see README, "Generated corpus").
"""

import argparse
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

from tests.corpus.package import Case

SETS = ("dev", "aside", "fresh")


def cases(name: str, seed: int = 0) -> tuple[Case, ...]:
    """The cases of set `name`, with every case seed shifted by `seed`."""
    if name == "dev":
        from tests.corpus.cases_dev import DEV_CASES as chosen
    elif name == "aside":
        from tests.corpus.aside import ASIDE_CASES as chosen
    elif name == "fresh":
        from tests.corpus.fresh import FRESH_CASES as chosen
    else:
        raise ValueError(f"unknown set {name!r}: use one of {', '.join(SETS)}")
    return tuple(replace(c, seed=c.seed + seed) for c in chosen) if seed else chosen


def write_set(name: str, out: Path, seed: int = 0) -> list[Path]:
    """Regenerate set `name` under `out/<name>/` (the directory is replaced)."""
    target = out / name
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    return [case.write(target) for case in cases(name, seed)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--set", choices=(*SETS, "all"), default="dev")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for name in SETS if args.set == "all" else (args.set,):
        started = time.perf_counter()
        written = write_set(name, args.out, args.seed)
        docs = sum(len(list(p.glob("*.pdf"))) for p in written)
        print(
            f"{name}: {len(written)} cases, {docs} documents in "
            f"{time.perf_counter() - started:.1f} s -> {args.out / name}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
