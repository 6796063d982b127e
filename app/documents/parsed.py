"""A document row and its parsed form: the one mapping between the two.

The columns named in `PARSED_COLUMNS` hold the parsed document's fields as JSON; the core's
tagged union (`app.core.facts.parse_document_json`) validates them back into typed facts.
"""

from typing import Any

from app.core import ParsedDocument, parse_document_json
from app.platform.models import Document

PARSED_COLUMNS = (
    "kind",
    "facts",
    "evidence",
    "confidence",
    "pages",
    "ocr",
    "declared_kind",
    "kind_mismatch",
    "warnings",
)


def store_parsed(document: Document, parsed: ParsedDocument) -> None:
    """Copy a parsed document's fields onto its row."""
    dumped = parsed.model_dump(mode="json")
    for column in PARSED_COLUMNS:
        setattr(document, column, dumped[column])


def load_parsed(document: Document) -> ParsedDocument:
    """The parsed document a `parsed` row holds, re-validated through the core model."""
    data: dict[str, Any] = {
        "kind": document.kind,
        "facts": document.facts,
        "evidence": document.evidence,
        "confidence": document.confidence or {},
        "pages": document.pages or 0,
        "ocr": document.ocr,
        "declared_kind": document.declared_kind,
        "kind_mismatch": document.kind_mismatch,
        "warnings": document.warnings,
    }
    return parse_document_json(data)
