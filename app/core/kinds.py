"""Document kinds (CONTRACT.md §1)."""

from enum import StrEnum


class DocumentKind(StrEnum):
    """What a document is, detected from its content."""

    iso27001_certificate = "iso27001_certificate"
    iso42001_certificate = "iso42001_certificate"
    iso27701_certificate = "iso27701_certificate"
    soa = "soa"
    scope_statement = "scope_statement"
    soc2_report = "soc2_report"
    soc2_bridge_letter = "soc2_bridge_letter"
    surveillance_evidence = "surveillance_evidence"
    unknown = "unknown"


CERTIFICATE_KINDS = frozenset(
    {
        DocumentKind.iso27001_certificate,
        DocumentKind.iso42001_certificate,
        DocumentKind.iso27701_certificate,
    }
)
