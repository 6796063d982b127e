"""`assay assess` whole-process against `pdftotext` whole-process on the same files (issue 14
point 2): the generated 119-page SOC 2 Type 2 report, and a six-document vendor package
(certificate, 42001 certificate, scope, SoA, SOC 2 report, surveillance letter).

    python bench/package.py [--runs 5]

Bars: 120-page report <= 5x pdftotext (goal 3x); six-document package <= 10x (goal < 1 s).
"""

import argparse
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.soc2_large import OUT, make_report
from bench.timing import time_command, time_shell

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BIN = Path(sys.executable).parent


def package() -> list[Path]:
    case = SHARED / "corpus/cases/dev01_clean_vendor"
    return [
        case / "LatticeHarbor_ISO27001.pdf",
        ROOT / "tests/fixtures/documents/certificates/cert_42001_table.pdf",
        case / "LatticeHarbor_Scope.pdf",
        case / "LatticeHarbor_SoA.pdf",
        case / "LatticeHarbor_SOC2_Type2.pdf",
        case / "Coalfire_Surveillance_2026.pdf",
    ]


def compare(label: str, files: list[Path], runs: int) -> None:
    assay = time_command(
        f"assay assess {label}",
        [str(BIN / "assay"), "assess", "--as-of", "2026-11-23", *map(str, files)],
        runs,
    )
    quoted = " ".join(shlex.quote(str(f)) for f in files)
    poppler = time_shell(
        f"pdftotext {label}", f'for f in {quoted}; do pdftotext "$f" /dev/null; done', runs
    )
    print(assay.line())
    print(poppler.line())
    print(
        f"{label}: ratio {assay.median / poppler.median:.1f}x (median), {assay.best / poppler.best:.1f}x (best)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    report = OUT / "soc2_120p.pdf"
    if not report.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        make_report(report)
    compare("120-page SOC 2 report", [report], args.runs)
    files = package()
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        print(f"package skipped, missing: {missing}")
        return
    compare("six-document package", files, args.runs)


if __name__ == "__main__":
    main()
