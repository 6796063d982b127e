"""A warm parent for parse workers: one interpreter imports the parser once, every worker is
forked from it (issue 14 point 2, `assay assess` in process and its first command).

Without it, each parse worker of a command was a fresh interpreter paying the parser's
imports: a six-document package on two cores paid them twice, beside the command's own.
`start()` launches `python -m app.adapters.pdf.zygote` at the very beginning of a command;
it imports the parser (and reads the mark vocabulary of the repository's reference data)
while the command imports the assessment. A pool (`ParsePool`) then asks it for workers:

- the pool sends two pipe ends (jobs in, results out) over a Unix socket pair (SCM_RIGHTS);
- the zygote forks twice: the worker runs the usual worker loop (`_forked_worker_main`: its
  own session, no inherited descriptor but its pipes, the memory limit from its first frame,
  killed on a timeout), the middle process exits at once, so the worker is re-parented to
  the command, which made itself a child subreaper (PR_SET_CHILD_SUBREAPER): the command
  waits for its workers and reads their exit status as for workers it forked itself;
- the zygote never reads a document, and exits when the command closes the socket.
Where the subreaper cannot be set (not Linux), no zygote starts: workers are fresh
interpreters as before.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import os
import socket
import struct
import subprocess
import sys
import threading

_INT = struct.Struct("!i")
PR_SET_CHILD_SUBREAPER = 36


class Zygote:
    """The command's handle on its zygote process."""

    def __init__(self, *, every_kind: bool) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        scope = "every-kind" if every_kind else "on-use"
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "app.adapters.pdf.zygote", str(theirs.fileno()), scope],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                pass_fds=(theirs.fileno(),),
                start_new_session=True,  # Ctrl-C reaches the command, which stops it
            )
        self._socket = ours
        self._lock = threading.Lock()  # one fork request at a time (the pool's threads)

    def fork_worker(self, jobs_fd: int, results_fd: int) -> int | None:
        """A new worker reading jobs on `jobs_fd`, writing results on `results_fd`: its pid
        (a child of this process by now), or None when the zygote is gone."""
        with self._lock:
            try:
                socket.send_fds(self._socket, [b"F"], [jobs_fd, results_fd])
                data = b""
                while len(data) < _INT.size:
                    chunk = self._socket.recv(_INT.size - len(data))
                    if not chunk:
                        return None
                    data += chunk
            except OSError:
                return None
        (pid,) = _INT.unpack(data)
        return pid if pid > 0 else None

    def close(self) -> None:
        """Stop the zygote (it holds nothing worth an interpreter shutdown; its workers, in
        their own sessions, live on until their pool ends them)."""
        with contextlib.suppress(OSError):
            self._socket.close()
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        self.process.wait()


def _become_subreaper() -> bool:
    """Orphaned descendants (the zygote's workers) become children of this process."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return bool(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def start(*, every_kind: bool = False) -> Zygote | None:
    """A zygote for this process's parse pools, or None where workers cannot be adopted.
    `every_kind`: it imports every kind's extractor (several documents, several workers:
    once in the zygote, not once per worker); else each worker imports its document's."""
    if not hasattr(os, "fork") or not _become_subreaper():
        return None
    try:
        return Zygote(every_kind=every_kind)
    except OSError:
        return None


def _spawn(fds: list[int]) -> int:
    """Fork a worker through a short-lived middle process; its pid once it is an orphan."""
    from app.adapters.pdf.isolation import _forked_worker_main

    pid_r, pid_w = os.pipe()
    middle = os.fork()
    if middle == 0:
        code = 0
        try:
            worker = os.fork()
            if worker == 0:
                os.close(pid_r)
                os.close(pid_w)
                code = 1
                try:
                    # Above 4, so the worker's dup2 onto 3 and 4 cannot overwrite either.
                    jobs, results = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in fds)
                    code = _forked_worker_main(jobs, results)
                finally:
                    os._exit(code)
            os.write(pid_w, _INT.pack(worker))
        finally:
            os._exit(code)
    os.close(pid_w)
    with os.fdopen(pid_r, "rb") as pipe:
        data = pipe.read(_INT.size)
    os.waitpid(middle, 0)  # the worker is re-parented once the middle process is gone
    return _INT.unpack(data)[0] if len(data) == _INT.size else -1


def zygote_main(fd: int, scope: str) -> int:
    """The zygote: import the parser, then fork a worker per request until EOF."""
    from app.adapters import regex_cache

    regex_cache.install()
    from app.adapters.pdf.isolation import preload
    from app.adapters.reference.paths import builtin_data_dir

    channel = socket.socket(fileno=fd)
    preload([builtin_data_dir()], extractors=scope == "every-kind")
    regex_cache.save()
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(channel, 1, 2)
        except OSError:
            return 0
        if not message:
            return 0
        pid = _spawn(fds) if len(fds) == 2 else -1
        for received in fds:
            os.close(received)
        try:
            channel.sendall(_INT.pack(pid))
        except OSError:
            return 0


if __name__ == "__main__":
    sys.exit(zygote_main(int(sys.argv[1]), sys.argv[2]))
