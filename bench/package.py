"""`assay assess` whole-process against `pdftotext` whole-process on the same files (issue 14
point 2): the generated 119-page SOC 2 Type 2 report, and a six-document vendor package
(certificate, 42001 certificate, scope, SoA, SOC 2 report, surveillance letter).

    python bench/package.py [--runs 5] [--modes warm,first,inprocess]

Three ways `assay assess` runs (see `app.cli.assess_client`):
- warm: through the warm assessment server (what every command after the first gets);
- first: the first command of a session, which starts the server and waits for it (a fresh
  runtime directory per run; the server exits when its directory is removed);
- inprocess: `ASSAY_ASSESS_SERVER=off`, the command and fresh-interpreter parse workers.
Bars: 120-page report <= 5x pdftotext (goal 3x); six-document package <= 10x (goal < 1 s).
"""

import argparse
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.soc2_large import OUT, make_report
from bench.timing import Command, time_interleaved

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BIN = Path(sys.executable).parent
MODES = ("warm", "first", "inprocess")
ENVS: dict[str, dict[str, str]] = {"inprocess": {"ASSAY_ASSESS_SERVER": "off"}, "first": {}}


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


class RuntimeDirs:
    """A fresh private runtime directory per run (a first command: no server yet); removing
    one makes its server exit within a second."""

    def __init__(self) -> None:
        self.made: list[str] = []

    def __call__(self) -> dict[str, str]:
        self.cleanup()
        self.made.append(tempfile.mkdtemp(prefix="assay-bench-"))
        return {"ASSAY_RUNTIME_DIR": self.made[-1], "ASSAY_ASSESS_SERVER": "on"}

    def cleanup(self) -> None:
        for path in self.made:
            shutil.rmtree(path, ignore_errors=True)
        self.made.clear()


def compare(label: str, files: list[Path], runs: int, modes: list[str], warm_dir: str) -> None:
    argv = [str(BIN / "assay"), "assess", "--as-of", "2026-11-23", *map(str, files)]
    quoted = " ".join(shlex.quote(str(f)) for f in files)
    poppler = Command(
        f"pdftotext {label}", ["sh", "-c", f'for f in {quoted}; do pdftotext "$f" /dev/null; done']
    )
    fresh = RuntimeDirs()
    envs = {**ENVS, "warm": {"ASSAY_RUNTIME_DIR": warm_dir, "ASSAY_ASSESS_SERVER": "on"}}
    commands = [
        Command(
            f"assay assess {label} ({mode})",
            argv,
            env=envs[mode],
            before_each=fresh if mode == "first" else None,
        )
        for mode in modes
    ]
    try:
        base, *timings = time_interleaved([poppler, *commands], runs)
    finally:
        fresh.cleanup()
    print(base.line())
    for mode, timing in zip(modes, timings, strict=True):
        print(timing.line())
        print(
            f"{label} ({mode}): ratio {timing.median / base.median:.1f}x (median), "
            f"{timing.best / base.best:.1f}x (best)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument(
        "--tree",
        type=Path,
        help="also time another source tree's `app` in process (e.g. `git archive` of the "
        "commit before a change), interleaved with the rest: before and after in one run",
    )
    args = parser.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    unknown = set(modes) - set(MODES)
    if unknown:
        parser.error(f"unknown mode(s): {sorted(unknown)}")
    if args.tree:
        ENVS["tree"] = {"ASSAY_ASSESS_SERVER": "off", "PYTHONPATH": str(args.tree.resolve())}
        modes.append("tree")
    report = OUT / "soc2_120p.pdf"
    if not report.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        make_report(report)
    warm_dir = tempfile.mkdtemp(prefix="assay-bench-warm-")
    try:
        compare("120-page SOC 2 report", [report], args.runs, modes, warm_dir)
        files = package()
        missing = [str(f) for f in files if not f.exists()]
        if missing:
            print(f"package skipped, missing: {missing}")
            return
        compare("six-document package", files, args.runs, modes, warm_dir)
    finally:
        shutil.rmtree(warm_dir, ignore_errors=True)  # its server exits within a second


if __name__ == "__main__":
    main()
