"""Compiled regular expressions kept between processes (issue 14 point 1).

The extractors and checks compile about 700 patterns when their modules are imported; that
was a third of every `assay` process's import time (the command's, its parse zygote's, the
warm server's), paid again by each. CPython compiles a pattern in two steps: parse and
compile to a list of integers (`re._parser`, `re._compiler`: slow, pure Python), then build
the matcher from that list (`_sre.compile`: fast, and it validates the list). This module
keeps the lists of the patterns compiled while `app` modules are imported in a table, and
serves them to `re` on the next start:

- `install()` (the entry points call it first) reads the table, if any, and wraps
  `re._compiler.compile`: a pattern in the table is built from its list, any other one is
  compiled as usual. A pattern fixed by the code (compiled while modules are imported) or
  by the reference data (the mark vocabulary, built within `keeping()`), never one built
  from a document, that the table lacks is a miss;
- `save()` writes the table of every such pattern this process compiled (a miss, or the
  table absent); the warm server saves after its imports, an in-process command at exit;
- the table is a `marshal` file of plain tuples, ints, bytes and strings (marshal cannot run code;
  `_sre.compile` refuses invalid code) in a private per-user cache directory (0700, owned
  by the user, as the server's runtime directory), named after the interpreter's version and
  the regex engine's magic number, written atomically. `ASSAY_REGEX_CACHE=off` turns it off
  (the tests do, but for the tests of this module); on interpreters other than CPython
  3.11-3.13 it is off.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import marshal
import os
import re
import stat
import sys
import threading
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

try:  # the engine's private modules: present on the CPython versions this supports
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other interpreters
    _sre = None

# (flags, code as native uint32 bytes, groups, groupindex, indexgroup): `_sre.compile`'s
# arguments after the pattern, the code packed (a fifth of the size, read in one go).
Entry = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]
_SUPPORTED = {(3, 11), (3, 12), (3, 13)}
_MAX_ENTRIES = 20_000  # a bound on the file whatever happens


class _State:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.path: Path | None = None
        self.table: dict[tuple[str, int], Entry] = {}
        self.compiled: dict[tuple[str, int], Entry] = {}  # by modules' top levels
        self.missed = False
        self.served = 0  # patterns built from the table
        self.original: Callable[..., Any] | None = None


_STATE = _State()


def enabled() -> bool:
    off = {"0", "off", "false", "no"}
    if os.environ.get("ASSAY_REGEX_CACHE", "on").strip().lower() in off:
        return False
    # The engine's code words are 32-bit (SRE_CODE); the table packs them as such.
    supported = sys.version_info[:2] in _SUPPORTED and array("I").itemsize == 4
    return _sre is not None and supported and getattr(_sre, "CODESIZE", 4) == 4


def cache_dir() -> Path | None:
    """The private cache directory, or None when it is not safely ours."""
    explicit = os.environ.get("ASSAY_CACHE_DIR")
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(explicit) if explicit else Path(xdg or Path.home() / ".cache") / "assay"
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(base)
    except (OSError, RuntimeError):
        return None
    private = stat.S_ISDIR(info.st_mode) and not (info.st_mode & 0o077)
    return base if private and info.st_uid == os.getuid() else None


def table_path(directory: Path) -> Path:
    key = f"{sys.implementation.cache_tag}\0{sys.version}\0{_sre.MAGIC}\0{marshal.version}"
    return directory / f"regex-{hashlib.sha256(key.encode()).hexdigest()[:16]}.marshal"


def _read(path: Path) -> dict[tuple[str, int], Entry]:
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}


def _module(frame: FrameType) -> str:
    return str(frame.f_globals.get("__name__", ""))


def _at_import() -> bool:
    """True when the pattern is fixed by code or reference data, so worth keeping: `app`
    code compiles it while an `app` module's top level runs (its import), or a module's top
    level compiles it itself (a library's constant, not the `__main__` script's), or the
    shell compiles reference data within `keeping()`. Never one built from a document at
    run time (nor a library's built in a function, which may vary between processes)."""
    if getattr(_KEEPING, "depth", 0):
        return True
    try:
        frame: FrameType | None = sys._getframe(2)
    except ValueError:  # called with no caller above `re` (nothing to attribute it to)
        return False
    while frame is not None and _module(frame) == "re":
        frame = frame.f_back
    if frame is None:
        return False
    if frame.f_code.co_name == "<module>":
        return _module(frame) != "__main__"
    if not _module(frame).startswith("app."):
        return False
    while frame is not None:
        if frame.f_code.co_name == "<module>":
            return _module(frame).startswith("app.")
        frame = frame.f_back
    return False


_KEEPING = threading.local()


@contextlib.contextmanager
def keeping() -> Iterator[None]:
    """Keep the patterns this thread compiles meanwhile (the shell building the mark
    vocabulary from the reference data: the same patterns for the same data)."""
    _KEEPING.depth = getattr(_KEEPING, "depth", 0) + 1
    try:
        yield
    finally:
        _KEEPING.depth -= 1


def _compile_recorded(pattern: Any, flags: int) -> tuple[Any, Entry]:
    """What `re._compiler.compile` does, keeping the code list it builds."""
    tree = _parser.parse(pattern, flags)
    code = _compiler._code(tree, flags)
    groupindex = dict(tree.state.groupdict)
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    entry: Entry = (
        int(flags | tree.state.flags),
        array("I", code).tobytes(),
        tree.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
    return _build(pattern, entry), entry


def _build(pattern: str, entry: Entry) -> Any:
    flags, code, groups, groupindex, indexgroup = entry
    packed = array("I")
    packed.frombytes(code)
    return _sre.compile(pattern, flags, packed.tolist(), groups, groupindex, indexgroup)


def _compile(pattern: Any, flags: int = 0) -> Any:
    if not isinstance(pattern, str) or flags & re.DEBUG:
        assert _STATE.original is not None
        return _STATE.original(pattern, flags)
    key = (pattern, int(flags))
    entry = _STATE.table.get(key)
    if entry is not None:
        with contextlib.suppress(Exception):  # a damaged entry: compile it as usual
            compiled = _build(pattern, entry)
            _STATE.served += 1
            if _at_import():
                _STATE.compiled[key] = entry
            return compiled
    compiled, entry = _compile_recorded(pattern, int(flags))
    if _at_import():
        _STATE.compiled[key] = entry
        _STATE.missed = True
    return compiled


def install() -> bool:
    """Serve `re` compilations from the table (see the module docstring); idempotent."""
    if _STATE.original is not None:
        return True
    if not enabled():
        return False
    directory = cache_dir()
    if directory is None:
        return False
    _STATE.path = table_path(directory)
    _STATE.table = _read(_STATE.path)
    _STATE.original = _compiler.compile
    _compiler.compile = _compile
    return True


def uninstall() -> None:
    """Back to `re`'s own compiler (tests)."""
    if _STATE.original is not None:
        _compiler.compile = _STATE.original
    _STATE.reset()


def save() -> bool:
    """Write the table when this process compiled an import-time pattern it lacked: the
    patterns the file has and those compiled here, merged under a lock (the command and
    its zygote may save at once), replaced atomically; True when written."""
    path = _STATE.path
    if path is None or not _STATE.missed:
        return False
    import tempfile  # here: a command that reads the table never pays for it

    try:
        with open(path.with_suffix(".lock"), "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            merged = {**_read(path), **_STATE.compiled}
            if len(merged) > _MAX_ENTRIES:  # stale entries of many code versions
                merged = dict(_STATE.compiled)
            fd, staging = tempfile.mkstemp(dir=path.parent, prefix=".regex-")
            with os.fdopen(fd, "wb") as out:
                marshal.dump(merged, out)
            os.replace(staging, path)
    except OSError:
        return False
    _STATE.table, _STATE.missed = merged, False
    return True
