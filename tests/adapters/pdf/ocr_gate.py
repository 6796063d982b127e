"""The OCR test gate: skip without Tesseract, fail instead when CI demands OCR (issue 3 §6).

CI sets `ASSAY_REQUIRE_OCR=1` after installing `tesseract-ocr`; a runner that lost it must fail
loudly rather than skip the only tests that read scanned certificates.
"""

import os
import shutil

import pytest

REQUIRE_ENV = "ASSAY_REQUIRE_OCR"


def require_tesseract() -> None:
    """Return when `tesseract` is on PATH; otherwise skip, or fail if OCR is required."""
    if shutil.which("tesseract") is not None:
        return
    why = "tesseract is not on PATH (install the Debian package tesseract-ocr)"
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{why}, and {REQUIRE_ENV}=1 requires the OCR tests to run", pytrace=False)
    pytest.skip(f"{why}; set {REQUIRE_ENV}=1 to make this a failure")
