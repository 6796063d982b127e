"""The golden documents and their production-path readings, shared by the golden tests and
`snapshot.py`.

Sets: the shared corpus, the house-style packages (tests/fixtures/documents/styles), the
single-document fixtures (tests/fixtures/documents/**/<case>.expected.json) and the real
documents (tests/fixtures/realworld_expected.json). Every document is read the way the
service reads it: `app.adapters.pdf.parse.parse_bytes` (text layer, the plan's OCR and
tables, kind detection, one extraction pass); readings are cached for the session.
"""

import json
import os
import shutil
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from app.adapters.pdf.parse import parse_bytes
from app.adapters.pdf.reader import read_pdf
from app.core.facts import ParsedDocument
from app.core.names import normalise
from app.core.pages import Page

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("ASSAY_SHARED_DIR", ROOT.parent / "shared"))
FIXTURES = ROOT / "tests" / "fixtures" / "documents"
STYLES = FIXTURES / "styles" / "packages"
SNAPSHOTS = Path(__file__).parent / "snapshots"
# Documents read with OCR: their quotes depend on the Tesseract build, so only their facts are
# pinned (the OCR tests and CI run them; a machine without Tesseract skips them).
OCR_DOCUMENTS = frozenset(
    {
        "cert-iso27001-2022-qro-egac-axisphere.pdf",
        "cert-iso27001-2022-isc-eurouk-arksimplifiq.pdf",
        "cert-iso27001-2022-qcci-wales-aspiretechno.pdf",
        "cert-iso27001-2022-cac-ias-mcsistem-en-scanned.pdf",
        "cert-iso27001-2022-cac-ias-mcsistem-tr-scanned.pdf",
        "cert-iso27001-2013-ekol-iac-centro-scanned-expired.pdf",
        "Brightmoor_certificate_scan.pdf",
        "Nimbus_SOC2_Type_II.pdf",
    }
)


def documents() -> list[tuple[str, Path, dict[str, Any]]]:
    """(set, pdf, {"kind", "facts"}) for every golden document present on this machine."""
    out: list[tuple[str, Path, dict[str, Any]]] = []
    for name, root in (("corpus", SHARED / "corpus" / "cases"), ("styles", STYLES)):
        for exp in sorted(root.glob("*/expected.json")):
            for file, doc in json.loads(exp.read_text())["documents"].items():
                out.append((name, exp.parent / file, doc))
    for exp in sorted(FIXTURES.rglob("*.expected.json")):
        if "sector" in exp.relative_to(FIXTURES).parts:
            continue  # the sector kinds' fixtures (with a held-out part) have their own tests
        pdf = exp.with_name(exp.name.replace(".expected.json", ".pdf"))
        out.append(("fixtures", pdf, json.loads(exp.read_text())))
    real = json.loads((ROOT / "tests" / "fixtures" / "realworld_expected.json").read_text())
    out += [("realworld", SHARED / "realworld" / f, d) for f, d in real.items()]
    return [(s, p, d) for s, p, d in out if p.exists()]


def needs_ocr(path: Path) -> bool:
    return path.name in OCR_DOCUMENTS


def ocr_available() -> bool:
    return shutil.which("tesseract") is not None


@cache
def parsed(path: Path) -> ParsedDocument:
    """The document as the service parses it."""
    return parse_bytes(path.read_bytes(), declared_kind=None, max_pages=2000, ocr=True)


@cache
def text_pages(path: Path) -> tuple[Page, ...]:
    return tuple(read_pdf(path.read_bytes(), max_pages=2000, ocr=False))


def fold(value: Any) -> Any:
    """Values compared as a reviewer reads them: case, accents and punctuation aside."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFKD", value.replace("ı", "i"))
        text = text.encode("ascii", "ignore").decode().lower()
        return " ".join("".join(c if c.isalnum() else " " for c in text).split())
    if isinstance(value, list):
        return sorted(str(fold(v)) for v in value)
    if isinstance(value, dict):
        return {k: fold(v) for k, v in value.items()}
    return value


def same(expected: Any, actual: Any, *, ocr: bool = False) -> bool:
    """The fact as expected; a name read with the legal form the ground truth left out is
    the name as printed; OCR may lose a letter or an accent."""
    if isinstance(expected, str) and isinstance(actual, str):
        fuller = normalise(expected) == normalise(actual) and len(actual) > len(expected)
        close = ocr and fuzz.ratio(fold(expected), fold(actual)) >= 90
        return fold(expected) == fold(actual) or fuller or close
    return bool(fold(expected) == fold(actual))


def summarise(facts: dict[str, Any]) -> dict[str, Any]:
    """SoA controls in the corpus' summarised form (count, exclusions, unjustified ones)."""
    controls = facts.get("controls")
    if not isinstance(controls, list):
        return facts
    excluded = [c for c in controls if c.get("applicable") is False]
    return {
        **facts,
        "controls_count": len(controls),
        "excluded_controls": sorted(c["id"] for c in excluded),
        "unjustified_exclusions": sorted(c["id"] for c in excluded if not c.get("justification")),
    }


def snapshot_of(doc: ParsedDocument) -> dict[str, Any]:
    """What a snapshot pins: the kind, and each fact's page, quote and confidence."""
    return {
        "kind": doc.kind.value,
        "evidence": {k: [v.page, v.quote] for k, v in sorted(doc.evidence.items())},
        "confidence": {k: v.value for k, v in sorted(doc.confidence.items())},
    }


def snapshot_key(set_name: str, path: Path) -> str:
    """A document's name in its set's snapshot (its path below the set's folder)."""
    roots = {"corpus": SHARED / "corpus" / "cases", "styles": STYLES, "fixtures": FIXTURES}
    root = roots.get(set_name)
    return path.relative_to(root).as_posix() if root else path.name


def snapshot_file(set_name: str) -> Path:
    return SNAPSHOTS / f"{set_name}.json"


def load_snapshots(set_name: str) -> dict[str, Any]:
    path = snapshot_file(set_name)
    return json.loads(path.read_text()) if path.exists() else {}
