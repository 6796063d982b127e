"""`assay assess` through the warm server (app.cli.assess_client / assess_server): the same
output and exit codes as in process, one server reused, private runtime directory, and a
server that exits when its socket goes."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import assess_client

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "documents" / "certificates"
ASSAY = [sys.executable, "-c", "import sys; from app.cli import main; sys.exit(main())"]


def _assay(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ASSAY, *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _servers(runtime: Path) -> list[int]:
    """Pids of the processes whose command line names `runtime` (the server's socket)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if b"app.cli.assess_server" in cmdline and str(runtime).encode() in cmdline:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find the server")
def test_assess_in_the_warm_server_prints_what_the_command_prints(tmp_path: Path) -> None:
    runtime = tmp_path / "run"
    on = {"ASSAY_ASSESS_SERVER": "on", "ASSAY_RUNTIME_DIR": str(runtime)}
    on["ASSAY_ASSESS_SERVER_IDLE"] = "120"
    files = [str(FIXTURES / "cert_german.pdf"), str(FIXTURES / "cert_42001_table.pdf")]
    args = ["assess", "--as-of", "2026-11-23", *files]
    try:
        first = _assay(args, on)
        assert first.returncode == 0, first.stderr
        sockets = list(runtime.glob("assess-*.sock"))
        assert len(sockets) == 1
        inode = sockets[0].stat().st_ino
        assert len(_servers(runtime)) == 1
        second = _assay(args, on)
        assert second.returncode == 0, second.stderr
        assert sockets[0].stat().st_ino == inode  # the same server served both
        assert len(_servers(runtime)) == 1

        local = _assay(args, {"ASSAY_ASSESS_SERVER": "off"})
        assert local.returncode == 0, local.stderr
        assert first.stdout == second.stdout == local.stdout
        assert json.loads(first.stdout)["documents"][0]["kind"]
        assert "[2/2]" in second.stderr  # progress reaches the caller's stderr

        bad = _assay(["assess", "--format", "xml", *files], on)  # usage: exit 2, message
        assert bad.returncode == 2 and "bad --format" in bad.stderr
        assert bad.stdout == ""
        text = _assay([*args, "--format", "text"], on)
        assert text.returncode == 0 and text.stdout.startswith("Assay assessment of")
        # The caller's environment, not the server's: settings are read per command.
        env_off = _assay(args, {**on, "ASSAY_PARSE_MAX_PAGES": "0"})
        assert env_off.returncode == 0
        assert json.loads(env_off.stdout)["documents"][0]["reason"] == "too_many_pages"
    finally:
        for path in runtime.glob("*"):
            path.unlink()
    deadline = time.monotonic() + 10
    while _servers(runtime) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _servers(runtime)  # a removed socket ends its server


def test_a_runtime_dir_others_can_enter_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    monkeypatch.setenv("ASSAY_RUNTIME_DIR", str(shared))
    assert assess_client.runtime_dir() is None
    monkeypatch.setenv("ASSAY_ASSESS_SERVER", "on")
    assert assess_client.run(["assess", "x.pdf"]) is None  # the command then runs in process
    private = tmp_path / "private"
    monkeypatch.setenv("ASSAY_RUNTIME_DIR", str(private))
    assert assess_client.runtime_dir() == private
    assert private.stat().st_mode & 0o777 == 0o700


def test_the_server_is_off_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSAY_ASSESS_SERVER", "off")
    assert not assess_client.enabled()
    assert assess_client.run(["assess", "x.pdf"]) is None
    monkeypatch.setenv("ASSAY_ASSESS_SERVER", "on")
    assert assess_client.enabled()


def test_an_edited_source_file_means_another_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mod.py").write_text("x = 1\n")
    monkeypatch.setattr(assess_client, "APP_DIR", tmp_path)
    before = assess_client.fingerprint()
    assert assess_client.fingerprint() == before
    os.utime(tmp_path / "mod.py", ns=(1, 1))
    assert assess_client.fingerprint() != before


def test_reference_data_is_read_once_per_version_of_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warm server keeps the registry it read; a changed data file (an import, an edit)
    is read again by the next command."""
    import shutil

    from app.adapters.reference.loader import builtin_data_dir
    from app.cli import assess
    from app.platform.settings import get_settings

    data = tmp_path / "data"
    shutil.copytree(builtin_data_dir(), data)
    monkeypatch.setenv("ASSAY_ACCREDITATION_DATA_DIR", str(data))
    monkeypatch.setenv("ASSAY_DATA_DIR", str(tmp_path / "var"))
    get_settings.cache_clear()
    try:
        first = assess.reference_cached()
        assert assess.reference_cached() is first
        bodies = data / "accreditation_bodies.csv"
        bodies.write_text(bodies.read_text(encoding="utf-8"), encoding="utf-8")
        os.utime(bodies, ns=(1, 1))
        assert assess.reference_cached() is not first
    finally:
        get_settings.cache_clear()
