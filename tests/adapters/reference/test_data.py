"""Every file in accreditation_data/ is valid: schema, no duplicates, provenance and source on
every record, known codes (the loader enforces these; this pins them on the shipped data)."""

import csv
from pathlib import Path

import pytest

from app.adapters.reference.loader import REQUIRED_FILES, builtin_data_dir, read_registry
from app.core.accreditation.registry import Provenance

DATA = builtin_data_dir()
RECORD_FILES = [
    "accreditation_bodies.csv", "regional_groups.csv", "lookalike_bodies.csv",
    "certification_bodies.csv", "cb_groups.csv", "accreditations.csv", "standards_facts.csv",
]  # fmt: skip


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_shipped_data_loads() -> None:
    registry = read_registry(DATA)
    assert registry.version == (DATA / "VERSION").read_text(encoding="utf-8").strip()
    assert {len(v) for v in registry.annex_a.values()} == {93, 114, 38}
    assert registry.facts["iso27001_2013_certificates_end"] == "2025-10-31"


@pytest.mark.parametrize("name", RECORD_FILES)
def test_every_record_has_provenance_and_source(name: str) -> None:
    for row in _rows(name):
        assert row["provenance"] in {p.value for p in Provenance}, row
        assert row["source"].strip(), row
        if row["provenance"] == "curated":
            assert row.get("register", "x").strip(), f"curated record without a register: {row}"
            assert not row.get("verified_on"), f"curated record with verified_on: {row}"


@pytest.mark.parametrize(
    ("name", "key"),
    [("accreditation_bodies.csv", ("code",)), ("lookalike_bodies.csv", ("code",)),
     ("certification_bodies.csv", ("id",)), ("certification_bodies.csv", ("name",)),
     ("cb_groups.csv", ("group",)),
     ("accreditations.csv", ("cb_id", "body", "standard")), ("standards_facts.csv", ("key",)),
     ("annex_a_iso27001_2022.csv", ("id",)), ("annex_a_iso27001_2013.csv", ("id",)),
     ("annex_a_iso42001_2023.csv", ("id",))],
)  # fmt: skip
def test_no_duplicates(name: str, key: tuple[str, ...]) -> None:
    keys = [tuple(r[k].casefold() for k in key) for r in _rows(name)]
    assert len(keys) == len(set(keys))


def test_codes_are_known() -> None:
    codes = {r["code"] for r in _rows("accreditation_bodies.csv")}
    fakes = {r["code"] for r in _rows("lookalike_bodies.csv")}
    groups = {r["code"] for r in _rows("regional_groups.csv")}
    assert not codes & fakes
    assert {r["body"] for r in _rows("accreditations.csv")} <= codes | fakes
    assert {r["regional_group"] for r in _rows("accreditation_bodies.csv")} <= groups
    assert {r["code"] for r in _rows("mark_patterns.csv")} <= codes | fakes
    assert read_registry(DATA).marks.codes == codes | fakes


def test_required_coverage() -> None:
    codes = {r["code"] for r in _rows("accreditation_bodies.csv")}
    assert {"UKAS", "ANAB", "NABCB", "JAS-ANZ", "DAkkS", "SCC"} <= codes
    fakes = {r["code"] for r in _rows("lookalike_bodies.csv")}
    assert {"EURO-UK", "WAF", "IAC", "IAF-AB"} <= fakes
    names = {r["name"] for r in _rows("certification_bodies.csv")}
    assert {"BSI Assurance UK Ltd", "LRQA Limited", "Coalfire ISO, Inc."} <= names


def test_2013_annex_a_structure() -> None:
    ids = [r["id"] for r in _rows("annex_a_iso27001_2013.csv")]
    assert ids[0] == "A.5.1.1"
    assert ids[-1] == "A.18.2.3"
    assert "A.14.2.1" in ids


def test_no_stray_files() -> None:
    allowed = set(REQUIRED_FILES) | {"README.md"}
    assert {p.name for p in Path(DATA).iterdir()} <= allowed
