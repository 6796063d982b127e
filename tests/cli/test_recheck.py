"""`assay recheck` from a shell: summary output and exit codes."""

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.cli import main
from app.platform import migrate
from app.platform.db import make_engine, make_sessionmaker
from app.platform.settings import get_settings
from tests.builders import make_certificate_facts, make_parsed, make_profile
from tests.seed import seed_vendor


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.delenv("ASSAY_DATABASE_URL", raising=False)
    monkeypatch.setenv("ASSAY_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    url = f"sqlite:///{tmp_path / 'var' / 'assay.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with make_sessionmaker(engine).begin() as session:
        facts = make_certificate_facts(issue_date=date(2026, 3, 2), expiry_date=date(2027, 3, 1))
        seed_vendor(session, make_profile(), [make_parsed(facts)])
    engine.dispose()
    yield tmp_path / "var"
    get_settings.cache_clear()


def test_recheck_prints_a_json_summary(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recheck", "--as-of", "2026-12-05", "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["status"], summary["vendors"], summary["changed"]) == ("succeeded", 1, 1)
    assert summary["as_of"] == "2026-12-05"
    # The next day nothing can have changed: no vendor is re-assessed.
    assert main(["recheck", "--as-of", "2026-12-06"]) == 0
    assert "0 vendors, 0 changed" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args", [["--as-of", "01/12/2026"], ["--format", "xml"]], ids=["bad-date", "bad-format"]
)
def test_bad_usage_exits_2(data_dir: Path, args: list[str]) -> None:
    assert main(["recheck", *args]) == 2
