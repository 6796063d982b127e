"""Parsing in warm, isolated worker processes, with a wall-clock limit, a memory limit and a
page cap per document (issue 14 point 2).

Hostile or broken PDFs (encrypted, truncated, random bytes, decompression bombs, absurd page
counts) must end as a `ParseOutcome` with a reason, never as a crash of the caller or a hung
worker. `ParsePool` keeps a few worker processes (`python -m app.adapters.pdf.isolation`)
that imported the parser once, so a document costs its parse, not an interpreter start and
250 ms of imports. Each worker:
- runs in its own session (process group), so a timeout kills it and any Tesseract it started;
- sets RLIMIT_AS to the memory limit before importing anything: an allocation past it fails
  in the worker only;
- reads framed jobs (the PDF bytes, the declared kind, the page cap, OCR on/off) on stdin,
  parses them with `app.adapters.pdf.parse.parse_bytes`, and writes framed results on a
  private copy of stdout (fd 1 itself is pointed at stderr, so no library print can corrupt
  the channel);
- is recycled after `recycle_after` documents, and after any limit was hit (timeout, memory,
  a crash), so a leak or a poisoned heap never outlives a few documents.
The pool is thread-safe: the parse queue's threads and `assay assess` share it, one document
per worker at a time, every worker busy at once on a multi-document package. Workers start
in the background when the pool is created, so their imports overlap the caller's own work.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import resource
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from app.adapters.pdf.errors import FileMissing, PdfUnreadable

if TYPE_CHECKING:  # imported lazily: a command can start workers before loading the core
    from app.core import DocumentKind, ParsedDocument

_FRAME = struct.Struct("!I")


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

    @property
    def limit_hit(self) -> bool:
        return self.reason in {"timeout", "memory"}


def _failure(error: str, reason: str) -> ParseOutcome:
    return ParseOutcome(parsed=None, error=error, reason=reason)


MEMORY_FAILURE = "the document needs more memory than allowed"


Job = tuple[bytes, str | None, int, bool, str | None]
_VOCABULARIES: dict[str, Any] = {}  # in a worker: reference data dir -> mark vocabulary


def _marks(data_dir: str | None) -> Any:
    """The accreditation-mark vocabulary of the reference data the caller names (read once
    per directory: an import makes a new one)."""
    from app.adapters.reference.loader import load_mark_vocabulary

    if data_dir is None:
        return None
    if data_dir not in _VOCABULARIES:
        _VOCABULARIES[data_dir] = load_mark_vocabulary(Path(data_dir))
    return _VOCABULARIES[data_dir]


def _parse_in_worker(job: Job) -> dict[str, Any]:
    """One document, inside a worker: the parsed document or an error reason."""
    from app.adapters.pdf.parse import parse_bytes
    from app.core import DocumentKind

    data, declared, max_pages, ocr, marks_dir = job
    try:
        parsed = parse_bytes(
            data,
            declared_kind=DocumentKind(declared) if declared else None,
            max_pages=max_pages,
            ocr=ocr,
            marks=_marks(marks_dir),
        )
        return {"ok": True, "parsed": parsed}
    except PdfUnreadable as exc:
        return {"ok": False, "error": exc.detail, "reason": exc.reason}
    except MemoryError:
        return {"ok": False, "error": MEMORY_FAILURE, "reason": "memory"}
    except Exception as exc:  # a parser bug or a PDF pdfium chokes on: report, do not crash
        return {
            "ok": False,
            "error": f"the document could not be parsed ({type(exc).__name__})",
            "reason": "corrupt",
        }


def _write_frame(stream: IO[bytes], payload: object) -> None:
    body = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_FRAME.pack(len(body)) + body)
    stream.flush()


def _read_frame(stream: IO[bytes]) -> Any:
    head = stream.read(_FRAME.size)
    if len(head) < _FRAME.size:
        raise EOFError
    (size,) = _FRAME.unpack(head)
    body = stream.read(size)
    if len(body) < size:
        raise EOFError
    return pickle.loads(body)


def worker_main() -> int:
    """A worker process: import the parser (while the caller starts up), take the memory
    limit from the first frame, then parse framed jobs until stdin closes. The limit is in
    force before the first byte of any document is read."""
    channel = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints go to stderr, never into the result channel
    import app.adapters.pdf.parse  # noqa: F401  (warm: the import cost is paid once here)

    return _serve_jobs(sys.stdin.buffer, channel)


def _serve_jobs(jobs: IO[bytes], channel: IO[bytes]) -> int:
    """The worker loop: the limits frame, then one result frame per job frame until EOF."""
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one core per Tesseract: the pool parallelises
    try:
        kind, memory_mb = _read_frame(jobs)
    except EOFError:
        return 0
    assert kind == "limits"
    limit = int(memory_mb) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            job = _read_frame(jobs)
        except EOFError:
            return 0
        _write_frame(channel, _parse_in_worker(job))


def _forked_worker_main(jobs_fd: int, results_fd: int) -> int:
    """A forked worker (see `_ForkedProcess`): its own session, no inherited descriptor but
    its two pipes (stdin, stdout and stderr on /dev/null), then the usual worker loop."""
    os.setsid()  # its own process group: a kill takes Tesseract along
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(jobs_fd, 3)
    os.dup2(results_fd, 4)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.closerange(5, _max_fd())  # the caller's sockets, files and client descriptors
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with os.fdopen(3, "rb") as jobs, os.fdopen(4, "wb") as channel:
        return _serve_jobs(jobs, channel)


def _max_fd() -> int:
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return soft if 0 < soft < 1 << 20 else 65536


class _ForkedProcess:
    """The `subprocess.Popen`-like handle of a worker forked from this process (`pid`,
    `poll`, `wait`), so a forked and a started worker are handled alike."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped elsewhere: gone all the same
                self.returncode = -signal.SIGKILL
                _FORKED.discard(self.pid)
                return self.returncode
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
                _FORKED.discard(self.pid)  # reaped: its pid may be reused, never kill it
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while (code := self.poll()) is None:
            if deadline is not None and time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout or 0.0)
            time.sleep(0.002)
        return code


