"""Typed facts per document kind, with evidence and confidence (CONTRACT.md §2, §9).

Facts are frozen pydantic models: dates as `date`, enums as `StrEnum`, `None` where a fact is
absent. A parsed document is a tagged union on `kind` (`AnyParsedDocument`): the kind decides
the facts model, so one validation turns stored, transported or returned JSON back into typed
facts (`parse_document_json`), and one dump (`model_dump(mode="json")`) writes them. Every
non-null fact has an `Evidence(page, quote)` and a `Confidence`.
"""

import datetime as _dt
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from app.core.kinds import DocumentKind
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


class Passage(BaseModel):
    """Verbatim text (whitespace folded) of one page of a document, with that page."""

    model_config = _FROZEN

    page: int = Field(ge=1)
    text: str


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
    # The description of the system (section III) as passages with their pages: what the
    # AI-estate coverage matrix reads (CONTRACT §7). Filled by the parse pipeline.
    system_description: list[Passage] = Field(default_factory=list)


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


class Soc1ReportFacts(Facts):
    """Facts of a SOC 1 (SSAE 18 / ISAE 3402) report: controls over financial reporting."""

    report_type: Soc2ReportType | None = None
    service_organization: str | None = None
    service_auditor: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    report_date: date | None = None
    opinion: Soc2Opinion | None = None


class Soc3ReportFacts(Facts):
    """Facts of a SOC 3 (general-use Trust Services) report: an opinion, no tests."""

    service_organization: str | None = None
    service_auditor: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    report_date: date | None = None
    trust_services_categories: list[str] = Field(default_factory=list)
    opinion: Soc2Opinion | None = None


class PciAssessmentType(StrEnum):
    service_provider = "service_provider"
    merchant = "merchant"


class ComplianceStatus(StrEnum):
    compliant = "compliant"
    non_compliant = "non_compliant"


class PciDssAocFacts(Facts):
    """Facts of a PCI DSS Attestation of Compliance (CONTRACT §9)."""

    entity: str | None = None
    assessor_company: str | None = None
    assessment_type: PciAssessmentType | None = None
    pci_dss_version: str | None = None
    aoc_date: date | None = None
    compliance_status: ComplianceStatus | None = None
    services: list[str] = Field(default_factory=list)


class FedrampImpact(StrEnum):
    li_saas = "li-saas"
    low = "low"
    moderate = "moderate"
    high = "high"


class FedrampStatus(StrEnum):
    authorized = "authorized"
    in_process = "in_process"
    ready = "ready"


class FedrampFacts(Facts):
    """Facts of a FedRAMP authorization letter or marketplace record (CONTRACT §9)."""

    csp: str | None = None
    cso: str | None = None
    impact_level: FedrampImpact | None = None
    status: FedrampStatus | None = None
    authorization_date: date | None = None
    authorizing_body: str | None = None


class HipaaConclusion(StrEnum):
    compliant = "compliant"
    exceptions = "exceptions"


class HipaaFacts(Facts):
    """Facts of a HIPAA attestation (CONTRACT §9)."""

    entity: str | None = None
    assessor: str | None = None
    report_date: date | None = None
    conclusion: HipaaConclusion | None = None
    scope: str | None = None


class DpaFacts(Facts):
    """Facts of a data processing agreement (CONTRACT §9)."""

    controller: str | None = None
    processor: str | None = None
    # `_dt.date`: a field named `date` shadows the type inside the class body (py3.11).
    date: _dt.date | None = None
    laws: list[str] = Field(default_factory=list)
    transfer_mechanism: str | None = None
    subprocessors: list[str] = Field(default_factory=list)


class CjisFacts(Facts):
    """Facts of a CJIS security addendum (CONTRACT §9)."""

    entity: str | None = None
    date: _dt.date | None = None
    signed: bool | None = None


class Ndaa889Representation(StrEnum):
    does_not_provide = "does_not_provide"
    provides = "provides"


class Ndaa889Facts(Facts):
    """Facts of an NDAA Section 889 representation (CONTRACT §9)."""

    entity: str | None = None
    date: _dt.date | None = None
    representation: Ndaa889Representation | None = None
    far_clauses: list[str] = Field(default_factory=list)


class ReadinessStage(StrEnum):
    stage1 = "stage1"
    engagement = "engagement"


class Iso42001ReadinessFacts(Facts):
    """Facts of ISO/IEC 42001 readiness evidence: a CB's stage 1 report or engagement letter."""

    organization: str | None = None
    certification_body: str | None = None
    stage: ReadinessStage | None = None
    date: _dt.date | None = None


class UnknownFacts(Facts):
    """An unrecognised document carries no facts."""


class Confidence(StrEnum):
    """How sure the extractor is of a fact (CONTRACT §2): `high` when independent cues agree
    or one unambiguous cue decides, `low` otherwise."""

    high = "high"
    low = "low"


