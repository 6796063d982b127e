"""The `assay` entry point: exit codes, `token` output, `migrate`."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from jose import jwt

from app.cli import main


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for name in ("ASSAY_DATABASE_URL", "ASSAY_JWT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ASSAY_DATA_DIR", str(tmp_path / "var"))
    from app.platform.settings import get_settings

    get_settings.cache_clear()
    yield tmp_path / "var"
    get_settings.cache_clear()


def test_token_prints_only_a_verifiable_token(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "token",
                "--role",
                "reviewer",
                "--role",
                "procurement",
                "--sub",
                "alice",
                "--ttl",
                "2h",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    secret = (env / "jwt_secret").read_text().strip()
    claims = jwt.decode(
        out.strip(), secret, algorithms=["HS256"], audience="assay-api", issuer="assay"
    )
    assert claims["sub"] == "alice"
    assert sorted(claims["roles"]) == ["procurement", "reviewer"]
    assert claims["exp"] - claims["iat"] == 7200


@pytest.mark.parametrize(
    "args",
    [
        ["token", "--role", "root", "--sub", "x"],
        ["token", "--role", "admin", "--sub", "x", "--ttl", "soon"],
        ["token", "--role", "admin", "--sub", "x", "--ttl", "30d"],
        ["token", "--sub", "x"],
        ["no-such-command"],
    ],
    ids=["unknown-role", "bad-ttl", "ttl-over-maximum", "missing-role", "unknown-command"],
)
def test_bad_usage_exits_2(env: Path, args: list[str]) -> None:
    assert main(args) == 2


def test_migrate_creates_the_database(env: Path) -> None:
    assert main(["migrate"]) == 0
    assert (env / "assay.db").exists()
    assert main(["migrate", "--check"]) == 0
