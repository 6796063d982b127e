"""Rewrite the golden snapshots from the production parse path (review the diff!).

    .venv/bin/python tests/golden/snapshot.py

Documents read with OCR are left out: their quotes depend on the Tesseract build.
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.golden.documents import (
    SNAPSHOTS,
    documents,
    needs_ocr,
    parsed,
    snapshot_file,
    snapshot_key,
    snapshot_of,
)


def main() -> None:
    by_set: dict[str, dict[str, object]] = {}
    for set_name, path, _ in documents():
        if needs_ocr(path):
            continue
        by_set.setdefault(set_name, {})[snapshot_key(set_name, path)] = snapshot_of(parsed(path))
    SNAPSHOTS.mkdir(exist_ok=True)
    for set_name, docs in by_set.items():
        text = json.dumps(docs, indent=1, ensure_ascii=False, sort_keys=True)
        snapshot_file(set_name).write_text(text + "\n")
        print(set_name, len(docs), "documents")


if __name__ == "__main__":
    main()
