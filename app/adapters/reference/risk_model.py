"""Loads the risk model (CONTRACT.md §5) from a JSON file: the packaged default or an override.

The shell's only job here is I/O: read the file, validate it through `core.risk_model.RiskModel`
(which refuses a model that breaks the contract), and hand the value to the core.
"""

import json
from pathlib import Path

from app.core import RiskModel

DEFAULT_RISK_MODEL_PATH = Path(__file__).with_name("risk_model.json")


def load_risk_model(path: Path | None = None) -> RiskModel:
    """The risk model in `path`, or the packaged `app/risk_model.json` when `path` is None."""
    source = path or DEFAULT_RISK_MODEL_PATH
    data = json.loads(source.read_text(encoding="utf-8"))
    # "$comment" keys document the file for a risk committee; they are not model fields.
    data = {k: v for k, v in data.items() if not k.startswith("$")}
    return RiskModel.model_validate(data)