# Workers this process forked (their pids are their process groups), for `kill_forked`.
_FORKED: set[int] = set()


def kill_forked() -> None:
    """Kill every worker this process forked, with its Tesseract children (a command being
    interrupted: its parsing threads then see their workers gone and return at once)."""
    for pid in list(_FORKED):
        _kill_group(pid)
        _FORKED.discard(pid)


def _kill_group(pid: int, *, reaped: bool = False) -> None:
    """SIGKILL a worker's process group (its Tesseract children, even when the worker itself
    is gone), and the worker itself unless reaped (its pid may be another process's now): a
    worker just forked may not have made its own group yet (it starts nothing before)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    if not reaped:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


def _can_fork() -> bool:
    """Fork only from a single-threaded process (no lock can be held by another thread)."""
    return hasattr(os, "fork") and threading.active_count() == 1


class _Worker:
    """One worker process and its framed pipes."""

    def __init__(self, *, fork: bool = False) -> None:
        """A fresh interpreter (`python -m app.adapters.pdf.isolation --worker`), or with
        `fork` a copy of this process, which has the parser imported already (see
        `preload`): no interpreter start, no imports."""
        self.process: subprocess.Popen[bytes] | _ForkedProcess
        if fork:
            self.process, self.stdin, self.stdout = self._fork()
        else:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "app.adapters.pdf.isolation", "--worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # its own process group: a kill takes Tesseract along
            )
            assert self.process.stdin is not None
            assert self.process.stdout is not None
            self.stdin, self.stdout = self.process.stdin, self.process.stdout
        self.jobs = 0

    @staticmethod
    def _fork() -> tuple[_ForkedProcess, IO[bytes], IO[bytes]]:
        jobs_r, jobs_w = os.pipe()
        results_r, results_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the caller's code
            code = 1
            try:
                code = _forked_worker_main(jobs_r, results_w)
            finally:
                os._exit(code)
        os.close(jobs_r)
        os.close(results_w)
        _FORKED.add(pid)
        return _ForkedProcess(pid), os.fdopen(jobs_w, "wb"), os.fdopen(results_r, "rb")

    def configure(self, memory_mb: int) -> None:
        """The worker's memory limit, applied before its first job."""
        _write_frame(self.stdin, ("limits", memory_mb))

    def send(self, job: Job) -> None:
        _write_frame(self.stdin, job)

    def receive(self, timeout: float) -> Any:
        """The next result, or TimeoutError; EOFError if the worker died."""
        deadline = time.monotonic() + timeout
        fd = self.stdout.fileno()
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                # The worker writes a whole frame at once; a read only blocks while it does.
                return _read_frame(self.stdout)

    def kill(self) -> None:
        _kill_group(self.process.pid, reaped=self.process.poll() is not None)
        self.process.wait(5)
        self._close_pipes()

    def close_input(self) -> None:
        with contextlib.suppress(OSError):
            self.stdin.close()  # EOF: the worker returns

    def stop(self) -> None:
        try:
            self.stdin.close()  # EOF: the worker returns
            self.process.wait(2)
        except (OSError, subprocess.TimeoutExpired):
            self.kill()
            return
        self._close_pipes()

    def _close_pipes(self) -> None:
        for stream in (self.stdin, self.stdout):
            with contextlib.suppress(OSError):
                stream.close()


