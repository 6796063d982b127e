"""Fuzzing the PDF path: hostile and mutated PDFs through the isolated parser and through the
upload API and parse queue. Whatever the bytes, parsing ends `parsed` or `failed` with a
known reason, within its limits, and the service answers no 5xx.

Bounded for CI: `ASSAY_FUZZ_EXAMPLES` (default 15) mutated files per run (each is a parse
in a fresh child process).
"""

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.adapters.pdf.isolation import ParseLimits, ParseOutcome, parse_file_isolated
from app.main import create_app
from app.platform.auth import Role
from app.platform.settings import Settings
from tests.appstate import app_workers
from tests.fuzz.hostile import HOSTILE

Auth = Callable[..., dict[str, str]]
EXAMPLES = int(os.environ.get("ASSAY_FUZZ_EXAMPLES", "15"))
REASONS = {
    "not_found",
    "not_pdf",
    "encrypted",
    "corrupt",
    "too_many_pages",
    "no_text",
    "timeout",
    "memory",
}
LIMITS = ParseLimits(timeout_seconds=30, memory_mb=1024, max_pages=200, ocr=False)
SEEDS = [HOSTILE[name]() for name in ("text_page", "wrong_lengths", "javascript_open_action")]


def _parse(data: bytes) -> ParseOutcome:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.pdf"
        path.write_bytes(data)
        return parse_file_isolated(path, declared_kind=None, limits=LIMITS)


def _assert_well_formed(outcome: ParseOutcome) -> None:
    if outcome.parsed is None:
        assert outcome.reason in REASONS, outcome
        assert outcome.error
    else:
        assert outcome.parsed.pages >= 1


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_hostile_pdf_ends_parsed_or_failed_with_a_reason(name: str) -> None:
    outcome = _parse(HOSTILE[name]())
    _assert_well_formed(outcome)
    if name == "text_page":
        assert outcome.parsed is not None
    if name in {"many_pages", "flate_bomb", "bogus_encryption", "binary_garbage_after_header"}:
        assert outcome.parsed is None or not outcome.parsed.facts_json(), (name, outcome)


@st.composite
def mutated_pdf(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(st.sampled_from(["flip", "delete", "duplicate", "insert", "truncate"]))
        if kind == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "duplicate":
            data[at:at] = data[at : at + draw(st.integers(1, 256))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        else:
            del data[max(at, 16) :]
        if not data:
            data = bytearray(b"%PDF-")
    return bytes(data)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated_pdf())
def test_mutated_pdfs_never_escape_the_isolated_parser(data: bytes) -> None:
    _assert_well_formed(_parse(data))


@pytest.fixture
def quick_client(settings: Settings) -> Iterator[TestClient]:
    """The API with a parser that skips OCR and caps pages (hostile files, fast)."""
    quick = settings.model_copy(update={"parse_max_pages": 200, "ocr_enabled": False})
    with TestClient(create_app(quick, start_background=False), raise_server_exceptions=False) as c:
        yield c


def test_hostile_uploads_end_parsed_or_failed_and_the_api_stays_up(
    quick_client: TestClient, auth: Auth
) -> None:
    client = quick_client
    headers = auth(Role.procurement)
    vid = client.post("/api/v1/vendors", json={"name": "Hostile Ltd"}, headers=headers).json()["id"]
    ids = []
    for name in ("deep_nesting", "page_tree_loop", "xref_prev_loop", "no_xref", "bogus_encryption"):
        response = client.post(
            f"/api/v1/vendors/{vid}/documents",
            files={"file": (f"{name}.pdf", HOSTILE[name](), "application/pdf")},
            headers=headers,
        )
        assert response.status_code == 201, (name, response.text)
        ids.append(response.json()["id"])
    workers = app_workers(client)
    while workers.drain("parse", limit=1):
        assert client.get("/healthz").status_code == 200
    for doc_id in ids:
        document = client.get(f"/api/v1/documents/{doc_id}", headers=headers).json()
        assert document["status"] in {"parsed", "failed"}, document
        if document["status"] == "failed":
            assert document["error_reason"] in REASONS | {"attempts_exhausted"}
    assessment = client.get(f"/api/v1/vendors/{vid}/assessment", headers=headers)
    assert assessment.status_code == 200
