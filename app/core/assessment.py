"""One assessment: documents + profile + reference data + as_of + risk model -> verdict.

The single entry point the CLI, the API and the re-check job call (CONTRACT.md §4-§6).
It verifies each certificate's accreditation against the registry, runs every rule, orders
the findings (severity, then code, then document) and scores them. Pure: the same inputs
always give the same `Assessment`, which records the reference-data and risk-model versions
it used.
"""

from collections.abc import Callable, Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict

from app.core.accreditation.verify import Registry, Verification, verify_certification
from app.core.checks import RULES, run_rules
from app.core.checks.context import AssessedDocument, CheckContext
from app.core.facts import CertificateFacts
from app.core.findings import Finding
from app.core.kinds import CERTIFICATE_KINDS, CERTIFICATE_STANDARD
from app.core.profile import BuyerProfile, VendorProfile
from app.core.risk_model import RiskModel
from app.core.scoring import ScoreBreakdown, Tier, score_findings

__all__ = ["AssessedDocument", "Assessment", "VerifyFn", "assess", "finding_order"]

VerifyFn = Callable[..., Verification]


class Assessment(BaseModel):
    """The verdict on a vendor as of a date, with everything needed to explain it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    as_of: date
    findings: list[Finding]
    score: int
    tier: Tier
    score_breakdown: ScoreBreakdown
    reference_data: dict[str, str]
    risk_model: str
    documents: list[str]


def finding_order(finding: Finding) -> tuple[int, str, str, str, str]:
    """Sort key: most severe first, then code, then the first document cited."""
    document = finding.evidence[0].document if finding.evidence else ""
    return (-finding.severity.rank, finding.code.value, document, finding.title, finding.detail)


def _verifications(
    documents: Sequence[AssessedDocument], registry: Registry, verify: VerifyFn, as_of: date
) -> dict[str, Verification]:
    out: dict[str, Verification] = {}
    for doc in documents:
        parsed = doc.parsed
        if parsed is None or parsed.kind not in CERTIFICATE_KINDS:
            continue
        facts = parsed.facts
        if not isinstance(facts, CertificateFacts):
            continue
        out[doc.ref] = verify(
            registry,
            certification_body=facts.certification_body,
            accreditation_body=facts.accreditation_body,
            accreditation_number=facts.accreditation_number,
            standard=CERTIFICATE_STANDARD[parsed.kind],
            as_of=as_of,
        )
    return out


def assess(
    documents: Sequence[AssessedDocument],
    profile: VendorProfile,
    registry: Registry,
    *,
    as_of: date,
    model: RiskModel,
    verify: VerifyFn = verify_certification,
    buyer: BuyerProfile | None = None,
) -> Assessment:
    """Assess the vendor's documents as of `as_of` (`verify` is replaceable for tests).

    `buyer` (the buying organisation, CONTRACT §3) adds the frameworks its sector and regions
    require; None derives none."""
    ctx = CheckContext(
        documents=tuple(documents),
        profile=profile,
        as_of=as_of,
        model=model,
        verifications=_verifications(documents, registry, verify, as_of),
        buyer=buyer,
    )
    findings = sorted(run_rules(ctx, RULES), key=finding_order)
    score = score_findings(findings, profile, model)
    return Assessment(
        as_of=as_of,
        findings=findings,
        score=score.score,
        tier=score.tier,
        score_breakdown=score.breakdown,
        reference_data={"accreditation": registry.version},
        risk_model=model.version,
        documents=[d.ref for d in documents],
    )
