"""Score properties (CONTRACT §5): monotone, critical -> tier >= high, deterministic, bounded."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.findings import Finding, FindingCode, Severity
from app.core.profile import Criticality, VendorProfile
from app.core.risk_model import RiskModel, Tiers
from app.core.scoring import Tier, explain, score_findings, tier_for
from tests.builders import MODEL, make_profile

findings_st = st.builds(
    Finding,
    code=st.sampled_from(list(FindingCode)),
    severity=st.sampled_from(list(Severity)),
    title=st.sampled_from(["A", "B"]),
    detail=st.just("d"),
    evidence=st.just([]),
    ask_vendor=st.just("q"),
)
profiles_st = st.builds(
    VendorProfile,
    name=st.just("V"),
    ai_vendor=st.booleans(),
    data_categories=st.lists(
        st.sampled_from(["personal", "health", "payment", "criminal_justice", "other"])
    ),
    criticality=st.sampled_from(list(Criticality)),
)


@settings(max_examples=300, deadline=None)
@given(profiles_st, st.lists(findings_st, max_size=8), findings_st)
def test_adding_a_finding_never_lowers_the_score(
    profile: VendorProfile, findings: list[Finding], extra: Finding
) -> None:
    before = score_findings(findings, profile, MODEL)
    after = score_findings([*findings, extra], profile, MODEL)
    assert after.score >= before.score
    assert after.tier.rank >= before.tier.rank


@settings(max_examples=200, deadline=None)
@given(profiles_st, st.lists(findings_st, max_size=8))
def test_any_critical_finding_means_high_or_above(
    profile: VendorProfile, findings: list[Finding]
) -> None:
    result = score_findings(findings, profile, MODEL)
    if any(f.severity is Severity.critical for f in findings):
        assert result.tier in (Tier.high, Tier.critical)
    assert 0 <= result.score <= 100


@settings(max_examples=100, deadline=None)
@given(profiles_st, st.lists(findings_st, max_size=8), st.randoms(use_true_random=False))
def test_deterministic_and_order_independent(
    profile: VendorProfile, findings: list[Finding], rnd: random.Random
) -> None:
    shuffled = list(findings)
    rnd.shuffle(shuffled)
    assert score_findings(findings, profile, MODEL) == score_findings(shuffled, profile, MODEL)


@pytest.mark.parametrize(
    ("score", "tier"),
    [
        (0, Tier.low),
        (24, Tier.low),
        (25, Tier.medium),
        (49, Tier.medium),
        (50, Tier.high),
        (74, Tier.high),
        (75, Tier.critical),
        (100, Tier.critical),
    ],
    ids=["0", "24", "25", "49", "50", "74", "75", "100"],
)
def test_tier_boundaries(score: int, tier: Tier) -> None:
    assert tier_for(score, Tiers()) is tier


def _finding(code: FindingCode, severity: Severity) -> Finding:
    return Finding(code=code, severity=severity, title="t", detail="d", ask_vendor="q")


def test_breakdown_adds_up_and_explains() -> None:
    profile = make_profile(
        criticality="high", data_categories=["health", "personal"], ai_vendor=True
    )
    findings = [
        _finding(FindingCode.CERT_EXPIRED, Severity.critical),
        _finding(FindingCode.SOC2_CARVE_OUT, Severity.low),
    ]
    result = score_findings(findings, profile, MODEL)
    b = result.breakdown
    assert b.inherent == 15 + 8 + 4 + 5
    assert [c.points for c in b.contributions] == [30, 3]
    assert b.raw == b.inherent + 33 == result.score
    assert result.tier is Tier.high
    text = "\n".join(explain(b))
    assert "criticality = high" in text
    assert "CERT_EXPIRED (critical severity)" in text
    assert f"Score {result.score} -> tier high" in text


def test_floor_lifts_a_low_profile_with_a_critical_finding() -> None:
    profile = make_profile(criticality="low", data_categories=[])
    result = score_findings(
        [_finding(FindingCode.AB_NOT_RECOGNISED, Severity.critical)], profile, MODEL
    )
    assert result.score == 50
    assert result.breakdown.floors[0].triggered_by == ["AB_NOT_RECOGNISED"]


def test_data_categories_are_capped_and_unknown_ones_count() -> None:
    many = make_profile(
        criticality="low", data_categories=["health", "payment", "criminal_justice", "biometric"]
    )
    assert score_findings([], many, MODEL).breakdown.inherent == MODEL.inherent.data_categories_cap
    odd = make_profile(criticality="low", data_categories=["genetic"])
    assert score_findings([], odd, MODEL).score == MODEL.inherent.unknown_data_category


def test_code_points_override_severity_points() -> None:
    model = RiskModel(version="t", code_points={FindingCode.SOC2_CARVE_OUT: 12})
    result = score_findings(
        [_finding(FindingCode.SOC2_CARVE_OUT, Severity.low)], make_profile(), model
    )
    assert result.breakdown.contributions[0].points == 12
    assert result.breakdown.risk_model == "t"


def test_score_is_capped_at_100() -> None:
    findings = [_finding(FindingCode.CERT_EXPIRED, Severity.critical)] * 5
    result = score_findings(findings, make_profile(), MODEL)
    assert result.score == 100
    assert result.breakdown.capped_at_100
