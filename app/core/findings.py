"""Finding codes, severities and the Finding value (CONTRACT.md §4).

Codes are stable identifiers that clients branch on; titles and wording are free.
"""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Severity(StrEnum):
    info = "info"
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {s: i for i, s in enumerate(Severity)}


class FindingCode(StrEnum):
    NO_ISO27001 = "NO_ISO27001"
    CB_NOT_ACCREDITED = "CB_NOT_ACCREDITED"
    CB_ACCREDITATION_SCOPE = "CB_ACCREDITATION_SCOPE"
    AB_NOT_RECOGNISED = "AB_NOT_RECOGNISED"
    AB_MISMATCH = "AB_MISMATCH"
    CERT_NO_ACCREDITATION_MARK = "CERT_NO_ACCREDITATION_MARK"
    CB_ACCREDITATION_SUSPENDED = "CB_ACCREDITATION_SUSPENDED"
    CERT_EXPIRED = "CERT_EXPIRED"
    CERT_EXPIRING = "CERT_EXPIRING"
    CERT_NOT_YET_VALID = "CERT_NOT_YET_VALID"
    CERT_VALIDITY_EXCEEDS_CYCLE = "CERT_VALIDITY_EXCEEDS_CYCLE"
    CERT_SUPERSEDED_STANDARD = "CERT_SUPERSEDED_STANDARD"
    CERT_HOLDER_MISMATCH = "CERT_HOLDER_MISMATCH"
    SURVEILLANCE_OVERDUE = "SURVEILLANCE_OVERDUE"
    SURVEILLANCE_FAILED = "SURVEILLANCE_FAILED"
    SCOPE_MISSING = "SCOPE_MISSING"
    SCOPE_CORPORATE_IT_ONLY = "SCOPE_CORPORATE_IT_ONLY"
    SCOPE_AI_GAP = "SCOPE_AI_GAP"
    SCOPE_PRODUCT_NOT_NAMED = "SCOPE_PRODUCT_NOT_NAMED"
    SOA_MISSING = "SOA_MISSING"
    SOA_OUTDATED = "SOA_OUTDATED"
    SOA_INCOMPLETE = "SOA_INCOMPLETE"
    SOA_EXCLUSION_UNJUSTIFIED = "SOA_EXCLUSION_UNJUSTIFIED"
    SOA_AI_CONTROL_EXCLUDED = "SOA_AI_CONTROL_EXCLUDED"
    SOA_REFERENCE_MISMATCH = "SOA_REFERENCE_MISMATCH"
    ISO42001_ABSENT = "ISO42001_ABSENT"
    SOC2_TYPE1_ONLY = "SOC2_TYPE1_ONLY"
    SOC2_STALE = "SOC2_STALE"
    SOC2_QUALIFIED_OPINION = "SOC2_QUALIFIED_OPINION"
    SOC2_EXCEPTIONS = "SOC2_EXCEPTIONS"
    SOC2_CARVE_OUT = "SOC2_CARVE_OUT"
    FRAMEWORK_REQUIRED_MISSING = "FRAMEWORK_REQUIRED_MISSING"
    CERT_NUMBER_MISMATCH = "CERT_NUMBER_MISMATCH"
    DOCUMENT_INCONSISTENT = "DOCUMENT_INCONSISTENT"
    DOCUMENT_UNREADABLE = "DOCUMENT_UNREADABLE"
    CB_ACCREDITATION_UNVERIFIED = "CB_ACCREDITATION_UNVERIFIED"
    SOC2_SUBSTITUTE_ONLY = "SOC2_SUBSTITUTE_ONLY"
    FRAMEWORK_EVIDENCE_WEAK = "FRAMEWORK_EVIDENCE_WEAK"
    FACT_NOT_READ = "FACT_NOT_READ"


class FindingEvidence(BaseModel):
    """A pointer into a document: file name (CLI) or document id (API), page and quote."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    document: str
    page: int | None = None
    quote: str | None = None


class Finding(BaseModel):
    """One judgement about the vendor, with the evidence that proves it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: FindingCode
    severity: Severity
    title: str
    detail: str
    evidence: list[FindingEvidence] = Field(default_factory=list)
    ask_vendor: str
