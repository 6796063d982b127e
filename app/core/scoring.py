"""Risk score and tier, with the breakdown that explains them (CONTRACT.md §5).

    score = min(100, max(inherent + sum(contributions), floors))

Inherent risk comes from the vendor profile (criticality, data categories, AI vendor); each
finding contributes its severity's points (or its code's override). Every term is
non-negative and the floors only ever rise with more findings, so adding a finding can never
lower the score: monotone by construction. Any critical finding raises the floor to the
`high` threshold, so the tier is then high or critical. Same inputs, same score.
"""

from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from app.core.findings import Finding, Severity
from app.core.profile import VendorProfile
from app.core.risk_model import RiskModel, Tiers

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Tier(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"

    @property
    def rank(self) -> int:
        return list(Tier).index(self)


class InherentFactor(BaseModel):
    """One profile attribute and the points it adds."""

    model_config = _FROZEN

    factor: str
    value: str
    points: int


class Contribution(BaseModel):
    """One finding's share of the score."""

    model_config = _FROZEN

    code: str
    severity: Severity
    document: str | None
    title: str
    points: int
    basis: str


class FloorRule(BaseModel):
    """A minimum the score was raised to, and why."""

    model_config = _FROZEN

    rule: str
    floor: int
    triggered_by: list[str]


class ScoreBreakdown(BaseModel):
    """Everything needed to recompute the score by hand."""

    model_config = _FROZEN

    risk_model: str
    inherent: int
    inherent_factors: list[InherentFactor]
    inherent_data_cap: int
    contributions: list[Contribution]
    findings_points: int
    raw: int
    floors: list[FloorRule]
    capped_at_100: bool
    score: int
    tier: Tier
    tier_thresholds: Tiers


class Score(BaseModel):
    """The score, its tier and the breakdown."""

    model_config = _FROZEN

    score: int
    tier: Tier
    breakdown: ScoreBreakdown


def tier_for(score: int, tiers: Tiers) -> Tier:
    """CONTRACT §5: low < 25 <= medium < 50 <= high < 75 <= critical (bounds from the model)."""
    if score >= tiers.critical:
        return Tier.critical
    if score >= tiers.high:
        return Tier.high
    if score >= tiers.medium:
        return Tier.medium
    return Tier.low


def inherent_factors(profile: VendorProfile, model: RiskModel) -> list[InherentFactor]:
    """The profile's inherent-risk points, one line per factor (data categories capped)."""
    table = model.inherent
    factors = [
        InherentFactor(
            factor="criticality",
            value=profile.criticality.value,
            points=table.criticality.get(profile.criticality.value, 0),
        )
    ]
    for category in sorted(dict.fromkeys(c.casefold() for c in profile.data_categories)):
        points = table.data_categories.get(category, table.unknown_data_category)
        factors.append(InherentFactor(factor="data_category", value=category, points=points))
    if profile.ai_vendor:
        factors.append(InherentFactor(factor="ai_vendor", value="true", points=table.ai_vendor))
    return factors


def _inherent_total(factors: list[InherentFactor], cap: int) -> int:
    data = sum(f.points for f in factors if f.factor == "data_category")
    return sum(f.points for f in factors if f.factor != "data_category") + min(data, cap)


def _contribution(finding: Finding, model: RiskModel) -> Contribution:
    override = finding.code in model.code_points
    return Contribution(
        code=finding.code.value,
        severity=finding.severity,
        document=finding.evidence[0].document if finding.evidence else None,
        title=finding.title,
        points=model.points(finding.code, finding.severity),
        basis=f"code weight for {finding.code.value}"
        if override
        else f"{finding.severity.value} severity",
    )


def score_findings(findings: Sequence[Finding], profile: VendorProfile, model: RiskModel) -> Score:
    """Score the findings against the profile under `model` (see the module docstring)."""
    factors = inherent_factors(profile, model)
    inherent = _inherent_total(factors, model.inherent.data_categories_cap)
    contributions = sorted(
        (_contribution(f, model) for f in findings),
        key=lambda c: (-c.points, c.code, c.document or "", c.title),
    )
    points = sum(c.points for c in contributions)
    raw = inherent + points
    floors: list[FloorRule] = []
    critical = sorted({f.code.value for f in findings if f.severity is Severity.critical})
    if critical:
        floors.append(
            FloorRule(
                rule="a critical finding puts the tier at high or above (CONTRACT §5)",
                floor=model.tiers.high,
                triggered_by=critical,
            )
        )
    score = min(100, max([raw, *(f.floor for f in floors)]))
    tier = tier_for(score, model.tiers)
    breakdown = ScoreBreakdown(
        risk_model=model.version,
        inherent=inherent,
        inherent_factors=factors,
        inherent_data_cap=model.inherent.data_categories_cap,
        contributions=contributions,
        findings_points=points,
        raw=raw,
        floors=floors,
        capped_at_100=raw > 100,
        score=score,
        tier=tier,
        tier_thresholds=model.tiers,
    )
    return Score(score=score, tier=tier, breakdown=breakdown)


def explain(breakdown: ScoreBreakdown) -> list[str]:
    """The breakdown as lines of text a reviewer reads top to bottom (CLI `--format text`)."""
    t = breakdown.tier_thresholds
    lines = [f"Inherent risk from the vendor profile: {breakdown.inherent}"]
    lines += [f"  + {f.points:>3}  {f.factor} = {f.value}" for f in breakdown.inherent_factors]
    data = sum(f.points for f in breakdown.inherent_factors if f.factor == "data_category")
    if data > breakdown.inherent_data_cap:
        lines.append(f"  (data categories capped at {breakdown.inherent_data_cap})")
    lines.append(f"Findings: {breakdown.findings_points}")
    lines += [
        f"  + {c.points:>3}  {c.code} ({c.basis}){f' in {c.document}' if c.document else ''}"
        for c in breakdown.contributions
    ]
    lines.append(f"Sum: {breakdown.raw}")
    lines += [
        f"Floor {f.floor}: {f.rule}; triggered by {', '.join(f.triggered_by)}"
        for f in breakdown.floors
    ]
    if breakdown.capped_at_100:
        lines.append("Capped at 100")
    lines.append(
        f"Score {breakdown.score} -> tier {breakdown.tier.value} (low < {t.medium} <= medium < "
        f"{t.high} <= high < {t.critical} <= critical; risk model {breakdown.risk_model})"
    )
    return lines
