"""The warm `assay assess` server (see `app.cli.assess_client` for the design).

    python -m app.cli.assess_server SOCKET IDLE_SECONDS

Imports the command, the parser and the reference data once, then accepts commands on a
Unix socket, forking a copy of itself for each: the copy takes the caller's stdin, stdout
and stderr, working directory and environment, runs `assay <argv>`, and reports the exit
code. Parse workers are forked from the copy (`ParsePool(fork=True)`): their own session,
the memory limit, the timeout and the kill are those of any parse worker. The server
itself never reads a document; it exits after IDLE_SECONDS without a command, or when its
socket is removed or replaced.
"""

import contextlib
import io
import json
import os
import signal
import socket
import struct
import sys
import time
import traceback
from pathlib import Path
from typing import Any

_INT = struct.Struct("!i")
_LEN = struct.Struct("!I")
_POLL_S = 1.0


def preload() -> None:
    """Everything `assay assess` imports and reads, done once here."""
    from app.adapters.pdf.isolation import preload as preload_parser
    from app.adapters.reference.loader import active_data_dir, builtin_data_dir
    from app.cli import _command_app
    from app.cli import assess as command

    _command_app("assess")
    dirs = {builtin_data_dir(), active_data_dir()}
    preload_parser(sorted(dirs))
    command.reference_cached()
    command.FORK_WORKERS = True
    # Lazily exported core names the assessment resolves on first use.
    import app.core

    for name in app.core.__all__:
        getattr(app.core, name)


def _receive(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    data, fds, _, _ = socket.recv_fds(conn, 1 << 16, 3)
    while len(data) < _LEN.size:
        more = conn.recv(1 << 16)
        if not more:
            raise EOFError
        data += more
    (size,) = _LEN.unpack(data[: _LEN.size])
    body = data[_LEN.size :]
    while len(body) < size:
        more = conn.recv(size - len(body))
        if not more:
            raise EOFError
        body += more
    return json.loads(body), fds


def _stream(fd: int, encoding: str | None) -> io.TextIOWrapper:
    return io.TextIOWrapper(
        io.FileIO(fd, "w", closefd=False),
        encoding=encoding or "utf-8",
        errors="backslashreplace" if fd == 2 else "strict",
        line_buffering=os.isatty(fd),
    )


def _job(conn: socket.socket) -> int:
    """One command, in a forked copy of the server."""
    request, fds = _receive(conn)
    if len(fds) != 3:
        return 2
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    out_encoding, err_encoding = request.get("encoding") or (None, None)
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False))
    sys.stdout, sys.stderr = _stream(1, out_encoding), _stream(2, err_encoding)
    from app.cli import dispatch
    from app.platform.settings import get_settings

    get_settings.cache_clear()  # the caller's environment, not the server's
    conn.sendall(_INT.pack(os.getpid()))
    code = 1
    try:
        code = dispatch([str(a) for a in request["argv"]])
    finally:
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
            sys.stderr.flush()
        conn.sendall(_INT.pack(code))
    return code


def _peer_is_us(conn: socket.socket) -> bool:
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _, uid, _ = struct.unpack("3i", creds)
    return bool(uid == os.getuid())


def _own(path: Path, inode: int) -> bool:
    try:
        return os.stat(path).st_ino == inode
    except OSError:
        return False


def serve(path: Path, idle: float) -> int:
    preload()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    staging = path.with_name(f"{path.name}.{os.getpid()}")
    with contextlib.suppress(FileNotFoundError):
        staging.unlink()
    listener.bind(str(staging))
    listener.listen(64)
    os.replace(staging, path)  # atomically: a client never sees a socket not yet listening
    inode = os.stat(path).st_ino
    listener.settimeout(_POLL_S)
    children: set[int] = set()
    last = time.monotonic()
    try:
        while _own(path, inode):
            for pid in list(children):
                with contextlib.suppress(ChildProcessError):
                    if os.waitpid(pid, os.WNOHANG)[0] == 0:
                        continue
                children.discard(pid)
            if not children and time.monotonic() - last > idle:
                break
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            last = time.monotonic()
            with conn:
                if not _peer_is_us(conn):
                    continue
                conn.settimeout(None)
                pid = os.fork()
                if pid == 0:  # the command's copy
                    code = 1
                    try:
                        listener.close()
                        signal.signal(signal.SIGTERM, _terminate)
                        code = _job(conn)
                    except SystemExit as exc:
                        code = exc.code if isinstance(exc.code, int) else 1
                    except BaseException:
                        traceback.print_exc()
                    finally:
                        os._exit(code)
            children.add(pid)
    finally:
        if _own(path, inode):
            path.unlink()
        listener.close()
    return 0


def _terminate(signum: int, frame: object) -> None:
    """The client was interrupted: kill the parse workers (so no thread waits for a parse to
    end), then unwind the command."""
    from app.adapters.pdf.isolation import kill_forked

    kill_forked()
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    sys.exit(serve(Path(sys.argv[1]), float(sys.argv[2])))
