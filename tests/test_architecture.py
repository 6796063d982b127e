"""The rings of the design hold (STYLE.md rule 1).

- `app/core` is pure: it imports only allowed stdlib modules, pydantic, rapidfuzz and
  itself, and calls nothing that reads the clock, the environment, files, processes or the
  network. The checker is an AST walk over every core module; `test_checker_catches_*` feed
  it offending snippets so that a weakened checker fails here too.
- Importing every core module loads no shell library (checked in a fresh interpreter).
- Code outside `app/core` uses the core only through the names `app/core/__init__.py`
  exports, and every exported name resolves.
"""

import ast
import importlib
import json
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import app.core

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "app" / "core"

# Stdlib modules that compute and nothing else. Anything not listed (os, sys, io beyond
# StringIO, pathlib, subprocess, socket, sqlite3, time, random, logging, threading, ...)
# is refused, so a new kind of side effect needs a conscious entry here.
PURE_STDLIB = {
    "__future__", "abc", "bisect", "calendar", "collections", "contextlib", "copy", "csv",
    "dataclasses", "datetime", "decimal", "difflib", "enum", "fractions", "functools",
    "hashlib", "heapq", "importlib", "io", "itertools", "json", "math", "numbers", "operator",
    "re", "statistics", "string", "textwrap", "types", "typing", "unicodedata",
}  # fmt: skip
PURE_THIRD_PARTY = {"pydantic", "pydantic_core", "rapidfuzz", "typing_extensions"}
# Attribute calls that read the clock or the outside world even from allowed modules.
FORBIDDEN_ATTRIBUTES = {
    "now", "today", "utcnow", "fromtimestamp", "utcfromtimestamp",  # datetime / date
    "environ", "getenv", "system", "popen",  # os
    "read_text", "read_bytes", "write_text", "write_bytes", "open",  # files (pathlib, io)
    "urlopen", "getaddrinfo", "uuid1", "uuid4",
}  # fmt: skip
FORBIDDEN_NAMES = {"open", "input", "print", "exec", "eval", "compile", "__import__"}
# io is allowed for in-memory text buffers only.
ALLOWED_IO = {"StringIO"}
# importlib is allowed for the package's lazy exports (import_module of app.core.*) only.
IMPORTLIB_USERS = {"__init__.py"}


