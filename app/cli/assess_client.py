"""`assay assess` through a warm assessment server (issue 14 point 2): the client half.

Whole-process, `assay assess` used to pay two interpreters' imports (the command's and its
parse worker's, about 0.3 s each on an idle 2-core machine) before the first page was read,
more than the parse of a 120-page report. So the command runs in a resident server that
imported everything once (`app.cli.assess_server`), much as a build daemon does:

- the client (this module: standard library only, no typer, pydantic or parser) connects to
  a Unix socket in a private runtime directory (mode 0700, owned by the user), and passes
  its arguments, working directory, environment and its own stdin/stdout/stderr (as file
  descriptors, SCM_RIGHTS): the command's output goes straight to the caller's terminal or
  pipe, byte for byte what the in-process command prints;
- the server forks a copy of itself per command, which applies the caller's environment
  and runs the command; its parse workers are forked from that copy, each in its own
  session with the memory limit set before the first byte of a document is read, killed
  on a timeout: the same isolation and limits as before, without an interpreter start;
- the server is keyed by a fingerprint of the code (the interpreter, every `app` source
  file's size and modification time, the installed packages), so an edited tree starts a
  new one; it exits after `ASSAY_ASSESS_SERVER_IDLE` seconds (default 600) without work;
- the first command starts the server and waits for it; any failure to reach it falls
  back to the in-process command. `ASSAY_ASSESS_SERVER=off` turns the server off (the
  tests do), `ASSAY_RUNTIME_DIR` moves the socket.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import signal
import socket
import stat
import struct
import subprocess
import sys
import time
from pathlib import Path

_INT = struct.Struct("!i")
_LEN = struct.Struct("!I")
START_TIMEOUT_S = 60.0
APP_DIR = Path(__file__).resolve().parent.parent


def enabled() -> bool:
    return os.environ.get("ASSAY_ASSESS_SERVER", "on").strip().lower() not in {
        "0",
        "off",
        "false",
        "no",
    }


def idle_seconds() -> float:
    try:
        return max(1.0, float(os.environ.get("ASSAY_ASSESS_SERVER_IDLE", "600")))
    except ValueError:
        return 600.0


def runtime_dir() -> Path | None:
    """The private directory holding the socket, or None when it is not safely ours (a
    socket another user could plant would receive our descriptors and environment)."""
    explicit = os.environ.get("ASSAY_RUNTIME_DIR")
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(explicit) if explicit else Path(xdg) / "assay" if xdg else None
    if base is None:
        base = Path("/tmp") / f"assay-{os.getuid()}"
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(base)
    except OSError:
        return None
    private = stat.S_ISDIR(info.st_mode) and not (info.st_mode & 0o077)
    return base if private and info.st_uid == os.getuid() else None


def fingerprint() -> str:
    """The code a server runs: the interpreter, each `app` source file's size and mtime, and
    the installed packages (a site-packages directory changes when one is added or removed)."""
    digest = hashlib.sha256(f"{sys.executable}\0{sys.version}".encode())
    for root, dirs, files in os.walk(APP_DIR):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".json", ".csv", ".yaml", ".toml")):
                with contextlib.suppress(OSError):
                    info = os.stat(os.path.join(root, name))
                    digest.update(f"{root}/{name}\0{info.st_mtime_ns}\0{info.st_size}\0".encode())
    for entry in sys.path:
        if entry.endswith("site-packages"):
            with contextlib.suppress(OSError):
                digest.update(f"{entry}\0{os.stat(entry).st_mtime_ns}\0".encode())
    return digest.hexdigest()[:16]


def socket_path(directory: Path) -> Path:
    return directory / f"assess-{fingerprint()}.sock"


def _connect(path: Path) -> socket.socket | None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(str(path))
    except OSError:
        sock.close()
        return None
    return sock


def _start(path: Path) -> socket.socket | None:
    """Start a server for `path` (one at a time: a lock file), wait until it accepts."""
    lock_path = path.with_suffix(".lock")
    with open(lock_path, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sock = _connect(path)  # another command may have started it meanwhile
        if sock is not None:
            return sock
        with open(path.with_suffix(".log"), "ab") as log:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "app.cli.assess_server",
                    str(path),
                    str(idle_seconds()),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                start_new_session=True,  # outlives this command, ignores its Ctrl-C
                cwd="/",
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline and server.poll() is None:
            sock = _connect(path)
            if sock is not None:
                return sock
            time.sleep(0.005)
        with contextlib.suppress(ProcessLookupError):
            server.kill()
        return None


def _read_exact(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _stdio() -> list[int] | None:
    """The descriptors of this process's stdin, stdout, stderr (None when one is not a real
    descriptor, e.g. captured by a test: then the command runs in process)."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
        out, err = sys.stdout.fileno(), sys.stderr.fileno()
    except (AttributeError, ValueError, OSError):
        return None
    try:
        inp = sys.stdin.fileno()
    except (AttributeError, ValueError, OSError):
        inp = os.open(os.devnull, os.O_RDONLY)
    return [inp, out, err]


def run(argv: list[str]) -> int | None:
    """Run `assay <argv>` in the warm server; its exit code, or None when the server cannot
    be used (the caller then runs the command itself)."""
    if not enabled():
        return None
    fds = _stdio()
    directory = runtime_dir()
    if fds is None or directory is None:
        return None
    path = socket_path(directory)
    try:
        sock = _connect(path) or _start(path)
    except OSError:
        return None
    if sock is None:
        return None
    with sock:
        try:
            payload = json.dumps(
                {
                    "argv": argv,
                    "cwd": os.getcwd(),
                    "env": dict(os.environ),
                    "encoding": [sys.stdout.encoding, sys.stderr.encoding],
                }
            ).encode()
            socket.send_fds(sock, [_LEN.pack(len(payload)) + payload], fds)
            (pid,) = _INT.unpack(_read_exact(sock, _INT.size))
        except (OSError, EOFError):
            return None  # nothing ran (a server exiting as we came): run in process
        try:
            (code,) = _INT.unpack(_read_exact(sock, _INT.size))
        except KeyboardInterrupt:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)  # the command stops its parse workers
            return 130
        except (OSError, EOFError):
            print("assay: the assessment process stopped unexpectedly", file=sys.stderr)
            return 1
        return int(code)
