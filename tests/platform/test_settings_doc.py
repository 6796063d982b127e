"""The README's configuration table names every setting, and no setting that does not exist."""

import re
from pathlib import Path

from app.platform.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_documented_and_every_documented_setting_exists() -> None:
    text = README.read_text()
    table = text[text.index("## Configuration") :]
    table = table[: table.index("\n## ", 5)]
    documented = set(re.findall(r"`(ASSAY_[A-Z0-9_]+)`", table))
    fields = {f"ASSAY_{name.upper()}" for name in Settings.model_fields}
    assert sorted(fields - documented) == [], "settings missing from the README table"
    assert sorted(documented - fields) == [], "README documents settings that do not exist"
