"""Document kinds (CONTRACT.md §1) and what each kind certifies or evidences.

This is the one place that maps a certificate kind to its standard and a sector evidence kind
to its framework; checks, accreditation verification and the extractors read it from here.
"""

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
    soc1_report = "soc1_report"
    soc3_report = "soc3_report"
    pci_dss_aoc = "pci_dss_aoc"
    fedramp_authorization = "fedramp_authorization"
    hipaa_attestation = "hipaa_attestation"
    dpa = "dpa"
    cjis_addendum = "cjis_addendum"
    ndaa889_representation = "ndaa889_representation"
    iso42001_readiness = "iso42001_readiness"
    unknown = "unknown"


# Certificate kind -> the standard code used by the reference data ("27001", ...).
CERTIFICATE_STANDARD: dict[DocumentKind, str] = {
    DocumentKind.iso27001_certificate: "27001",
    DocumentKind.iso42001_certificate: "42001",
    DocumentKind.iso27701_certificate: "27701",
}
CERTIFICATE_KINDS = frozenset(CERTIFICATE_STANDARD)

# SOC reports other than SOC 2: they do not substitute for one (SOC2_SUBSTITUTE_ONLY).
SOC_SUBSTITUTE_KINDS = frozenset({DocumentKind.soc1_report, DocumentKind.soc3_report})
SOC_REPORT_KINDS = frozenset({DocumentKind.soc2_report, *SOC_SUBSTITUTE_KINDS})

# Sector evidence kind -> the frameworks it can evidence (CONTRACT §9).
SECTOR_FRAMEWORKS: dict[DocumentKind, tuple[str, ...]] = {
    DocumentKind.pci_dss_aoc: ("PCI DSS",),
    DocumentKind.fedramp_authorization: ("FedRAMP",),
    DocumentKind.hipaa_attestation: ("HIPAA",),
    DocumentKind.dpa: ("GDPR", "DPDP"),
    DocumentKind.cjis_addendum: ("CJIS",),
    DocumentKind.ndaa889_representation: ("NDAA 889",),
}
SECTOR_KINDS = frozenset(SECTOR_FRAMEWORKS)
