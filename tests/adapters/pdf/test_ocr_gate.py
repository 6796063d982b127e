"""The OCR gate itself: skip without tesseract, fail when ASSAY_REQUIRE_OCR=1 (issue 3 §6)."""

import shutil

import pytest

from tests.adapters.pdf.ocr_gate import REQUIRE_ENV, require_tesseract


@pytest.mark.parametrize(
    ("required", "outcome"),
    [(None, pytest.skip.Exception), ("0", pytest.skip.Exception), ("1", pytest.fail.Exception)],
    ids=["unset-skips", "zero-skips", "required-fails"],
)
def test_missing_tesseract(
    monkeypatch: pytest.MonkeyPatch, required: str | None, outcome: type[BaseException]
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    if required is None:
        monkeypatch.delenv(REQUIRE_ENV, raising=False)
    else:
        monkeypatch.setenv(REQUIRE_ENV, required)
    with pytest.raises(outcome, match="tesseract is not on PATH"):
        require_tesseract()


def test_present_tesseract_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: "/usr/bin/tesseract")
    monkeypatch.setenv(REQUIRE_ENV, "1")
    require_tesseract()
