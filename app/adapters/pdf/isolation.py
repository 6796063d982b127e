"""Parse one file in a separate process with a wall-clock limit, a memory limit and a page cap.

Hostile or broken PDFs (encrypted, truncated, random bytes, decompression bombs, absurd page
counts) must end as a `ParseOutcome` with a reason, never as a crash or a hung worker. The
parent runs `python -m app.adapters.pdf.isolation FILE` in its own session with RLIMIT_AS set, kills the
whole process group (Tesseract included) on timeout, and reads one JSON line from its stdout.
"""

import json
import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.adapters.pdf.errors import FileMissing, PdfUnreadable
from app.adapters.pdf.parse import parse_bytes
from app.adapters.reference.loader import active_data_dir, load_mark_vocabulary
from app.core import DocumentKind, ParsedDocument, parse_document_json


@dataclass(frozen=True)
class ParseLimits:
    """How long, how much memory and how many pages one document may take."""

    timeout_seconds: float = 60.0
    memory_mb: int = 1536
    max_pages: int = 2000
    ocr: bool = True


@dataclass(frozen=True)
class ParseOutcome:
    """A parsed document, or a human-readable error and its stable reason slug."""

    parsed: ParsedDocument | None
    error: str | None = None
    reason: str | None = None


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:  # deleted after the parent looked, unreadable, a directory
        raise FileMissing(f"the file cannot be read: {path} ({exc.strerror or exc})") from exc


def _child(argv: list[str]) -> int:
    """Child entry: parse argv[0] and print one JSON line (result or error)."""
    path, declared, max_pages, ocr = argv[0], argv[1] or None, int(argv[2]), argv[3] == "1"
    try:
        data = _read(Path(path))
        parsed = parse_bytes(
            data,
            declared_kind=DocumentKind(declared) if declared else None,
            max_pages=max_pages,
            ocr=ocr,
            # The parent names the reference data in force: the mark vocabulary comes from it.
            marks=load_mark_vocabulary(Path(argv[4])) if len(argv) > 4 else None,
        )
        out: dict[str, Any] = {"ok": True, "parsed": parsed.model_dump(mode="json")}
    except PdfUnreadable as exc:
        out = {"ok": False, "error": exc.detail, "reason": exc.reason}
    except MemoryError:
        out = {
            "ok": False,
            "error": "the document needs more memory than allowed",
            "reason": "memory",
        }
    except Exception as exc:  # a parser bug or a PDF pdfium chokes on: report, do not crash
        out = {
            "ok": False,
            "error": f"the document could not be parsed ({type(exc).__name__})",
            "reason": "corrupt",
        }
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
    return 0


def _limit_memory(memory_mb: int) -> Any:
    def apply() -> None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def _failure(error: str, reason: str) -> ParseOutcome:
    return ParseOutcome(parsed=None, error=error, reason=reason)


def _interpret(proc: subprocess.CompletedProcess[bytes]) -> ParseOutcome:
    lines = proc.stdout.decode("utf-8", "replace").strip().splitlines()
    try:
        result = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        result = None
    if isinstance(result, dict) and result.get("ok"):
        return ParseOutcome(parsed=parse_document_json(result["parsed"]))
    if isinstance(result, dict):
        return _failure(str(result.get("error")), str(result.get("reason") or "corrupt"))
    stderr = proc.stderr.decode("utf-8", "replace")
    if (
        "MemoryError" in stderr
        or "bad_alloc" in stderr
        or proc.returncode in (-signal.SIGKILL, -signal.SIGABRT)
    ):
        return _failure("the document needs more memory than allowed", "memory")
    return _failure(f"the parser stopped unexpectedly (exit {proc.returncode})", "corrupt")


def parse_file_isolated(
    path: Path, *, declared_kind: DocumentKind | None, limits: ParseLimits
) -> ParseOutcome:
    """Parse `path` in a child process within `limits`; never raises for bad input, never hangs."""
    if not path.is_file():
        return _failure(f"file not found: {path}", FileMissing.reason)
    args = [
        sys.executable,
        "-m",
        "app.adapters.pdf.isolation",
        str(path),
        declared_kind.value if declared_kind else "",
        str(limits.max_pages),
        "1" if limits.ocr else "0",
        str(active_data_dir()),
    ]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    proc = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=_limit_memory(limits.memory_mb),
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=limits.timeout_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return _failure(f"parsing took longer than {limits.timeout_seconds:g} s", "timeout")
    return _interpret(subprocess.CompletedProcess(args, proc.returncode, out, err))


if __name__ == "__main__":
    sys.exit(_child(sys.argv[1:]))
