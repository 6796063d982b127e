"""`assay assess` whole-process against `pdftotext` whole-process on the same files (issue 14
point 2): the generated 119-page SOC 2 Type 2 report, and a six-document vendor package
(certificate, 42001 certificate, scope, SoA, SOC 2 report, surveillance letter).

    python bench/package.py [--runs 5] [--modes warm,first,inprocess] [--tree DIR]

Three ways `assay assess` runs (see `app.cli.assess_client`):
- warm: through the warm assessment server (what every command after the first gets);
- first: the first command of a session, with no server yet (a fresh runtime directory per
  run); it runs in process and starts the server once it has answered. Before each run,
  untimed, the previous run's server is waited for until it accepts and its directory
  removed (it then exits, idle), so no server's start-up overlaps a timed run;
- inprocess: `ASSAY_ASSESS_SERVER=off`: the command and its parse workers.
`--tree DIR` times another source tree's `app` (e.g. `git archive main app
accreditation_data | tar -x -C DIR`) the same ways, interleaved with the rest: before and
after in one sitting.
Bars: 120-page report <= 5x pdftotext (goal 3x); six-document package <= 10x (goal < 1 s).
"""

import argparse
import shlex
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.soc2_large import OUT, make_report
from bench.timing import Command, time_interleaved

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
BIN = Path(sys.executable).parent
MODES = ("warm", "first", "inprocess")


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
    """A fresh private runtime directory per run (a first command: no server yet). The
    server a first command starts in the background is waited for (until its socket
    appears, 30 s at most) before its directory is removed, which makes it exit within a
    second: its start-up never overlaps the next timed run."""

    def __init__(self, extra: dict[str, str] | None = None) -> None:
        self.made: list[str] = []
        self.extra = extra or {}

    def __call__(self) -> dict[str, str]:
        self.cleanup()
        self.made.append(tempfile.mkdtemp(prefix="assay-bench-"))
        return {"ASSAY_RUNTIME_DIR": self.made[-1], "ASSAY_ASSESS_SERVER": "on", **self.extra}

    def cleanup(self) -> None:
        for path in self.made:
            deadline = time.monotonic() + 30
            while not list(Path(path).glob("*.sock")) and time.monotonic() < deadline:
                time.sleep(0.05)
            shutil.rmtree(path, ignore_errors=True)
        self.made.clear()


def compare(
    label: str, files: list[Path], runs: int, modes: list[str], warm_dir: str, tree: Path | None
) -> None:
    argv = [str(BIN / "assay"), "assess", "--as-of", "2026-11-23", *map(str, files)]
    quoted = " ".join(shlex.quote(str(f)) for f in files)
    poppler = Command(
        f"pdftotext {label}", ["sh", "-c", f'for f in {quoted}; do pdftotext "$f" /dev/null; done']
    )
    trees: list[tuple[str, dict[str, str]]] = [("", {})]
    if tree is not None:
        trees.append((" before", {"PYTHONPATH": str(tree.resolve())}))
    commands, names, fresh = [], [], []
    for suffix, extra in trees:
        dirs = RuntimeDirs(extra)
        fresh.append(dirs)
        envs = {
            "inprocess": {"ASSAY_ASSESS_SERVER": "off", **extra},
            "warm": {"ASSAY_RUNTIME_DIR": warm_dir, "ASSAY_ASSESS_SERVER": "on", **extra},
            "first": dict(extra),
        }
        for mode in modes:
            names.append(f"{mode}{suffix}")
            commands.append(
                Command(
                    f"assay assess {label} ({mode}{suffix})",
                    argv,
                    env=envs[mode],
                    before_each=dirs if mode == "first" else None,
                )
            )
    try:
        base, *timings = time_interleaved([poppler, *commands], runs)
    finally:
        for dirs in fresh:
            dirs.cleanup()
    print(base.line())
    for name, timing in zip(names, timings, strict=True):
        print(timing.line())
        print(
            f"{label} ({name}): ratio {timing.median / base.median:.1f}x (median), "
            f"{timing.best / base.best:.1f}x (best)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument(
        "--tree",
        type=Path,
        help="also time another source tree's `app` the same ways (e.g. `git archive` of the "
        "commit before a change), interleaved with the rest: before and after in one run",
    )
    args = parser.parse_args()
    modes = [m for m in args.modes.split(",") if m]
    unknown = set(modes) - set(MODES)
    if unknown:
        parser.error(f"unknown mode(s): {sorted(unknown)}")
    report = OUT / "soc2_120p.pdf"
    if not report.exists():
        OUT.mkdir(parents=True, exist_ok=True)
        make_report(report)
    warm_dir = tempfile.mkdtemp(prefix="assay-bench-warm-")
    try:
        compare("120-page SOC 2 report", [report], args.runs, modes, warm_dir, args.tree)
        files = package()
        missing = [str(f) for f in files if not f.exists()]
        if missing:
            print(f"package skipped, missing: {missing}")
            return
        compare("six-document package", files, args.runs, modes, warm_dir, args.tree)
    finally:
        shutil.rmtree(warm_dir, ignore_errors=True)  # its server exits within a second


if __name__ == "__main__":
    main()
