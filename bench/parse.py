"""Parse speed: Assay (pdfium text path, and total with OCR/extraction) vs pdftotext, per document.

Run: .venv/bin/python bench/parse.py [PDF...]   (default: ../shared corpus + realworld)
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.adapters.pdf.errors import NoText  # noqa: E402
from app.adapters.pdf.reader import read_pdf  # noqa: E402
from app.core.parse.pipeline import parse_pages  # noqa: E402

SHARED = Path(os.environ.get("ASSAY_SHARED_DIR", ROOT.parent / "shared"))


def timed(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def text_only(data: bytes) -> int:
    """The fast path alone; a scan has no text layer, which is itself the answer."""
    try:
        return len(read_pdf(data, max_pages=2000, ocr=False))
    except NoText:
        return 0


def main(paths: list[Path]) -> None:
    print(
        f"{'document':58} {'pages':>5} {'text ms':>8} {'total ms':>9} {'pdftotext ms':>12} {'ratio':>6}"
    )
    sums = [0.0, 0.0, 0.0]
    for path in paths:
        data = path.read_bytes()
        pages = text_only(data)
        text = timed(lambda d=data: text_only(d))
        total = timed(lambda d=data: parse_pages(read_pdf(d, max_pages=2000, ocr=True)), repeat=1)
        ref = timed(
            lambda p=path: subprocess.run(
                ["pdftotext", str(p), "-"], capture_output=True, check=False
            )
        )
        sums = [sums[0] + text, sums[1] + total, sums[2] + ref]
        print(
            f"{path.name[:58]:58} {pages:5} {text * 1e3:8.1f} {total * 1e3:9.1f} {ref * 1e3:12.1f} {text / ref:6.2f}"
        )
    print(
        f"{'ALL':58} {'':5} {sums[0] * 1e3:8.1f} {sums[1] * 1e3:9.1f} {sums[2] * 1e3:12.1f} {sums[0] / sums[2]:6.2f}"
    )
    print("ratio = Assay text path / pdftotext (lower is faster); total includes OCR where needed")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]]
    main(
        args or sorted(SHARED.glob("corpus/cases/*/*.pdf")) + sorted(SHARED.glob("realworld/*.pdf"))
    )
