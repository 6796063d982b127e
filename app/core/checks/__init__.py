"""The finding rules, as data: one rule per finding code of CONTRACT.md §4.

Each rule is a pure function `rule(ctx: CheckContext) -> Iterable[Finding]` whose docstring
quotes the contract condition it implements. `RULES` pairs every `FindingCode` with exactly
one rule (a test holds that), and the rule's module names its family (certificate,
accreditation, surveillance, scope, soa, soc2, frameworks, documents), which the vendor
questions are grouped by.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.core.checks import (
    accreditation,
    certificate,
    documents,
    frameworks,
    scope,
    soa,
    soc2,
    surveillance,
)
from app.core.checks.context import AssessedDocument, CheckContext
from app.core.findings import Finding, FindingCode

RuleFn = Callable[[CheckContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A finding code and the function that raises it."""

    code: FindingCode
    check: RuleFn

    @property
    def family(self) -> str:
        """The rule's family: the name of the module that holds it."""
        return self.check.__module__.rsplit(".", 1)[-1]


_C = FindingCode
RULES: tuple[Rule, ...] = (
    Rule(_C.NO_ISO27001, certificate.no_iso27001),
    Rule(_C.CERT_EXPIRED, certificate.cert_expired),
    Rule(_C.CERT_EXPIRING, certificate.cert_expiring),
    Rule(_C.CERT_NOT_YET_VALID, certificate.cert_not_yet_valid),
    Rule(_C.CERT_VALIDITY_EXCEEDS_CYCLE, certificate.cert_validity_exceeds_cycle),
    Rule(_C.CERT_SUPERSEDED_STANDARD, certificate.cert_superseded_standard),
    Rule(_C.CERT_HOLDER_MISMATCH, certificate.cert_holder_mismatch),
    Rule(_C.CB_NOT_ACCREDITED, accreditation.cb_not_accredited),
    Rule(_C.CB_ACCREDITATION_SCOPE, accreditation.cb_accreditation_scope),
    Rule(_C.AB_NOT_RECOGNISED, accreditation.ab_not_recognised),
    Rule(_C.AB_MISMATCH, accreditation.ab_mismatch),
    Rule(_C.CERT_NO_ACCREDITATION_MARK, accreditation.cert_no_accreditation_mark),
    Rule(_C.CB_ACCREDITATION_SUSPENDED, accreditation.cb_accreditation_suspended),
    Rule(_C.SURVEILLANCE_OVERDUE, surveillance.surveillance_overdue),
    Rule(_C.SURVEILLANCE_FAILED, surveillance.surveillance_failed),
    Rule(_C.SCOPE_MISSING, scope.scope_missing),
    Rule(_C.SCOPE_CORPORATE_IT_ONLY, scope.scope_corporate_it_only),
    Rule(_C.SCOPE_AI_GAP, scope.scope_ai_gap),
    Rule(_C.SCOPE_PRODUCT_NOT_NAMED, scope.scope_product_not_named),
    Rule(_C.SOA_MISSING, soa.soa_missing),
    Rule(_C.SOA_OUTDATED, soa.soa_outdated),
    Rule(_C.SOA_INCOMPLETE, soa.soa_incomplete),
    Rule(_C.SOA_EXCLUSION_UNJUSTIFIED, soa.soa_exclusion_unjustified),
    Rule(_C.SOA_AI_CONTROL_EXCLUDED, soa.soa_ai_control_excluded),
    Rule(_C.SOA_REFERENCE_MISMATCH, soa.soa_reference_mismatch),
    Rule(_C.ISO42001_ABSENT, frameworks.iso42001_absent),
    Rule(_C.FRAMEWORK_REQUIRED_MISSING, frameworks.framework_required_missing),
    Rule(_C.SOC2_TYPE1_ONLY, soc2.soc2_type1_only),
    Rule(_C.SOC2_STALE, soc2.soc2_stale),
    Rule(_C.SOC2_QUALIFIED_OPINION, soc2.soc2_qualified_opinion),
    Rule(_C.SOC2_EXCEPTIONS, soc2.soc2_exceptions),
    Rule(_C.SOC2_CARVE_OUT, soc2.soc2_carve_out),
    Rule(_C.CERT_NUMBER_MISMATCH, documents.cert_number_mismatch),
    Rule(_C.DOCUMENT_INCONSISTENT, documents.document_inconsistent),
    Rule(_C.DOCUMENT_UNREADABLE, documents.document_unreadable),
    Rule(_C.CB_ACCREDITATION_UNVERIFIED, accreditation.cb_accreditation_unverified),
    Rule(_C.SOC2_SUBSTITUTE_ONLY, soc2.soc2_substitute_only),
    Rule(_C.FRAMEWORK_EVIDENCE_WEAK, frameworks.framework_evidence_weak),
    Rule(_C.FACT_NOT_READ, documents.fact_not_read),
)

FAMILY_BY_CODE: dict[FindingCode, str] = {r.code: r.family for r in RULES}


def run_rules(ctx: CheckContext, rules: Iterable[Rule] = RULES) -> list[Finding]:
    """Every finding the rules raise on `ctx`, in rule order (callers sort for display)."""
    findings: list[Finding] = []
    for rule in rules:
        for finding in rule.check(ctx):
            if finding.code is not rule.code:
                raise ValueError(f"rule for {rule.code} raised {finding.code}")
            findings.append(finding)
    return findings


__all__ = ["FAMILY_BY_CODE", "RULES", "AssessedDocument", "CheckContext", "Rule", "run_rules"]
