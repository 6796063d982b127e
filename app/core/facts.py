"""Typed facts per document kind, with evidence (CONTRACT.md §2).

Facts are frozen pydantic models: dates as `date`, enums as `StrEnum`, `None` where a fact is
absent. A `ParsedDocument` carries the detected kind, its facts, and for every non-null fact an
`Evidence(page, quote)`. `unknown` documents carry `UnknownFacts` (no facts).
"""

import datetime as _dt
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.core.kinds import CERTIFICATE_KINDS, DocumentKind
from app.core.pages import Evidence

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Facts(BaseModel):
    """Base of every kind's facts."""

    model_config = _FROZEN


class CertificateFacts(Facts):
    """Facts of an ISO/IEC 27001, 42001 or 27701 certificate."""

    standard: str | None = None
    standard_version: str | None = None
    certificate_number: str | None = None
    holder: str | None = None
    certification_body: str | None = None
    accreditation_body: str | None = None
    accreditation_number: str | None = None
    original_certification_date: date | None = None
    issue_date: date | None = None
    expiry_date: date | None = None
    last_audit_date: date | None = None
    surveillance_due_dates: list[date] = Field(default_factory=list)
    scope: str | None = None
    soa_reference: str | None = None
    sites: list[str] = Field(default_factory=list)
    # Not in the contract's table but printed on real certificates ("Certificate Period:
    # 3 Years"); DOCUMENT_INCONSISTENT compares it with the dates.
    stated_validity_years: int | None = None


class SoaControl(BaseModel):
    """One row of a Statement of Applicability."""

    model_config = _FROZEN

    id: str
    title: str | None = None
    applicable: bool | None = None
    implemented: bool | None = None
    justification: str | None = None
    page: int | None = None


class SoaFacts(Facts):
    """Facts of a Statement of Applicability."""

    standard_version: str | None = None
    holder: str | None = None
    version: str | None = None
    # `_dt.date`: a field named `date` shadows the type inside the class body (py3.11).
    date: _dt.date | None = None
    certificate_number: str | None = None
    controls: list[SoaControl] = Field(default_factory=list)
    # Control ids seen in the SoA that are not in its edition's Annex A, and ids seen twice:
    # kept visible to the checks rather than dropped.
    unknown_control_ids: list[str] = Field(default_factory=list)
    duplicate_control_ids: list[str] = Field(default_factory=list)


class ScopeFacts(Facts):
    """Facts of a scope statement."""

    holder: str | None = None
    scope: str | None = None
    # `_dt.date`: a field named `date` shadows the type inside the class body (py3.11).
    date: _dt.date | None = None


class Soc2ReportType(StrEnum):
    type1 = "type1"
    type2 = "type2"


class Soc2Opinion(StrEnum):
    unqualified = "unqualified"
    qualified = "qualified"
    adverse = "adverse"
    disclaimer = "disclaimer"


class SubserviceMethod(StrEnum):
    carve_out = "carve-out"
    inclusive = "inclusive"


class Subservice(BaseModel):
    model_config = _FROZEN

    name: str
    method: SubserviceMethod


class Soc2ReportFacts(Facts):
    """Facts of a SOC 2 report."""

    report_type: Soc2ReportType | None = None
    service_organization: str | None = None
    service_auditor: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    report_date: date | None = None
    trust_services_categories: list[str] = Field(default_factory=list)
    opinion: Soc2Opinion | None = None
    exceptions_count: int | None = None
    subservice_organizations: list[Subservice] = Field(default_factory=list)


class BridgeLetterFacts(Facts):
    """Facts of a SOC 2 bridge (gap) letter."""

    service_organization: str | None = None
    service_auditor: str | None = None
    letter_date: date | None = None
    report_period_start: date | None = None
    report_period_end: date | None = None
    bridge_period_end: date | None = None
    material_changes: bool | None = None
    # The date of the SOC 2 report the letter cites, when printed; a report dated after the
    # letter itself is a DOCUMENT_INCONSISTENT.
    report_date: date | None = None


class AuditType(StrEnum):
    surveillance = "surveillance"
    recertification = "recertification"


class AuditOutcome(StrEnum):
    continued = "continued"
    suspended = "suspended"
    withdrawn = "withdrawn"


class SurveillanceFacts(Facts):
    """Facts of a certification body's surveillance or recertification audit letter/report."""

    certification_body: str | None = None
    holder: str | None = None
    certificate_number: str | None = None
    standard: str | None = None
    audit_type: AuditType | None = None
    audit_date: date | None = None
    outcome: AuditOutcome | None = None
    major_nonconformities: int | None = None
    minor_nonconformities: int | None = None


class UnknownFacts(Facts):
    """An unrecognised document carries no facts."""


FACTS_BY_KIND: dict[DocumentKind, type[Facts]] = {
    **{k: CertificateFacts for k in CERTIFICATE_KINDS},
    DocumentKind.soa: SoaFacts,
    DocumentKind.scope_statement: ScopeFacts,
    DocumentKind.soc2_report: Soc2ReportFacts,
    DocumentKind.soc2_bridge_letter: BridgeLetterFacts,
    DocumentKind.surveillance_evidence: SurveillanceFacts,
    DocumentKind.unknown: UnknownFacts,
}


class ParsedDocument(BaseModel):
    """The result of parsing one document: kind, facts and per-fact evidence."""

    model_config = _FROZEN

    kind: DocumentKind
    facts: Facts
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    pages: int = 0
    ocr: bool = False
    declared_kind: DocumentKind | None = None
    # Set when the uploader declared a kind that the content contradicts.
    kind_mismatch: str | None = None
    # Reasons a fact was left null rather than guessed (e.g. an ambiguous 03/04/2025).
    warnings: list[str] = Field(default_factory=list)

    def facts_json(self) -> dict[str, Any]:
        """Facts as plain JSON values (dates as ISO strings), as CONTRACT.md §2 prints them."""
        return self.facts.model_dump(mode="json")

    def evidence_json(self) -> dict[str, Any]:
        return {k: v.model_dump(mode="json") for k, v in self.evidence.items()}

    @classmethod
    def from_stored(
        cls,
        *,
        kind: DocumentKind,
        facts: dict[str, Any],
        evidence: dict[str, Any],
        **extra: Any,
    ) -> "ParsedDocument":
        """Re-validate stored JSON facts through the core model of their kind (two validator
        calls per document: re-checks read thousands of documents)."""
        model = FACTS_BY_KIND[kind]
        return cls.model_validate(
            {"kind": kind, "facts": model.model_validate(facts), "evidence": evidence, **extra}
        )