class ParsedDocument(BaseModel):
    """The result of parsing one document: kind, facts, per-fact evidence and confidence.

    The base of the tagged union `AnyParsedDocument`; each member narrows `kind` to the kinds
    whose facts it carries and `facts` to their model. Annotate with `ParsedDocument` where
    any kind will do; build and read through `make_parsed` / `parse_document_json`."""

    model_config = _FROZEN

    kind: DocumentKind
    facts: Facts
    evidence: dict[str, Evidence] = Field(default_factory=dict)
    confidence: dict[str, Confidence] = Field(default_factory=dict)
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

    def is_confident(self, name: str) -> bool:
        """True when fact `name` was read with high confidence."""
        return self.confidence.get(name) is Confidence.high


_K = DocumentKind


class ParsedCertificate(ParsedDocument):
    kind: Literal[_K.iso27001_certificate, _K.iso42001_certificate, _K.iso27701_certificate]
    facts: CertificateFacts


class ParsedSoa(ParsedDocument):
    kind: Literal[_K.soa]
    facts: SoaFacts


class ParsedScope(ParsedDocument):
    kind: Literal[_K.scope_statement]
    facts: ScopeFacts


class ParsedSoc2Report(ParsedDocument):
    kind: Literal[_K.soc2_report]
    facts: Soc2ReportFacts


class ParsedBridgeLetter(ParsedDocument):
    kind: Literal[_K.soc2_bridge_letter]
    facts: BridgeLetterFacts


class ParsedSurveillance(ParsedDocument):
    kind: Literal[_K.surveillance_evidence]
    facts: SurveillanceFacts


class ParsedSoc1Report(ParsedDocument):
    kind: Literal[_K.soc1_report]
    facts: Soc1ReportFacts


class ParsedSoc3Report(ParsedDocument):
    kind: Literal[_K.soc3_report]
    facts: Soc3ReportFacts


class ParsedPciDssAoc(ParsedDocument):
    kind: Literal[_K.pci_dss_aoc]
    facts: PciDssAocFacts


class ParsedFedramp(ParsedDocument):
    kind: Literal[_K.fedramp_authorization]
    facts: FedrampFacts


class ParsedHipaa(ParsedDocument):
    kind: Literal[_K.hipaa_attestation]
    facts: HipaaFacts


class ParsedDpa(ParsedDocument):
    kind: Literal[_K.dpa]
    facts: DpaFacts


class ParsedCjis(ParsedDocument):
    kind: Literal[_K.cjis_addendum]
    facts: CjisFacts


class ParsedNdaa889(ParsedDocument):
    kind: Literal[_K.ndaa889_representation]
    facts: Ndaa889Facts


class ParsedIso42001Readiness(ParsedDocument):
    kind: Literal[_K.iso42001_readiness]
    facts: Iso42001ReadinessFacts


class ParsedUnknown(ParsedDocument):
    kind: Literal[_K.unknown]
    facts: UnknownFacts


AnyParsedDocument = Annotated[
    ParsedCertificate
    | ParsedSoa
    | ParsedScope
    | ParsedSoc2Report
    | ParsedBridgeLetter
    | ParsedSurveillance
    | ParsedSoc1Report
    | ParsedSoc3Report
    | ParsedPciDssAoc
    | ParsedFedramp
    | ParsedHipaa
    | ParsedDpa
    | ParsedCjis
    | ParsedNdaa889
    | ParsedIso42001Readiness
    | ParsedUnknown,
    Field(discriminator="kind"),
]
PARSED_DOCUMENT: TypeAdapter[AnyParsedDocument] = TypeAdapter(AnyParsedDocument)


def parse_document_json(data: dict[str, Any] | str | bytes) -> ParsedDocument:
    """A parsed document from JSON (a dict of JSON values, or its text): the `kind` tag picks
    the facts model, which validates the facts. Used for stored rows, the parse worker's
    output and API input alike."""
    if isinstance(data, dict):
        return PARSED_DOCUMENT.validate_python(data)
    return PARSED_DOCUMENT.validate_json(data)


def make_parsed(kind: DocumentKind, facts: Facts, **fields: Any) -> ParsedDocument:
    """The union member for `kind` carrying `facts` (raises when the facts do not fit the kind)."""
    return PARSED_DOCUMENT.validate_python({"kind": kind, "facts": facts, **fields})


def facts_model(kind: DocumentKind) -> type[Facts]:
    """The facts model of `kind`."""
    return _FACTS_BY_KIND[kind]


def _facts_by_kind() -> dict[DocumentKind, type[Facts]]:
    out: dict[DocumentKind, type[Facts]] = {}
    members = get_args(get_args(AnyParsedDocument)[0])
    for member in members:
        model = member.model_fields["facts"].annotation
        assert isinstance(model, type)
        assert issubclass(model, Facts)
        for literal in get_args(member.model_fields["kind"].annotation):
            out[DocumentKind(literal)] = model
    return out


_FACTS_BY_KIND = _facts_by_kind()
assert set(_FACTS_BY_KIND) == set(DocumentKind), "every kind needs a ParsedDocument member"