# The smallest exchange with a worker: a PDF header with no body (it answers `corrupt`).
_READY_PROBE = b"%PDF-1.4\n%%EOF\n"


class ParsePool:
    """Up to `size` warm worker processes parsing one document each at a time."""

    def __init__(
        self,
        size: int,
        limits: ParseLimits,
        *,
        recycle_after: int = 50,
        prestart: bool = True,
        marks_dir: Callable[[], Path] | None = None,
        fork: bool = False,
    ) -> None:
        """`marks_dir` names the reference data in force (the accreditation-mark vocabulary
        comes from it: an import teaches the mark reader new bodies); asked per document.
        `fork`: start workers by forking this process (which should have called `preload`)
        while it is single-threaded; a worker needed later, from a parsing thread, is a
        fresh interpreter as usual."""
        self.size, self.limits, self.recycle_after = max(1, size), limits, max(1, recycle_after)
        self.fork = fork
        self._marks_dir = marks_dir
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(self.size)
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._closed = False
        self._ready = threading.Event()
        self.started = 0  # worker processes started (recycling included), for tests
        if prestart:
            for _ in range(self.size):
                self._idle.put(self._spawn())

    def warm(self) -> None:
        """Start the missing workers now (a service at start-up), not on first use."""
        with self._lock:
            missing = self.size - len(self._all)
        for _ in range(max(0, missing)):
            self._idle.put(self._spawn())

    def wait_ready(self) -> None:
        """Block until a worker has answered once (its imports done). A queue worker calls
        this before its first claim, so a claim is never held while the pool starts: a
        process killed in that window would cost the claimed document an attempt."""
        if self._ready.is_set():
            return
        self.parse_bytes(_READY_PROBE, declared_kind=None)
        self._ready.set()

    def _spawn(self) -> _Worker:
        fork = self.fork and _can_fork()
        worker = _PRESPAWNED.pop() if _PRESPAWNED else _Worker(fork=fork)
        worker.configure(self.limits.memory_mb)
        with self._lock:
            self._all.add(worker)
            self.started += 1
        return worker

    def _take(self) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return self._spawn()

    def _retire(self, worker: _Worker, *, kill: bool) -> None:
        with self._lock:
            self._all.discard(worker)
        if kill:
            worker.kill()
        else:
            worker.stop()

    def parse_bytes(self, data: bytes, *, declared_kind: DocumentKind | None) -> ParseOutcome:
        """Parse `data` in a worker within the limits; never raises for bad input."""
        if self._closed:
            raise RuntimeError("the parse pool is closed")
        marks_dir = self._marks_dir() if self._marks_dir is not None else None
        job: Job = (
            data,
            declared_kind.value if declared_kind else None,
            self.limits.max_pages,
            self.limits.ocr,
            str(marks_dir) if marks_dir is not None else None,
        )
        with self._slots:
            worker = self._take()
            outcome = self._run(worker, job)
            worker.jobs += 1
            dead = worker.process.poll() is not None
            if outcome.limit_hit or dead or worker.jobs >= self.recycle_after:
                self._retire(worker, kill=outcome.limit_hit or dead)
            else:
                self._idle.put(worker)
        return outcome

    def _run(self, worker: _Worker, job: Job) -> ParseOutcome:
        timeout = self.limits.timeout_seconds
        try:
            worker.send(job)
            result: dict[str, Any] = worker.receive(timeout)
        except TimeoutError:
            return _failure(f"parsing took longer than {timeout:g} s", "timeout")
        except (EOFError, OSError, pickle.UnpicklingError):
            code = worker.process.wait(5)
            if code in (-signal.SIGKILL, -signal.SIGABRT, -signal.SIGSEGV, 137, 134):
                return _failure(MEMORY_FAILURE, "memory")
            return _failure(f"the parser stopped unexpectedly (exit {code})", "corrupt")
        if result["ok"]:
            return ParseOutcome(parsed=result["parsed"])
        return _failure(str(result["error"]), str(result["reason"]))

    def parse_file(self, path: Path, *, declared_kind: DocumentKind | None) -> ParseOutcome:
        try:
            data = path.read_bytes()
        except OSError as exc:  # deleted after the caller looked, unreadable, a directory
            return _failure(
                f"the file cannot be read: {path} ({exc.strerror or exc})", FileMissing.reason
            )
        return self.parse_bytes(data, declared_kind=declared_kind)

    def parse_files(self, paths: Sequence[Path]) -> list[ParseOutcome]:
        """Parse several files on all the pool's workers at once, results in order."""
        with ThreadPoolExecutor(max_workers=self.size, thread_name_prefix="parse") as threads:
            return list(threads.map(lambda p: self.parse_file(p, declared_kind=None), paths))

    def close(self, grace: float = 0.0) -> None:
        """Stop every worker: EOF on their input, `grace` seconds to exit, then SIGKILL (an
        idle worker holds nothing worth a graceful interpreter shutdown)."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        workers += _PRESPAWNED  # started early for a pool that needed fewer
        _PRESPAWNED.clear()
        for worker in workers:
            worker.close_input()
        deadline = time.monotonic() + grace
        for worker in workers:
            with contextlib.suppress(subprocess.TimeoutExpired):
                worker.process.wait(max(0.0, deadline - time.monotonic()))
            worker.kill()

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parse_file_isolated(
    path: Path, *, declared_kind: DocumentKind | None, limits: ParseLimits
) -> ParseOutcome:
    """Parse one file in a fresh isolated worker (a pool of one, closed afterwards)."""
    if not path.is_file():
        return _failure(f"file not found: {path}", FileMissing.reason)
    from app.adapters.reference.loader import active_data_dir

    with ParsePool(1, limits, marks_dir=active_data_dir) as pool:
        return pool.parse_file(path, declared_kind=declared_kind)


# Workers a command started before it knew its pool (see `prespawn`); adopted by the pool.
_PRESPAWNED: list[_Worker] = []


def prespawn(count: int) -> None:
    """Start `count` workers now, so their imports overlap the caller's own start-up
    (`assay assess` calls it before loading anything); the next pool adopts them and
    gives them their limits before any document."""
    _PRESPAWNED.extend(_Worker() for _ in range(max(0, count)))


def preload(marks_dirs: Sequence[Path] = ()) -> None:
    """Import the parser and read the mark vocabularies of `marks_dirs` in this process, so
    the workers it forks (`ParsePool(fork=True)`) start warm."""
    import app.adapters.pdf.parse  # noqa: F401

    for data_dir in marks_dirs:
        _marks(str(data_dir))


if __name__ == "__main__" and sys.argv[1:2] == ["--worker"]:
    sys.exit(worker_main())
