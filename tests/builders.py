"""Builders for core test values: facts, parsed documents, profiles, contexts, verifications.

Each builder gives a valid, unremarkable default (an accredited ISO/IEC 27001:2022
certificate in force on AS_OF, a complete SoA, ...) so a test states only what it varies.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from app.core import facts as facts_module
from app.core.accreditation.verify import LookupVerdict, Provenance, Verification, VerificationIssue
from app.core.checks import RULES, Rule, run_rules
from app.core.checks.context import AssessedDocument, CheckContext
from app.core.extract.soa.annex_a import ANNEX_A_2022
from app.core.facts import (
    BridgeLetterFacts,
    CertificateFacts,
    CjisFacts,
    Confidence,
    DpaFacts,
    Facts,
    FedrampFacts,
    HipaaFacts,
    Iso42001ReadinessFacts,
    Ndaa889Facts,
    ParsedDocument,
    PciDssAocFacts,
    ScopeFacts,
    SoaControl,
    SoaFacts,
    Soc2ReportFacts,
    SurveillanceFacts,
)
from app.core.findings import Finding, FindingCode
from app.core.kinds import DocumentKind
from app.core.pages import Evidence
from app.core.profile import BuyerProfile, VendorProfile
from app.core.risk_model import RiskModel

AS_OF = date(2026, 11, 23)
MODEL = RiskModel(version="test-1")


def make_certificate_facts(**overrides: Any) -> CertificateFacts:
    base: dict[str, Any] = {
        "standard": "ISO/IEC 27001",
        "standard_version": "2022",
        "certificate_number": "IS 712345",
        "holder": "Northwind Analytics Ltd",
        "certification_body": "BSI Assurance UK Ltd",
        "accreditation_body": "UKAS",
        "accreditation_number": "003",
        "original_certification_date": date(2019, 5, 17),
        "issue_date": date(2026, 5, 17),
        "expiry_date": date(2029, 5, 16),
        "scope": "Development, hosting and support of the Northwind Vision platform.",
    }
    return CertificateFacts(**{**base, **overrides})


def make_soa_controls(
    excluded: Mapping[str, str | None] | None = None, ids: Sequence[str] = ANNEX_A_2022
) -> list[SoaControl]:
    """Controls for `ids`, all applicable except `excluded` (id -> justification or None)."""
    excluded = excluded or {}
    return [
        SoaControl(
            id=cid,
            applicable=cid not in excluded,
            implemented=cid not in excluded,
            justification=excluded.get(cid, "Risk assessment"),
            page=1,
        )
        for cid in ids
    ]


def make_soa_facts(**overrides: Any) -> SoaFacts:
    base: dict[str, Any] = {
        "standard_version": "2022",
        "holder": "Northwind Analytics Ltd",
        "version": "3.1",
        "date": date(2026, 2, 1),
        "controls": make_soa_controls(),
    }
    return SoaFacts(**{**base, **overrides})


def make_scope_facts(**overrides: Any) -> ScopeFacts:
    base: dict[str, Any] = {
        "holder": "Northwind Analytics Ltd",
        "scope": None,
        "date": date(2026, 1, 1),
    }
    return ScopeFacts(**{**base, **overrides})


def make_soc2_facts(**overrides: Any) -> Soc2ReportFacts:
    base: dict[str, Any] = {
        "report_type": "type2",
        "service_organization": "Northwind Analytics Ltd",
        "service_auditor": "Whitlock Barrow & Co. LLP",
        "period_start": date(2025, 7, 1),
        "period_end": date(2026, 6, 30),
        "opinion": "unqualified",
        "exceptions_count": 0,
        "trust_services_categories": ["security"],
        "subservice_organizations": [],
    }
    return Soc2ReportFacts(**{**base, **overrides})


def make_bridge_facts(**overrides: Any) -> BridgeLetterFacts:
    base: dict[str, Any] = {
        "service_organization": "Northwind Analytics Ltd",
        "letter_date": date(2026, 8, 1),
        "report_period_start": date(2025, 7, 1),
        "report_period_end": date(2026, 6, 30),
        "bridge_period_end": date(2026, 7, 31),
        "material_changes": False,
    }
    return BridgeLetterFacts(**{**base, **overrides})


def make_surveillance_facts(**overrides: Any) -> SurveillanceFacts:
    base: dict[str, Any] = {
        "certification_body": "BSI Assurance UK Ltd",
        "holder": "Northwind Analytics Ltd",
        "certificate_number": "IS 712345",
        "audit_type": "surveillance",
        "audit_date": date(2026, 5, 1),
        "outcome": "continued",
        "major_nonconformities": 0,
        "minor_nonconformities": 0,
    }
    return SurveillanceFacts(**{**base, **overrides})


_KIND_BY_FACTS: dict[type[Facts], DocumentKind] = {
    CertificateFacts: DocumentKind.iso27001_certificate,
    SoaFacts: DocumentKind.soa,
    ScopeFacts: DocumentKind.scope_statement,
    Soc2ReportFacts: DocumentKind.soc2_report,
    BridgeLetterFacts: DocumentKind.soc2_bridge_letter,
    SurveillanceFacts: DocumentKind.surveillance_evidence,
    PciDssAocFacts: DocumentKind.pci_dss_aoc,
    FedrampFacts: DocumentKind.fedramp_authorization,
    HipaaFacts: DocumentKind.hipaa_attestation,
    DpaFacts: DocumentKind.dpa,
    CjisFacts: DocumentKind.cjis_addendum,
    Ndaa889Facts: DocumentKind.ndaa889_representation,
    Iso42001ReadinessFacts: DocumentKind.iso42001_readiness,
}


def _quote(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def make_parsed(facts: Facts, kind: DocumentKind | None = None) -> ParsedDocument:
    """A parsed document whose every non-null scalar fact has page-1 evidence quoting it."""
    evidence = {
        name: Evidence(page=1, quote=_quote(value))
        for name, value in facts
        if value not in (None, [], "") and not isinstance(value, list)
    }
    return facts_module.make_parsed(
        kind or _KIND_BY_FACTS[type(facts)],
        facts,
        evidence=evidence,
        confidence=dict.fromkeys(evidence, Confidence.high),
        pages=1,
    )


def doc(ref: str, facts: Facts, kind: DocumentKind | None = None) -> AssessedDocument:
    return AssessedDocument(ref=ref, parsed=make_parsed(facts, kind))


def make_profile(**overrides: Any) -> VendorProfile:
    base: dict[str, Any] = {
        "name": "Northwind Analytics",
        "legal_names": ["Northwind Analytics Ltd"],
        "products": ["Northwind Vision"],
        "ai_vendor": False,
        "data_categories": ["personal"],
        "criticality": "medium",
    }
    return VendorProfile(**{**base, **overrides})


def accredited() -> Verification:
    return Verification(
        verdict=LookupVerdict.accredited,
        matched_cb="BSI Assurance UK Ltd",
        issues=(),
        provenance=Provenance.curated,
    )


def verification_with(*codes: FindingCode, verdict: LookupVerdict | None = None) -> Verification:
    """A verification raising `codes`; the verdict is not_found only for an unknown CB."""
    if verdict is None:
        unknown = FindingCode.CB_NOT_ACCREDITED in codes
        verdict = LookupVerdict.not_found if unknown else LookupVerdict.accredited
    return Verification(
        verdict=verdict,
        matched_cb=None,
        issues=tuple(
            VerificationIssue(
                code=c,
                detail=f"{c.value} per test data",
                record="test-record",
                provenance=Provenance.curated,
            )
            for c in codes
        ),
        provenance=Provenance.curated,
    )


def make_context(
    *documents: AssessedDocument,
    profile: VendorProfile | None = None,
    as_of: date = AS_OF,
    model: RiskModel = MODEL,
    verifications: Mapping[str, Verification] | None = None,
    buyer: BuyerProfile | None = None,
) -> CheckContext:
    return CheckContext(
        documents=tuple(documents),
        profile=profile or make_profile(),
        as_of=as_of,
        model=model,
        verifications=verifications or {},
        buyer=buyer,
    )


def rule_for(code: FindingCode) -> Rule:
    return next(r for r in RULES if r.code is code)


def raised(ctx: CheckContext, code: FindingCode) -> list[Finding]:
    """The findings the rule for `code` raises on `ctx`."""
    return run_rules(ctx, [rule_for(code)])


def codes(findings: Iterable[Finding]) -> set[FindingCode]:
    return {f.code for f in findings}
