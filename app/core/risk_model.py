"""The risk model: every weight, threshold, grace period and control list (CONTRACT.md §4, §5).

One versioned value, loaded by the shell from `app/risk_model.json` (or the file named by a
setting) and stored with each assessment, so a verdict can always be traced to the model
that produced it. Defaults here mirror the packaged file; a test keeps the two equal.
The contract fixes some things a model may not change: the tier boundaries' meaning, and the
codes that are always `critical` (§5); the validators refuse a model that breaks them.
"""

from datetime import date
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.core.findings import FindingCode, Severity

_FROZEN = ConfigDict(frozen=True, extra="forbid")

# CONTRACT §5: these do not count as certification, so they are always critical.
CONTRACT_CRITICAL: frozenset[FindingCode] = frozenset(
    {
        FindingCode.CERT_EXPIRED,
        FindingCode.CERT_SUPERSEDED_STANDARD,
        FindingCode.CB_NOT_ACCREDITED,
        FindingCode.AB_NOT_RECOGNISED,
        FindingCode.SURVEILLANCE_FAILED,
    }
)

_C, _H, _M, _L = Severity.critical, Severity.high, Severity.medium, Severity.low
DEFAULT_SEVERITIES: dict[FindingCode, Severity] = {
    FindingCode.NO_ISO27001: _H,
    FindingCode.CB_NOT_ACCREDITED: _C,
    FindingCode.CB_ACCREDITATION_SCOPE: _H,
    FindingCode.AB_NOT_RECOGNISED: _C,
    FindingCode.AB_MISMATCH: _H,
    FindingCode.CERT_NO_ACCREDITATION_MARK: _M,
    FindingCode.CB_ACCREDITATION_SUSPENDED: _H,
    FindingCode.CERT_EXPIRED: _C,
    FindingCode.CERT_EXPIRING: _M,
    FindingCode.CERT_NOT_YET_VALID: _M,
    FindingCode.CERT_VALIDITY_EXCEEDS_CYCLE: _M,
    FindingCode.CERT_SUPERSEDED_STANDARD: _C,
    FindingCode.CERT_HOLDER_MISMATCH: _H,
    FindingCode.SURVEILLANCE_OVERDUE: _H,
    FindingCode.SURVEILLANCE_FAILED: _C,
    FindingCode.SCOPE_MISSING: _M,
    FindingCode.SCOPE_CORPORATE_IT_ONLY: _H,
    FindingCode.SCOPE_AI_GAP: _H,
    FindingCode.SCOPE_PRODUCT_NOT_NAMED: _M,
    FindingCode.SOA_MISSING: _M,
    FindingCode.SOA_OUTDATED: _M,
    FindingCode.SOA_INCOMPLETE: _M,
    FindingCode.SOA_EXCLUSION_UNJUSTIFIED: _M,
    FindingCode.SOA_AI_CONTROL_EXCLUDED: _H,
    FindingCode.SOA_REFERENCE_MISMATCH: _L,
    FindingCode.ISO42001_ABSENT: _M,
    FindingCode.SOC2_TYPE1_ONLY: _M,
    FindingCode.SOC2_STALE: _M,
    FindingCode.SOC2_QUALIFIED_OPINION: _H,
    FindingCode.SOC2_EXCEPTIONS: _M,
    FindingCode.SOC2_CARVE_OUT: _L,
    FindingCode.FRAMEWORK_REQUIRED_MISSING: _H,
    FindingCode.CERT_NUMBER_MISMATCH: _M,
    FindingCode.DOCUMENT_INCONSISTENT: _M,
    FindingCode.DOCUMENT_UNREADABLE: _M,
    # "Not found" is not "invalid": an accredited-looking certificate the data cannot confirm
    # is high, never critical (CONTRACT §5).
    FindingCode.CB_ACCREDITATION_UNVERIFIED: _H,
    FindingCode.SOC2_SUBSTITUTE_ONLY: _M,
    FindingCode.FRAMEWORK_EVIDENCE_WEAK: _M,
    FindingCode.FACT_NOT_READ: _M,
}

# CONTRACT §4 SOA_AI_CONTROL_EXCLUDED: secure development A.8.25-A.8.29 and A.8.31-A.8.33,
# cloud and supplier A.5.19-A.5.23, data leakage and masking A.8.11-A.8.12, deletion A.8.10,
# logging and monitoring A.8.15-A.8.16, threat intelligence A.5.7, privacy A.5.34.
DEFAULT_AI_CONTROLS: tuple[str, ...] = (
    *(f"A.8.{n}" for n in (25, 26, 27, 28, 29, 31, 32, 33)),
    *(f"A.5.{n}" for n in (19, 20, 21, 22, 23)),
    "A.8.11",
    "A.8.12",
    "A.8.10",
    "A.8.15",
    "A.8.16",
    "A.5.7",
    "A.5.34",
)


