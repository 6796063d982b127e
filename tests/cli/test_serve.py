"""The newcomer's path against a real `assay serve` process: the banner's admin token works,
a vendor is created, a PDF uploaded, parsed in the background, downloaded back
byte-identical, and the upload is in the audit trail."""

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.pdfs import make_pdf


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str, Path]]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSAY_")}
    env.update(
        ASSAY_DATA_DIR=str(tmp_path / "var"),
        ASSAY_PORT=str(port),
        ASSAY_LOG_LEVEL="WARNING",
        ASSAY_RECHECK_ENABLED="0",
    )
    stderr = tmp_path / "serve.log"
    with stderr.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--print-token"],
            env=env,
            stderr=log,
            stdout=subprocess.DEVNULL,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            pytest.fail(f"server did not start: {stderr.read_text()[-2000:]}")
        banner = stderr.read_text()
        token = re.search(r"export ASSAY_TOKEN=(\S+)", banner)
        assert token, banner
        assert str(tmp_path / "var") in banner  # says where the data lives
        yield base, token.group(1), tmp_path / "var"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_newcomer_path(server: tuple[str, str, Path]) -> None:
    base, token, data_dir = server
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"{base}/api/v1", headers=headers, timeout=30) as api:
        vendor = api.post("/vendors", json={"name": "Northwind Analytics"}).json()
        pdf = make_pdf(
            "CERTIFICATE OF REGISTRATION\nThis is to certify that Northwind Analytics Ltd\n"
            "operates an Information Security Management System which complies with ISO/IEC 27001:2022\n"
            "Certificate number: IS 712345\nIssued by BSI Assurance UK Ltd\nUKAS MANAGEMENT SYSTEMS 0003\n"
            "Date of issue: 17 May 2025  Expiry date: 16 May 2028"
        )
        doc = api.post(
            f"/vendors/{vendor['id']}/documents",
            files={"file": ("cert.pdf", pdf, "application/pdf")},
        ).json()
        assert doc["status"] == "received"
        for _ in range(150):
            status = api.get(f"/documents/{doc['id']}").json()["status"]
            if status in {"parsed", "failed"}:
                break
            time.sleep(0.2)
        assert status == "parsed"
        assert api.get(f"/documents/{doc['id']}/file").content == pdf
        actions = {e["action"] for e in api.get("/audit").json()["items"]}
        assert {"vendor.created", "document.uploaded"} <= actions
        assert api.get(f"/vendors/{vendor['id']}/assessment").json()["stored"] is True
    assert (data_dir / "assay.db").exists()
    assert httpx.get(f"{base}/metrics").text.count("assay_http_requests_total") > 0
    assert httpx.get(f"{base}/readyz").json()["database"] == "ok"
