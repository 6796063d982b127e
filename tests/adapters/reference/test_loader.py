"""Loading and validating accreditation data, and the store that follows imports (app/reference_loader.py)."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from app.adapters.reference.loader import (
    CURRENT,
    RegistryDataError,
    RegistryStore,
    builtin_data_dir,
    current_imported_dir,
    read_registry,
)
from app.core import AccreditationStatus, ReviewedRecord, read_accreditation_marks


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(builtin_data_dir(), target)
    return target


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


BAD = [
    (
        "accreditations.csv",
        "bsi-assurance-uk,UKAS,003,27001,active,,curated,x,,https://r,,",
        "duplicate record",
    ),
    (
        "accreditations.csv",
        "bsi-assurance-uk,XYZ,,42001,active,,curated,x,,https://r,,",
        "unknown accreditation body code 'XYZ'",
    ),
    (
        "accreditations.csv",
        "nobody,UKAS,,42001,active,,curated,x,,https://r,,",
        "unknown certification body id",
    ),
    (
        "accreditations.csv",
        "bsi-assurance-uk,UKAS,,9001,active,,curated,x,,https://r,,",
        "standard '9001'",
    ),
    (
        "accreditations.csv",
        "bsi-assurance-uk,ANAB,,42001,pending,,curated,x,,https://r,,",
        "status='pending'",
    ),
    (
        "accreditations.csv",
        "bsi-assurance-uk,ANAB,,42001,active,,curated,x,,,,",
        "needs the register",
    ),
    (
        "accreditations.csv",
        "bsi-assurance-uk,ANAB,,42001,active,,verified,x,,https://r,,",
        "needs register and verified_on",
    ),
    (
        "accreditations.csv",
        "bsi-assurance-uk,ANAB,,42001,active,,curated,x,,https://r,2026-01-01,",
        "verified_on is set",
    ),
    (
        "accreditations.csv",
        "bsi-assurance-uk,ANAB,,42001,active,,curated,,,https://r,,",
        "'source' is empty",
    ),
    ("accreditations.csv", "bsi-assurance-uk,ANAB", "wrong number of columns"),
    (
        "accreditation_bodies.csv",
        "UKAS,Dup,,UK,EA,signatory,recognised,unknown,curated,x,,https://r,,,",
        "duplicate record 'UKAS'",
    ),
    ("lookalike_bodies.csv", "UKAS,Fake UKAS,,x,y,reported,z,", "codes both real and look-alike"),
    ("mark_patterns.csv", "NOPE,context,NOPE,,", "unknown accreditation body code 'NOPE'"),
    ("mark_patterns.csv", "UKAS,number,(unclosed,,", "pattern does not compile"),
    ("mark_patterns.csv", "UKAS,number,UKAS (\\d+),\\2,", "refers to a missing group"),
    ("mark_patterns.csv", "UKAS,sometimes,UKAS,,", "rule='sometimes'"),
    ("cb_groups.csv", "BSI,x,curated,x,,https://r,,", "duplicate record 'BSI'"),
    (
        "accreditation_bodies.csv",
        "../X,Bad,,UK,EA,signatory,recognised,unknown,curated,x,,https://r,,,",
        "is not letters, digits and hyphens",
    ),
]


@pytest.mark.parametrize(("name", "line", "message"), BAD, ids=[b[2][:28] for b in BAD])
def test_invalid_rows_are_rejected_with_file_and_line(
    data: Path, name: str, line: str, message: str
) -> None:
    _append(data / name, line)
    with pytest.raises(RegistryDataError, match=message) as err:
        read_registry(data)
    assert name in str(err.value) or "codes both" in str(err.value)


def test_missing_file_and_bad_annex(data: Path) -> None:
    (data / "accreditations.csv").unlink()
    with pytest.raises(RegistryDataError, match=r"missing accreditations\.csv"):
        read_registry(data)


def test_annex_list_must_be_complete(data: Path) -> None:
    path = data / "annex_a_iso27001_2022.csv"
    path.write_text(
        "\n".join(path.read_text(encoding="utf-8").splitlines()[:-1]) + "\n", encoding="utf-8"
    )
    with pytest.raises(RegistryDataError, match="expected 93"):
        read_registry(data)


def test_not_utf8_is_rejected(data: Path) -> None:
    (data / "regional_groups.csv").write_bytes(b"code,name\n\xff\xfe,x\n")
    with pytest.raises(RegistryDataError, match="UTF-8"):
        read_registry(data)


def test_store_follows_the_current_marker(tmp_path: Path, data: Path) -> None:
    imported = tmp_path / "imported"
    store = RegistryStore(builtin_data_dir(), imported)
    builtin_version = store.current().version
    assert store.current() is store.current()
    version_dir = imported / "versions" / "v2"
    shutil.copytree(data, version_dir)
    (version_dir / "VERSION").write_text("v2\n", encoding="utf-8")
    (imported / CURRENT).write_text("v2\n", encoding="utf-8")
    assert store.current().version == "v2"
    (imported / CURRENT).write_text("missing\n", encoding="utf-8")
    assert store.current().version == builtin_version


@pytest.mark.parametrize(
    "version",
    ["../../..", "a/b", "..", "v1..2", "", "x" * 81, "v 1", "v1\\x", ".hidden"],
    ids=[
        "traversal",
        "slash",
        "dotdot",
        "inner-dotdot",
        "empty",
        "too-long",
        "space",
        "backslash",
        "leading-dot",
    ],
)
def test_version_must_be_a_plain_token(data: Path, version: str) -> None:
    (data / "VERSION").write_text(version + "\n", encoding="utf-8")
    with pytest.raises(RegistryDataError, match="VERSION"):
        read_registry(data)


@pytest.mark.parametrize("marker", ["../../../etc", "/tmp", "v1/../../x", "..", "link"])
def test_current_marker_never_leaves_the_versions_directory(
    tmp_path: Path, data: Path, marker: str
) -> None:
    imported = tmp_path / "imported"
    (imported / "versions").mkdir(parents=True)
    (imported / "versions" / "link").symlink_to(data)  # a link out of versions/
    (imported / CURRENT).write_text(marker + "\n", encoding="utf-8")
    assert current_imported_dir(imported) is None


def test_an_imported_data_set_teaches_the_mark_reader_a_new_body(data: Path) -> None:
    _append(
        data / "accreditation_bodies.csv",
        "KENAS,Kenya Accreditation Service,,Kenya,AFRAC,signatory,unknown,unknown,reported,"
        "IAF member list,,https://iaf.nu/en/iaf-members/,,,",
    )
    _append(data / "mark_patterns.csv", "KENAS,number,\\bKENAS-CB-\\d+,,")
    text = "Accredited by the Kenya Accreditation Service\nKENAS-CB-017"
    assert read_accreditation_marks(text, read_registry(builtin_data_dir()).marks) == []
    (mark,) = read_accreditation_marks(text, read_registry(data).marks)
    assert (mark.code, mark.number, mark.lookalike) == ("KENAS", "KENAS-CB-017", False)


class _Reviewed:
    def __init__(self) -> None:
        self.records: tuple[ReviewedRecord, ...] = ()
        self.loads = 0

    def stamp(self) -> object:
        return len(self.records)

    def load(self) -> tuple[ReviewedRecord, ...]:
        self.loads += 1
        return self.records


def test_store_attaches_recorded_checks_and_reloads_when_they_change(tmp_path: Path) -> None:
    source = _Reviewed()
    store = RegistryStore(
        builtin_data_dir(), tmp_path / "imported", reviewed=source, review_max_age_days=30,
        refresh_seconds=3600,
    )  # fmt: skip
    first = store.current()
    assert (first.reviewed, first.review_max_age_days) == ((), 30)
    assert store.current() is first
    source.records = (
        ReviewedRecord("Northgate Ltd", "ANAB", "27001", AccreditationStatus.active,
                       date(2026, 1, 1), "alice", "https://anab.example/"),
    )  # fmt: skip
    assert store.current() is first  # not looked at again before refresh_seconds
    store.invalidate()
    assert store.current().reviewed == source.records
    assert source.loads == 2
