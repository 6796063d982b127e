"""The packaged risk model file loads, is versioned, and states every default explicitly."""

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.adapters.reference.risk_model import DEFAULT_RISK_MODEL_PATH, load_risk_model
from app.core.risk_model import RiskModel


def test_packaged_file_equals_the_documented_defaults() -> None:
    model = load_risk_model()
    assert model.version == "2026.11-1"
    assert model == RiskModel(version=model.version)
    # Every field is written out, so the file alone tells a risk committee the whole model.
    written = {k for k in json.loads(DEFAULT_RISK_MODEL_PATH.read_text()) if not k.startswith("$")}
    assert written == set(RiskModel.model_fields)


def test_override_file(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"version": "buyer-7", "surveillance_grace_months": 0}))
    model = load_risk_model(path)
    assert model.version == "buyer-7"
    assert model.surveillance_grace_months == 0


def test_override_breaking_the_contract_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    path.write_text(
        json.dumps({"version": "x", "tiers": {"medium": 10, "high": 5, "critical": 90}})
    )
    with pytest.raises(ValidationError):
        load_risk_model(path)
