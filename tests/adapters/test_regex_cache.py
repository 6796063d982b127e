"""The compiled-pattern table (app.adapters.regex_cache): a table one process writes serves
the next with patterns that match alike; only import-time patterns of `app` code are kept
(never one built at run time, e.g. from reference data or a document); a damaged table or a
directory others can write is not trusted."""

import marshal
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.adapters import regex_cache

# Imports a module with many top-level patterns and reports what the table did.
_PROBE = """
import json, re
from app.adapters import regex_cache
regex_cache.install()
import app.core.extract.bridge
state = regex_cache._STATE
print(json.dumps({"missed": state.missed, "saved": regex_cache.save(),
                  "kept": len(state.compiled), "served": state.served}))
"""


def _probe(cache: Path) -> dict[str, object]:
    import json

    env = {**os.environ, "ASSAY_REGEX_CACHE": "on", "ASSAY_CACHE_DIR": str(cache)}
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def test_a_table_written_by_one_process_serves_the_next(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _probe(cache)
    assert first["missed"] is True and first["saved"] is True
    assert isinstance(first["kept"], int) and first["kept"] >= 10
    (table,) = cache.glob("regex-*.marshal")
    assert cache.stat().st_mode & 0o777 == 0o700
    second = _probe(cache)
    assert second["missed"] is False and second["saved"] is False  # nothing new to write
    assert second["kept"] == first["kept"] == second["served"]  # every one from the table
    assert first["served"] == 0
    assert table.stat().st_size > 0


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ASSAY_REGEX_CACHE", "on")
    monkeypatch.setenv("ASSAY_CACHE_DIR", str(tmp_path / "cache"))
    regex_cache.uninstall()
    try:
        assert regex_cache.install()
        yield tmp_path / "cache"
    finally:
        regex_cache.uninstall()
        re.purge()


def test_patterns_served_from_the_table_match_like_compiled_ones(installed: Path) -> None:
    sources = [
        (r"(?P<no>\d{3,})-(?P<year>20\d\d)", re.IGNORECASE),
        (r"certif(?:icate|ication)\s+(?:no\.?|number)\s*[:#]?\s*(\S+)", re.I | re.M),
        (r"^\s*(?:[A-Z][a-z]+\s){1,3}(?:GmbH|Ltd|Inc)\b", 0),
    ]
    entries = {}
    for source, flags in sources:
        _, entry = regex_cache._compile_recorded(source, flags)
        entries[(source, flags)] = entry
    regex_cache._STATE.table = entries
    text = "Certificate No: 12345-2024\nAcme Widgets GmbH holds certification number #A-77"
    for source, flags in sources:
        served = re.compile(source, flags)
        plain = regex_cache._STATE.original(source, flags)  # type: ignore[misc]
        assert served.flags == plain.flags and served.groupindex == plain.groupindex
        assert [m.groups() for m in served.finditer(text)] == [
            m.groups() for m in plain.finditer(text)
        ]
        assert served.sub("x", text) == plain.sub("x", text)
    assert regex_cache._STATE.served == len(sources)


def test_run_time_patterns_are_never_kept(installed: Path) -> None:
    """A pattern built from data at run time (here a mark vocabulary from terms, as from a
    document's names) is compiled but not written to the table."""
    from app.core import MarkTerm, build_vocabulary

    build_vocabulary([MarkTerm("ZQX", ("Zyxwvut Qualitaets Akkreditierung",))], [])
    re.compile(r"zyxwvut-test-only-\d+")  # a test's own, at run time
    assert not any("yxwvut" in key[0] for key in regex_cache._STATE.compiled)
    assert regex_cache.save() is False
    assert not list(installed.glob("regex-*.marshal"))


def test_a_damaged_entry_is_compiled_as_usual(installed: Path) -> None:
    source = r"damaged-(\d+)-entry"
    flags, _, groups, groupindex, indexgroup = regex_cache._compile_recorded(source, 0)[1]
    bogus = (flags, b"\xff\xff\xff\x7f" * 6, groups, groupindex, indexgroup)
    regex_cache._STATE.table = {(source, 0): bogus}
    match = re.compile(source).search("a damaged-42-entry")
    assert match is not None and match.group(1) == "42"
    assert regex_cache._STATE.served == 0


def test_an_unreadable_table_is_an_empty_one(installed: Path) -> None:
    path = regex_cache.table_path(installed)
    path.write_bytes(b"not marshal data")
    assert regex_cache._read(path) == {}
    path.write_bytes(marshal.dumps([1, 2, 3]))
    assert regex_cache._read(path) == {}


def test_a_cache_dir_others_can_write_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("ASSAY_CACHE_DIR", str(shared))
    monkeypatch.setenv("ASSAY_REGEX_CACHE", "on")
    assert regex_cache.cache_dir() is None
    regex_cache.uninstall()
    assert regex_cache.install() is False
    monkeypatch.setenv("ASSAY_REGEX_CACHE", "off")
    monkeypatch.setenv("ASSAY_CACHE_DIR", str(tmp_path / "private"))
    assert regex_cache.install() is False  # off when asked


def test_reference_data_patterns_are_kept_when_the_shell_says_so(installed: Path) -> None:
    """The loader builds the mark vocabulary within `keeping()`: the same data makes the
    same patterns, kept for the next process."""
    from app.adapters.reference.loader import builtin_data_dir, read_mark_vocabulary

    read_mark_vocabulary(builtin_data_dir())
    kept = len(regex_cache._STATE.compiled)
    assert kept > 20 and regex_cache._STATE.missed
    with regex_cache.keeping():
        re.compile(r"kept-within-keeping-(\d+)")
    assert len(regex_cache._STATE.compiled) == kept + 1
    re.compile(r"not-kept-after-keeping-(\d+)")
    assert len(regex_cache._STATE.compiled) == kept + 1
    assert regex_cache.save() is True
