"""Bounded soak and crash runs against a real server over loopback (CI), on SQLite and on
PostgreSQL. They assert outcomes, never timings: no 5xx and no lost write under load, and
after repeated SIGKILLs right after acknowledgements every acknowledged upload is there with
its bytes, ends parsed, and nothing is parsed twice."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _run(script: str, *args: str, timeout: float) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / script), *args, "--json", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    report: dict[str, object] = json.loads(result.stdout)
    return report


def _database_args(database_url: str) -> list[str]:
    return [] if database_url.startswith("sqlite") else ["--database-url", database_url]


def test_a_bounded_soak_has_no_5xx_and_loses_no_upload(database_url: str) -> None:
    report = _run(
        "load.py",
        "--clients",
        "50,200",
        "--duration",
        "15",
        "--vendors",
        "60",
        "--documents",
        "20",
        *_database_args(database_url),
        timeout=400,
    )
    levels = report["levels"]
    assert isinstance(levels, list)
    for level in levels:
        assert level["server_errors"] == 0 and level["transport_failures"] == 0, level
        assert level["uploads_lost"] == 0, level
        assert level["requests"] > 0 and level["uploads_acknowledged"] > 0, level


def test_acknowledged_uploads_survive_repeated_sigkills(database_url: str) -> None:
    report = _run(
        "crash.py",
        "--kills",
        os.environ.get("ASSAY_CRASH_KILLS", "10"),
        "--parse-timeout",
        "5",
        *_database_args(database_url),
        timeout=900,
    )
    assert report["acknowledged_lost"] == 0, report
    assert report["parsed_twice"] == 0, report
    assert report["uploads_acknowledged"], report
