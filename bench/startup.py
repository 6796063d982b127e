"""Start-up of the `assay` command (issue 14 point 1): whole-process wall time of
`assay --help` and of `assay assess` on a one-page certificate, against the interpreter's
own start-up, and the modules `assay --help` imports (python -X importtime).

    python bench/startup.py [--runs 10]

Targets: `assay --help` under 250 ms; `assay assess` on one page close to the interpreter
start-up plus the parse.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.timing import Command, time_interleaved

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CERT = ROOT.parent / "shared/corpus/cases/dev01_clean_vendor/LatticeHarbor_ISO27001.pdf"


def imported_by_help() -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the heaviest imports of `assay --help`."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "from app.cli import main; main(['--help'])"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cumulative, name = (part.strip() for part in line[12:].split("|"))
            if cumulative.isdigit():
                rows.append((int(cumulative), name))
    return sorted(rows, reverse=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    assess = [str(BIN / "assay"), "assess", "--as-of", "2026-11-23", str(CERT)]
    runtime = tempfile.mkdtemp(prefix="assay-bench-")  # removed at the end: its server exits
    try:
        python, helps, warm, local, pdftotext = time_interleaved(
            [
                Command("python -c pass", [sys.executable, "-c", "pass"]),
                Command("assay --help", [str(BIN / "assay"), "--help"]),
                Command(
                    "assay assess (1-page certificate, warm server)",
                    assess,
                    env={"ASSAY_RUNTIME_DIR": runtime, "ASSAY_ASSESS_SERVER": "on"},
                ),
                Command(
                    "assay assess (1-page certificate, in process)",
                    assess,
                    env={"ASSAY_ASSESS_SERVER": "off"},
                ),
                Command("pdftotext (same file)", ["pdftotext", str(CERT), "/dev/null"]),
            ],
            args.runs,
        )
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
    for timing in (python, helps, warm, local, pdftotext):
        print(timing.line())
    print(
        f"assay --help: {helps.median * 1000:.0f} ms (target < 250 ms), "
        f"{helps.median / python.median:.1f}x the interpreter's start-up"
    )
    for timing in (warm, local):
        print(f"{timing.label}: {timing.median / python.median:.1f}x the interpreter's start-up")
    heaviest = imported_by_help()[:8]
    print("heaviest imports of assay --help (cumulative ms):")
    for micros, name in heaviest:
        print(f"  {micros / 1000:7.1f}  {name}")
    forbidden = {"fastapi", "sqlalchemy", "pypdfium2", "pdfplumber", "app.main", "app.platform.db"}
    loaded = {name.strip() for _, name in imported_by_help()}
    print(
        f"web stack, database or parser imported by --help: {sorted(loaded & forbidden) or 'none'}"
    )


if __name__ == "__main__":
    main()