def violations(source: str, filename: str = "<snippet>") -> list[str]:
    """Every impure import or call in `source`, as readable messages."""
    tree = ast.parse(source)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found += _bad_module(alias.name, filename, node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found += _bad_module(node.module, filename, node.lineno)
            if node.module == "io":
                found += [
                    f"{filename}:{node.lineno}: io.{a.name}"
                    for a in node.names
                    if a.name not in ALLOWED_IO
                ]
        elif isinstance(node, ast.Attribute):
            if node.attr in FORBIDDEN_ATTRIBUTES:
                found.append(f"{filename}:{node.lineno}: .{node.attr}")
            if (
                isinstance(node.value, ast.Name)
                and node.value.id == "io"
                and node.attr not in ALLOWED_IO
            ):
                found.append(f"{filename}:{node.lineno}: io.{node.attr}")
        elif isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES:
            found.append(f"{filename}:{node.lineno}: {node.id}")
        elif isinstance(node, ast.Global):
            found.append(f"{filename}:{node.lineno}: global state")
    return found


def _bad_module(name: str, filename: str, line: int) -> list[str]:
    top = name.split(".")[0]
    if name == "app.core" or name.startswith("app.core."):
        return []
    if top == "importlib" and Path(filename).name not in IMPORTLIB_USERS:
        return [f"{filename}:{line}: imports importlib"]
    if top in PURE_STDLIB or top in PURE_THIRD_PARTY:
        return []
    return [f"{filename}:{line}: imports {name}"]


def _core_files() -> Iterator[Path]:
    yield from sorted(CORE.rglob("*.py"))


def test_core_is_pure() -> None:
    found = [v for p in _core_files() for v in violations(p.read_text(), str(p.relative_to(ROOT)))]
    assert found == []


@pytest.mark.parametrize(
    "snippet",
    [
        "import os\nx = os.environ['A']",
        "from os import getenv",
        "from datetime import date\nd = date.today()",
        "import datetime\nd = datetime.datetime.now()",
        "import time\nt = time.time()",
        "import subprocess",
        "import sqlite3",
        "import socket",
        "import random",
        "from pathlib import Path\ns = Path('x').read_text()",
        "data = open('x').read()",
        "import io\nf = io.open('x')",
        "from io import FileIO",
        "import logging",
        "import urllib.request",
        "import httpx",
        "import sqlalchemy",
        "import fastapi",
        "import pypdfium2",
        "from app.platform.settings import Settings",
        "import uuid\nx = uuid.uuid4()",
        "import importlib\nm = importlib.import_module('os')",
        "CACHE = {}\ndef f():\n    global CACHE",
    ],
)
def test_checker_catches_impurity(snippet: str) -> None:
    assert violations(snippet) != []


@pytest.mark.parametrize(
    "snippet",
    [
        "import re\nfrom datetime import date\nd = date(2026, 1, 1)",
        "from io import StringIO",
        "from rapidfuzz import fuzz",
        "from app.core.kinds import DocumentKind",
        "import csv, io\nbuf = io.StringIO()",
    ],
)
def test_checker_allows_pure_code(snippet: str) -> None:
    assert violations(snippet) == []


SHELL_LIBRARIES = (
    "sqlalchemy", "fastapi", "starlette", "httpx", "pypdfium2", "pdfplumber", "pytesseract",
    "alembic", "uvicorn", "structlog", "typer", "apscheduler", "jose", "pydantic_settings",
    "sqlite3", "subprocess", "socket",
)  # fmt: skip


def test_importing_the_whole_core_loads_no_shell_library() -> None:
    modules = [
        m.name
        for m in pkgutil.walk_packages([str(CORE)], prefix="app.core.")
        if not m.name.split(".")[-1].startswith("__")
    ]
    # The baseline is what the allowed libraries load themselves (pydantic's plugin loader
    # reads package metadata, which pulls in email and socket); only what core adds counts.
    script = (
        "import importlib, json, sys\n"
        "import pydantic, rapidfuzz.fuzz\n"
        "class M(pydantic.BaseModel):\n    x: int\n"
        "before = set(sys.modules)\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "added = set(sys.modules) - before\n"
        f"print(json.dumps(sorted(n for n in {SHELL_LIBRARIES!r} if n in added)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == []


def test_every_exported_name_resolves_inside_the_core() -> None:
    for name in app.core.__all__:
        value = getattr(app.core, name)
        module = getattr(value, "__module__", None)
        if module is not None:  # constants (dicts, strings) carry no module
            assert module.startswith("app.core"), (name, module)


def test_exports_are_declared_once() -> None:
    exports = app.core._EXPORTS
    assert sorted(app.core.__all__) == sorted(exports)
    for name, module in exports.items():
        importlib.import_module(f"app.core.{module}")
        assert name in dir(app.core)


def _shell_imports() -> Iterator[tuple[str, int, str, list[str]]]:
    for path in sorted((ROOT / "app").rglob("*.py")):
        if CORE in path.parents:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.ImportFrom)
                and node.module
                and node.module.startswith("app.core")
            ):
                yield (
                    str(path.relative_to(ROOT)),
                    node.lineno,
                    node.module,
                    [a.name for a in node.names],
                )
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("app.core"):
                        yield str(path.relative_to(ROOT)), node.lineno, alias.name, []


def test_the_shell_uses_only_the_core_public_api() -> None:
    bad = [
        f"{path}:{line}: {module} {names}"
        for path, line, module, names in _shell_imports()
        if module != "app.core" or any(n not in app.core.__all__ for n in names)
    ]
    assert bad == []
