"""The risk model refuses parameters that would break CONTRACT §5."""

import pytest
from pydantic import ValidationError

from app.core.findings import FindingCode, Severity
from app.core.risk_model import (
    CONTRACT_CRITICAL,
    DEFAULT_AI_CONTROLS,
    DEFAULT_SEVERITIES,
    RiskModel,
)


def test_defaults_are_complete_and_contract_critical() -> None:
    assert set(DEFAULT_SEVERITIES) == set(FindingCode)
    assert all(DEFAULT_SEVERITIES[c] is Severity.critical for c in CONTRACT_CRITICAL)


def test_ai_controls_are_the_contract_list() -> None:
    assert len(DEFAULT_AI_CONTROLS) == 20
    assert {
        "A.8.25",
        "A.8.29",
        "A.8.31",
        "A.8.33",
        "A.5.19",
        "A.5.23",
        "A.8.10",
        "A.8.16",
        "A.5.7",
        "A.5.34",
    } <= set(DEFAULT_AI_CONTROLS)
    assert "A.8.30" not in DEFAULT_AI_CONTROLS


@pytest.mark.parametrize(
    "overrides",
    [
        {"severities": {**DEFAULT_SEVERITIES, FindingCode.CERT_EXPIRED: Severity.high}},
        {"severity_points": {s: -1 for s in Severity}},
        {"code_points": {FindingCode.SOC2_CARVE_OUT: -5}},
        {"tiers": {"medium": 50, "high": 25, "critical": 75}},
        {"severities": {FindingCode.CERT_EXPIRED: Severity.critical}},
    ],
    ids=[
        "critical-code-downgraded",
        "negative-severity-points",
        "negative-code-points",
        "tiers-out-of-order",
        "severities-incomplete",
    ],
)
def test_invalid_models_are_refused(overrides: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        RiskModel.model_validate({"version": "bad", **overrides})