class InherentRisk(BaseModel):
    """Points the vendor profile adds before any finding (CONTRACT §5 'inherent risk')."""

    model_config = _FROZEN

    criticality: dict[str, int] = Field(
        default_factory=lambda: {"low": 0, "medium": 8, "high": 15, "critical": 22}
    )
    data_categories: dict[str, int] = Field(
        default_factory=lambda: {
            "personal": 4,
            "health": 8,
            "payment": 6,
            "financial": 5,
            "criminal_justice": 8,
            "biometric": 8,
            "children": 8,
            "government": 6,
            "confidential": 3,
        }
    )
    # Categories not in the table still count: a buyer who names one handles something.
    unknown_data_category: int = Field(default=3, ge=0)
    data_categories_cap: int = Field(default=16, ge=0)
    ai_vendor: int = Field(default=5, ge=0)

    @model_validator(mode="after")
    def _non_negative(self) -> Self:
        if any(v < 0 for v in (*self.criticality.values(), *self.data_categories.values())):
            raise ValueError("inherent-risk points must be non-negative")
        return self


class Tiers(BaseModel):
    """Lower bounds of the tiers (CONTRACT §5: medium 25, high 50, critical 75)."""

    model_config = _FROZEN

    medium: int = 25
    high: int = 50
    critical: int = 75

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not 0 < self.medium < self.high < self.critical <= 100:
            raise ValueError("tier thresholds must satisfy 0 < medium < high < critical <= 100")
        return self


class RiskModel(BaseModel):
    """All judgement parameters of an assessment, with the version stored alongside it."""

    model_config = _FROZEN

    version: str = Field(min_length=1)
    severities: dict[FindingCode, Severity] = Field(
        default_factory=lambda: dict(DEFAULT_SEVERITIES)
    )
    severity_points: dict[Severity, int] = Field(
        default_factory=lambda: {
            Severity.info: 0,
            Severity.low: 3,
            Severity.medium: 8,
            Severity.high: 15,
            Severity.critical: 30,
        }
    )
    # Per-code points replacing the severity's points (e.g. weigh one code more).
    code_points: dict[FindingCode, int] = Field(default_factory=dict)
    inherent: InherentRisk = Field(default_factory=InherentRisk)
    tiers: Tiers = Field(default_factory=Tiers)
    surveillance_interval_months: int = Field(default=12, ge=1)
    surveillance_grace_months: int = Field(default=3, ge=0)
    # A major nonconformity without suspension is serious but not yet loss of certification.
    surveillance_major_nc_severity: Severity = Severity.high
    expiring_window_days: int = Field(default=90, ge=0)
    soc2_max_age_months: int = Field(default=12, ge=1)
    certification_cycle_years: int = Field(default=3, ge=1)
    iso27001_2013_transition_end: date = date(2025, 10, 31)
    # Tolerance when comparing a printed validity period ("3 years") with the dates.
    stated_validity_tolerance_days: int = Field(default=31, ge=0)
    ai_relevant_controls: tuple[str, ...] = DEFAULT_AI_CONTROLS
    holder_match_threshold: float = Field(default=88.0, ge=0, le=100)

    @model_validator(mode="after")
    def _contract_rules(self) -> Self:
        missing = set(FindingCode) - set(self.severities)
        if missing:
            raise ValueError(f"severities missing for {sorted(missing)}")
        weak = [c for c in CONTRACT_CRITICAL if self.severities[c] is not Severity.critical]
        if weak:
            raise ValueError(f"CONTRACT §5 requires critical severity for {sorted(weak)}")
        if any(v < 0 for v in (*self.severity_points.values(), *self.code_points.values())):
            # Negative points would let a new finding lower the score (CONTRACT §5).
            raise ValueError("finding points must be non-negative")
        if set(self.severity_points) != set(Severity):
            raise ValueError("severity_points must give points for every severity")
        return self

    def severity(self, code: FindingCode) -> Severity:
        """The default severity of `code` under this model."""
        return self.severities[code]

    def points(self, code: FindingCode, severity: Severity) -> int:
        """Points a finding adds to the score: the code's override, else its severity's."""
        return self.code_points.get(code, self.severity_points[severity])
