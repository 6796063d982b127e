"""Hostile files end as an outcome with a reason, never a crash or a hang (issue 3 §7)."""

import os
import signal
import zlib
from pathlib import Path

import pytest
from fpdf import FPDF

from app.adapters.pdf.errors import REASONS
from app.adapters.pdf.isolation import ParseLimits, ParsePool, parse_file_isolated

LIMITS = ParseLimits(timeout_seconds=30, memory_mb=1024, max_pages=50, ocr=False)


def _pdf(tmp_path: Path, pages: int = 1, password: str | None = None) -> Path:
    pdf = FPDF()
    for i in range(pages):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.cell(
            0, 10, f"Certificate page {i + 1} ISO/IEC 27001:2022 this is to certify that Acme Ltd"
        )
    if password:
        pdf.set_encryption(owner_password="o", user_password=password)
    path = tmp_path / "doc.pdf"
    pdf.output(str(path))
    return path


def _bomb(tmp_path: Path) -> Path:
    stream = zlib.compress(b"0 0 m " * (80 * 1024 * 1024), 9)
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>endobj\n"
        + b"4 0 obj<</Length %d/Filter/FlateDecode>>stream\n" % len(stream)
        + stream
        + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    path = tmp_path / "bomb.pdf"
    path.write_bytes(body)
    return path


def test_good_pdf_parses(tmp_path: Path) -> None:
    outcome = parse_file_isolated(_pdf(tmp_path), declared_kind=None, limits=LIMITS)
    assert outcome.parsed is not None
    assert outcome.parsed.kind.value == "iso27001_certificate"


@pytest.mark.parametrize(
    ("make", "reasons"),
    [
        (lambda p: p.joinpath("r.pdf").write_bytes(os.urandom(4096)) and p / "r.pdf", {"not_pdf"}),
        (
            lambda p: p.joinpath("t.pdf").write_bytes(_pdf(p).read_bytes()[:300]) and p / "t.pdf",
            {"corrupt", "no_text"},
        ),
        (lambda p: _pdf(p, password="secret"), {"encrypted"}),
        (lambda p: _pdf(p, pages=60), {"too_many_pages"}),
        (lambda p: _bomb(p), {"no_text", "memory", "timeout", "corrupt"}),
    ],
    ids=["random-bytes", "truncated", "encrypted", "too-many-pages", "decompression-bomb"],
)
def test_hostile_files_fail_with_reason(tmp_path: Path, make, reasons: set[str]) -> None:  # type: ignore[no-untyped-def]
    outcome = parse_file_isolated(make(tmp_path), declared_kind=None, limits=LIMITS)
    assert outcome.parsed is None
    assert outcome.reason in reasons
    assert outcome.error


def test_timeout_kills_the_worker(tmp_path: Path) -> None:
    outcome = parse_file_isolated(
        _bomb(tmp_path), declared_kind=None, limits=ParseLimits(timeout_seconds=0.05, ocr=False)
    )
    assert outcome.reason == "timeout"


