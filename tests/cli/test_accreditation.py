"""`assay accreditation lookup|import` (app/accreditation/cli.py), offline: imports over HTTPS
use httpx.MockTransport."""

import io
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.accreditation.errors import ImportFailed
from app.adapters.reference import importer
from app.adapters.reference.loader import CURRENT, builtin_data_dir, read_registry
from app.cli import main
from app.platform.settings import get_settings


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ASSAY_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("ASSAY_ACCREDITATION_DATA_DIR", raising=False)
    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


def _zip(**files: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return buf.getvalue()


def _csv(name: str) -> str:
    return (builtin_data_dir() / name).read_text(encoding="utf-8")


NEW_ROW = "mhm-advisory,ANAB,,27001,active,,curated,x,,https://anab.example/,,\n"


def _good_bundle() -> bytes:
    accs = _csv("accreditations.csv").replace(
        "bsi-assurance-uk,UKAS,003,27001,active", "bsi-assurance-uk,UKAS,003,27001,suspended"
    )
    return _zip(**{"VERSION": "2027.01.01\n", "accreditations.csv": accs + NEW_ROW})


def test_lookup_json_has_the_contract_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "accreditation",
                "lookup",
                "BSI Assurance UK Limited",
                "--standard",
                "27001",
                "--format",
                "json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert {"query", "standard", "match", "alternatives", "verdict", "reference_data"} <= out.keys()
    assert out["verdict"] == "accredited"
    acc = out["match"]["accreditations"][0]
    assert (acc["body"], acc["number"], acc["standards"], acc["provenance"]) == (
        "UKAS",
        "003",
        ["27001"],
        "curated",
    )


@pytest.mark.parametrize(
    ("name", "verdict"),
    [("Nobody Certs Ltd", "not_found"), ("SGS", "ambiguous"), ("QRO Certification LLP", "not_accredited_for_standard")],
    ids=["not_found", "ambiguous", "not_accredited"],
)  # fmt: skip
def test_lookup_verdicts(capsys: pytest.CaptureFixture[str], name: str, verdict: str) -> None:
    assert main(["accreditation", "lookup", name, "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["verdict"] == verdict
    if verdict != "not_accredited_for_standard":
        assert out["match"] is None


def test_lookup_text_and_bad_standard(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["accreditation", "lookup", "Coalfire ISO, Inc."]) == 0
    assert "accredited" in capsys.readouterr().out
    assert main(["accreditation", "lookup", "Coalfire", "--standard", "9001"]) == 2


def test_import_swaps_data_and_reports_changes(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "bundle.zip"
    bundle.write_bytes(_good_bundle())
    assert main(["accreditation", "import", str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "2027.01.01" in out
    assert "accreditation MHM Advisory Ltd / ANAB / 27001" in out
    assert "accreditation BSI Assurance UK Ltd / UKAS / 27001" in out
    assert (data_dir / "accreditation" / CURRENT).is_file()
    assert main(["accreditation", "lookup", "BSI Assurance UK Ltd", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "suspended"


BAD_BUNDLES = {
    "bad-csv": _zip(**{"VERSION": "x\n", "accreditations.csv": 'cb_id,body\n"unterminated\n'}),
    "duplicate": _zip(
        **{
            "VERSION": "x\n",
            "accreditations.csv": _csv("accreditations.csv")
            + _csv("accreditations.csv").splitlines()[1]
            + "\n",
        }
    ),
    "unknown-ab": _zip(
        **{
            "VERSION": "x\n",
            "accreditations.csv": _csv("accreditations.csv")
            + "coalfire-iso,NOPE,,42001,active,,curated,x,,https://r,,\n",
        }
    ),
    "no-version": _zip(**{"accreditations.csv": _csv("accreditations.csv")}),
    "stray-file": _zip(**{"VERSION": "x\n", "../../etc/passwd": "root"}),
    "not-zip": b"just text",
}


@pytest.mark.parametrize("case", list(BAD_BUNDLES))
def test_bad_file_changes_nothing_and_exits_2(
    tmp_path: Path, data_dir: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "bad.zip"
    bundle.write_bytes(BAD_BUNDLES[case])
    assert main(["accreditation", "import", str(bundle)]) == 2
    assert "nothing changed" in capsys.readouterr().err
    assert not (data_dir / "accreditation").exists()  # not even an empty directory


def test_import_over_https_with_mock_transport(tmp_path: Path) -> None:
    bundle = _good_bundle()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/data.zip":
            return httpx.Response(200, content=bundle)
        return httpx.Response(404)

    client = httpx.Client(transport=httpx.MockTransport(handler))
    data = importer.fetch("https://registry.example/data.zip", client)
    report = importer.import_data(
        data, imported_dir=tmp_path / "imp", active_dir=builtin_data_dir()
    )
    assert report.version == "2027.01.01"
    assert read_registry(report.directory).version == "2027.01.01"
    with pytest.raises(ImportFailed, match="could not download"):
        importer.fetch("https://registry.example/missing.zip", client)


def test_unreachable_url_and_plain_http_are_refused() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    client = httpx.Client(transport=httpx.MockTransport(refuse))
    with pytest.raises(ImportFailed, match="could not download"):
        importer.fetch("https://unreachable.example/data.zip", client)
    with pytest.raises(ImportFailed, match="only HTTPS"):
        importer.fetch("http://registry.example/data.zip", client)


def test_exported_checks_import_elsewhere_as_verified(
    tmp_path: Path,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from datetime import UTC, date, datetime

    from app.platform import migrate
    from app.platform.db import make_engine, make_sessionmaker
    from app.platform.models import AccreditationVerification

    data_dir.mkdir(parents=True)
    url = get_settings().resolved_database_url
    migrate.upgrade(url)
    engine = make_engine(url)
    with make_sessionmaker(engine).begin() as session:
        session.add(
            AccreditationVerification(
                certification_body="Northgate Assurance Services Ltd", accreditation_body="ANAB",
                standard="27001", number="CB-1234", status="accredited",
                checked_on=date(2026, 10, 1), source_url="https://anab.example/northgate",
                note="", origin="reviewer", checked_by="alice", created_at=datetime.now(UTC),
            )
        )  # fmt: skip
    engine.dispose()
    out = tmp_path / "checks.zip"
    assert main(["accreditation", "export", str(out), "--as-of", "2026-11-23"]) == 0
    assert "1 recorded checks" in capsys.readouterr().out
    with zipfile.ZipFile(out) as zf:
        assert set(zf.namelist()) == {
            "VERSION",
            "certification_bodies.csv",
            "accreditations.csv",
            "README.txt",
        }
        assert zf.read("VERSION").decode().strip().endswith("+reviewed.20261123")

    monkeypatch.setenv("ASSAY_DATA_DIR", str(tmp_path / "elsewhere"))
    get_settings.cache_clear()
    assert main(["accreditation", "import", str(out)]) == 0
    capsys.readouterr()
    name = "Northgate Assurance Services Ltd"
    assert main(["accreditation", "lookup", name, "--format", "json", "--as-of", "2026-11-23"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert (found["verdict"], found["provenance"]) == ("accredited", "verified")
    (acc,) = found["match"]["accreditations"]
    assert (acc["checked_by"], acc["verified_on"], acc["verify_at"]) == (
        "alice", "2026-10-01", "https://anab.example/northgate",
    )  # fmt: skip


def test_certsearch_needs_a_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["accreditation", "certsearch"]) == 2
    assert "ASSAY_IAF_CERTSEARCH_API_KEY" in capsys.readouterr().err
