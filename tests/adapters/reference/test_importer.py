"""Imports that cannot escape (issue 15 point 3): hostile archives are refused before anything
is extracted, every path stays inside the data directory, and a refused import changes nothing."""

import io
import stat
import zipfile
from pathlib import Path

import pytest

from app.accreditation.errors import ImportFailed
from app.adapters.reference import importer
from app.adapters.reference.loader import CURRENT, builtin_data_dir

ACCS = (builtin_data_dir() / "accreditations.csv").read_text(encoding="utf-8")


def _zip(*members: tuple[str | zipfile.ZipInfo, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def _symlink(name: str, target: str) -> tuple[zipfile.ZipInfo, str]:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target


def _encrypted_flag(data: bytes) -> bytes:
    """Set the 'encrypted' bit of every member (local and central headers)."""
    out = bytearray(data)
    for sig, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(sig)
        while at != -1:
            out[at + offset] |= 0x1
            at = out.find(sig, at + 4)
    return bytes(out)


def _lying_sizes(data: bytes, size: int) -> bytes:
    """Declare `size` uncompressed bytes for every member (headers that lie)."""
    out = bytearray(data)
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = out.find(sig)
        while at != -1:
            out[at + offset : at + offset + 4] = size.to_bytes(4, "little")
            at = out.find(sig, at + 4)
    return bytes(out)


HOSTILE: dict[str, tuple[bytes, str]] = {
    "version-traversal": (_zip(("VERSION", "../../../..\n")), "VERSION"),
    "version-absolute": (_zip(("VERSION", "/tmp/owned\n")), "VERSION"),
    "version-dotdot-token": (_zip(("VERSION", "..\n")), "VERSION"),
    "version-newline": (_zip(("VERSION", "v1\nv2\n")), "VERSION"),
    "absolute-member": (_zip(("/VERSION", "v1\n")), "not a plain relative name"),
    "parent-member": (
        _zip(("VERSION", "v1\n"), ("../accreditations.csv", ACCS)),
        "root or in one folder",
    ),
    "deep-member": (_zip(("a/b/VERSION", "v1\n")), "root or in one folder"),
    "backslash-member": (_zip(("..\\VERSION", "v1\n")), "not a plain relative name"),
    "drive-member": (_zip(("C:VERSION", "v1\n")), "not a plain relative name"),
    "two-folders": (_zip(("a/VERSION", "v1\n"), ("b/accreditations.csv", ACCS)), "same folder"),
    "symlink": (_zip(("VERSION", "v1\n"), _symlink("accreditations.csv", "/etc/passwd")), "links"),
    "duplicate": (_zip(("VERSION", "v1\n"), ("data/VERSION", "v2\n")), "appears twice"),
    "unknown-name": (_zip(("VERSION", "v1\n"), ("evil.sh", "#!/bin/sh\n")), "unexpected file"),
    "bomb": (
        _zip(("VERSION", "v1\n"), ("accreditations.csv", b"\0" * (5 * 1024 * 1024))),
        "decompression bomb",
    ),
    "too-many": (_zip(("VERSION", "v1\n"), *((f"README{i}", "x") for i in range(45))), "at most"),
    "encrypted": (_encrypted_flag(_zip(("VERSION", "v1\n"))), "encrypted"),
    "lying-header": (_lying_sizes(_zip(("VERSION", "2027.01.01\n" * 40)), 11), "archive"),
    "not-a-zip": (b"PK\x03\x04 not really", "not a ZIP"),
}


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "var" / "accreditation", tmp_path


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_archives_are_refused_and_change_nothing(
    dirs: tuple[Path, Path], case: str
) -> None:
    imported, root = dirs
    data, says = HOSTILE[case]
    with pytest.raises(ImportFailed, match=says):
        importer.import_data(data, imported_dir=imported, active_dir=builtin_data_dir())
    assert not imported.exists()
    assert sorted(p.name for p in root.iterdir()) == []  # nothing written next to it either
    assert not Path("/tmp/owned").exists()


def test_member_size_is_bounded(dirs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "MAX_MEMBER_BYTES", 100)
    with pytest.raises(ImportFailed, match="at most 100"):
        importer.import_data(_zip(("VERSION", "v1\n"), ("accreditations.csv", ACCS)),
                             imported_dir=dirs[0], active_dir=builtin_data_dir())  # fmt: skip


def test_a_good_archive_in_one_folder_lands_inside_the_data_dir(dirs: tuple[Path, Path]) -> None:
    imported, _ = dirs
    report = importer.import_data(
        _zip(("data/VERSION", "2027.03.01\n"), ("data/accreditations.csv", ACCS), ("data/README.md", "hi")),
        imported_dir=imported, active_dir=builtin_data_dir(),
    )  # fmt: skip
    assert report.version == "2027.03.01"
    assert report.directory.parent == (imported / "versions").resolve()
    assert (imported / CURRENT).read_text(encoding="utf-8").strip() == report.directory.name
    assert not (report.directory / "README.md").exists()


def test_a_local_file_over_the_cap_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.zip"
    path.write_bytes(b"x" * 200)
    monkeypatch.setattr(importer, "MAX_BYTES", 100)
    with pytest.raises(ImportFailed, match="larger than 100"):
        importer.fetch(str(path))
