"""No credential reaches a log line."""

import json

import pytest
import structlog

from app.platform.logging import REDACTED, configure_logging

TOKEN = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXBhcnQ"


def test_tokens_and_secret_fields_are_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("INFO", json=True)
    log = structlog.get_logger("test")
    log.info(
        f"export ASSAY_TOKEN={TOKEN}",
        authorization=f"Bearer {TOKEN}",
        nested={"api_key": "k-123", "note": f"token {TOKEN} here", "fine": "visible"},
        items=[TOKEN, "plain"],
    )
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert TOKEN not in json.dumps(line)
    assert line["authorization"] == REDACTED
    assert line["nested"]["api_key"] == REDACTED
    assert line["nested"]["fine"] == "visible"
    assert line["items"] == [REDACTED, "plain"]
    assert line["event"] == f"export ASSAY_TOKEN={REDACTED}"
