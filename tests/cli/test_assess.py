"""`assay assess` offline: CONTRACT §6 JSON shape and exit codes."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "certificates"


def test_json_report_shape() -> None:
    result = CliRunner().invoke(
        cli, ["assess", "--as-of", "2026-11-23", str(FIXTURES / "cert_german.pdf")]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {
        "as_of",
        "vendor",
        "documents",
        "findings",
        "score",
        "tier",
        "score_breakdown",
        "reference_data",
    } <= set(report)
    doc = report["documents"][0]
    assert doc["kind"] == "iso27001_certificate"
    assert doc["facts"]["holder"] == "Kessler Datentechnik GmbH"
    assert doc["evidence"]["holder"]["page"] == 1
    # Every non-null fact carries its confidence (CONTRACT §2, §6).
    assert set(doc["confidence"]) == {k for k, v in doc["facts"].items() if v not in (None, [])}
    assert set(doc["confidence"].values()) <= {"high", "low"}
    assert doc["warnings"] == [] or all(isinstance(w, str) for w in doc["warnings"])
    # Without --vendor the vendor is the certificate's holder, not a mismatch with itself.
    assert report["vendor"]["name"] == "Kessler Datentechnik GmbH"
    assert "CERT_HOLDER_MISMATCH" not in {f["code"] for f in report["findings"]}


def test_text_report_explains_the_score(tmp_path: Path) -> None:
    vendor = tmp_path / "vendor.json"
    vendor.write_text(json.dumps({"name": "Someone Else", "criticality": "high"}))
    result = CliRunner().invoke(
        cli,
        [
            "assess",
            "--as-of",
            "2026-11-23",
            "--vendor",
            str(vendor),
            "--format",
            "text",
            str(FIXTURES / "cert_german.pdf"),
        ],
    )
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "CERT_HOLDER_MISMATCH" in text
    assert "ask the vendor:" in text
    assert "criticality = high" in text
    assert "-> tier" in text


@pytest.mark.parametrize(
    "args",
    [["--as-of", "23/11/2026", "x.pdf"], ["missing.pdf"], ["--format", "xml", "x.pdf"]],
    ids=["bad-as-of", "missing-file", "bad-format"],
)
def test_bad_usage_exits_2(args: list[str]) -> None:
    args = [str(FIXTURES / "cert_german.pdf") if a == "x.pdf" else a for a in args]
    assert CliRunner().invoke(cli, ["assess", *args]).exit_code == 2
