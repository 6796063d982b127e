"""Loading and validating accreditation data, and the store that follows imports (app/reference_loader.py)."""

import shutil
from pathlib import Path

import pytest

from app.adapters.reference.loader import (
    CURRENT,
    RegistryDataError,
    RegistryStore,
    builtin_data_dir,
    read_registry,
)


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
        "UKAS,Dup,,UK,EA,signatory,recognised,unknown,curated,x,,https://r,,",
        "duplicate record 'UKAS'",
    ),
    ("lookalike_bodies.csv", "UKAS,Fake UKAS,,x,y,reported,z,", "codes both real and look-alike"),
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