@pytest.mark.parametrize(
    "make",
    [lambda p: p / "missing.pdf", lambda p: p],
    ids=["missing-file", "a-directory"],
)
def test_missing_path_is_not_found(tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    outcome = parse_file_isolated(make(tmp_path), declared_kind=None, limits=LIMITS)
    assert outcome.parsed is None
    assert outcome.reason == "not_found"
    assert outcome.reason in REASONS


def test_a_warm_worker_parses_many_documents_and_is_recycled(tmp_path: Path) -> None:
    data = _pdf(tmp_path).read_bytes()
    with ParsePool(1, LIMITS, recycle_after=3) as pool:
        kinds = [pool.parse_bytes(data, declared_kind=None) for _ in range(4)]
        assert all(o.parsed is not None for o in kinds)
        assert pool.started == 2  # three documents on the first worker, then a fresh one


def test_wait_ready_returns_once_a_worker_has_answered_and_only_probes_once() -> None:
    with ParsePool(1, LIMITS, prestart=False) as pool:
        assert pool.started == 0
        pool.wait_ready()
        worker = pool._idle.get()
        assert worker.jobs == 1 and worker.process.poll() is None  # answered, still warm
        pool._idle.put(worker)
        pool.wait_ready()
        assert worker.jobs == 1 and pool.started == 1


def test_a_limit_hit_kills_the_worker_and_the_next_document_gets_a_new_one(
    tmp_path: Path,
) -> None:
    limits = ParseLimits(timeout_seconds=0.05, ocr=False)
    with ParsePool(1, limits) as pool:
        worker = pool._idle.get()
        pool._idle.put(worker)
        assert pool.parse_file(_bomb(tmp_path), declared_kind=None).reason == "timeout"
        assert worker.process.poll() is not None  # killed, not left running
        pool.limits = LIMITS
        assert pool.parse_file(_pdf(tmp_path), declared_kind=None).parsed is not None
        assert pool.started == 2


def test_a_worker_that_dies_mid_parse_is_a_failed_outcome_not_a_crash(tmp_path: Path) -> None:
    with ParsePool(1, LIMITS) as pool:
        worker = pool._idle.get()
        pool._idle.put(worker)
        os.killpg(worker.process.pid, signal.SIGKILL)
        outcome = pool.parse_file(_pdf(tmp_path), declared_kind=None)
        assert outcome.parsed is None and outcome.reason == "memory"
        assert pool.parse_file(_pdf(tmp_path), declared_kind=None).parsed is not None


def test_a_package_is_parsed_on_several_workers_in_order(tmp_path: Path) -> None:
    paths = []
    for i in range(4):
        path = tmp_path / f"doc{i}.pdf"
        path.write_bytes(_pdf(tmp_path, pages=i + 1).read_bytes())
        paths.append(path)
    with ParsePool(2, LIMITS) as pool:
        outcomes = pool.parse_files(paths)
    assert [o.parsed.pages if o.parsed else None for o in outcomes] == [1, 2, 3, 4]


def test_forked_workers_parse_and_keep_every_limit(tmp_path: Path) -> None:
    """Workers forked from a preloaded process (the warm `assay assess` server) parse like
    started ones and keep the timeout, the kill and the crash handling."""
    from app.adapters.pdf.isolation import _ForkedProcess, preload

    preload()
    with ParsePool(1, LIMITS, fork=True) as pool:
        worker = pool._idle.get()
        pool._idle.put(worker)
        assert isinstance(worker.process, _ForkedProcess)
        good = pool.parse_file(_pdf(tmp_path), declared_kind=None)
        assert good.parsed is not None and good.parsed.kind.value == "iso27001_certificate"
        assert pool.parse_file(_pdf(tmp_path, password="secret"), declared_kind=None).reason == (
            "encrypted"
        )
        os.killpg(worker.process.pid, signal.SIGKILL)  # its own process group
        assert pool.parse_file(_pdf(tmp_path), declared_kind=None).reason == "memory"
        assert pool.parse_file(_pdf(tmp_path), declared_kind=None).parsed is not None
        pool.limits = ParseLimits(timeout_seconds=0.05, ocr=False)
        timed_out = pool._idle.get()
        pool._idle.put(timed_out)
        assert pool.parse_file(_bomb(tmp_path), declared_kind=None).reason == "timeout"
        assert timed_out.process.poll() is not None  # killed, not left running
        assert pool.started == 2


def test_a_forked_worker_runs_under_the_memory_limit(tmp_path: Path) -> None:
    from app.adapters.pdf.isolation import preload

    preload()
    limits = ParseLimits(timeout_seconds=30, memory_mb=64, max_pages=50, ocr=False)
    with ParsePool(1, limits, fork=True) as pool:
        outcome = pool.parse_file(_bomb(tmp_path), declared_kind=None)
    # 64 MB of address space is less than the interpreter already maps: the first
    # allocation of the document fails in the worker, never in this process.
    assert outcome.parsed is None and outcome.reason in {"memory", "corrupt"}


def test_workers_needed_from_a_parsing_thread_are_started_not_forked(tmp_path: Path) -> None:
    import threading

    from app.adapters.pdf.isolation import _ForkedProcess

    with ParsePool(1, LIMITS, fork=True, prestart=False) as pool:
        seen: list[object] = []

        def parse() -> None:
            pool.parse_file(_pdf(tmp_path), declared_kind=None)
            seen.append(pool._idle.get().process)

        thread = threading.Thread(target=parse)
        thread.start()
        thread.join(60)
    assert len(seen) == 1 and not isinstance(seen[0], _ForkedProcess)


def test_an_interrupted_command_kills_its_forked_workers(tmp_path: Path) -> None:
    from app.adapters.pdf.isolation import _FORKED, kill_forked, preload

    preload()
    with ParsePool(2, LIMITS, fork=True) as pool:
        workers = [pool._idle.get(), pool._idle.get()]
        for worker in workers:
            pool._idle.put(worker)
        assert {w.process.pid for w in workers} <= _FORKED
        kill_forked()
        for worker in workers:
            assert worker.process.wait(5) == -signal.SIGKILL
        assert not _FORKED & {w.process.pid for w in workers}  # reaped: never killed again
        assert pool.parse_file(_pdf(tmp_path), declared_kind=None).reason == "memory"
