"""Single sign-on: the authorization code flow with PKCE against a fake identity provider
(httpx.MockTransport), ID token checks (signature, issuer, audience, nonce) and role mapping."""

import base64
import hashlib
import json
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from app.main import create_app
from app.platform.models import WebSession
from app.platform.settings import Settings
from app.web.oidc import COOKIE as OIDC_COOKIE
from app.web.sessions import COOKIE
from tests.appstate import app_state

ISSUER = "https://idp.example"
KEY = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})


class FakeIdP:
    """Discovery, token and JWKS endpoints; the ID token carries what the test sets."""

    def __init__(self) -> None:
        self.claims: dict[str, Any] = {}
        self.nonce = ""
        self.challenge = ""
        self.key = KEY

    def handler(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/.well-known/openid-configuration":
            return httpx.Response(200, json={
                "issuer": ISSUER, "authorization_endpoint": f"{ISSUER}/authorize",
                "token_endpoint": f"{ISSUER}/token", "jwks_uri": f"{ISSUER}/jwks",
            })  # fmt: skip
        if request.url.path == "/jwks":
            return httpx.Response(200, json=KeySet([KEY]).as_dict(private=False))
        if request.url.path == "/token":
            form = parse_qs(request.content.decode())
            verifier = form["code_verifier"][0]
            digest = hashlib.sha256(verifier.encode()).digest()
            if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != self.challenge:
                return httpx.Response(400, json={"error": "invalid_grant"})
            now = int(time.time())
            claims = {
                "iss": ISSUER, "aud": "assay-ui", "sub": "u-1", "email": "dana@buyer.example",
                "iat": now, "exp": now + 300, "nonce": self.nonce, **self.claims,
            }  # fmt: skip
            token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key)
            return httpx.Response(
                200, json={"access_token": "a", "token_type": "Bearer", "id_token": token}
            )
        return httpx.Response(404)


@pytest.fixture
def idp() -> FakeIdP:
    return FakeIdP()


@pytest.fixture
def sso(settings: Settings, idp: FakeIdP) -> Iterator[TestClient]:
    configured = settings.model_copy(
        update={
            "oidc_issuer": ISSUER, "oidc_client_id": "assay-ui", "oidc_client_secret": None,
            "oidc_roles_claim": "groups", "oidc_role_map": {"assay-admins": "admin"},
        }
    )  # fmt: skip
    with TestClient(create_app(configured, start_background=False)) as client:
        app_state(client).oidc_transport = httpx.MockTransport(idp.handler)
        yield client


def _start(client: TestClient, idp: FakeIdP, next_url: str = "/") -> dict[str, str]:
    response = client.get("/login/oidc", params={"next": next_url}, follow_redirects=False)
    assert response.status_code == 303
    target = urlsplit(response.headers["location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{ISSUER}/authorize"
    query = {k: v[0] for k, v in parse_qs(target.query).items()}
    assert query["code_challenge_method"] == "S256" and query["client_id"] == "assay-ui"
    assert "code_verifier" not in query
    idp.nonce, idp.challenge = query["nonce"], query["code_challenge"]
    return query


def test_login_page_offers_sso_when_configured(sso: TestClient, client: TestClient) -> None:
    assert "Sign in with single sign-on" in sso.get("/login").text
    assert "Sign in with single sign-on" not in client.get("/login").text
    assert client.get("/login/oidc").status_code == 404


def test_sso_signs_in_with_mapped_roles_and_comes_back(sso: TestClient, idp: FakeIdP) -> None:
    idp.claims = {"groups": ["assay-admins", "staff", "reviewer"]}
    query = _start(sso, idp, "/admin/audit")
    back = sso.get(
        "/login/oidc/callback", params={"code": "c0de", "state": query["state"]},
        follow_redirects=False,
    )  # fmt: skip
    assert back.status_code == 303 and back.headers["location"] == "/admin/audit"
    assert COOKIE in sso.cookies and OIDC_COOKIE not in sso.cookies
    with app_state(sso).sessions() as db:
        row = db.query(WebSession).one()
    assert row.subject == "dana@buyer.example" and row.auth_method == "oidc"
    assert row.roles == ["admin", "reviewer"]
    assert sso.get("/admin/audit").status_code == 200


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("wrong_state", "does not belong to this browser"),
        ("wrong_nonce", "ID token was not accepted"),
        ("wrong_audience", "ID token was not accepted"),
        ("wrong_key", "ID token was not accepted"),
        ("no_roles", "carries no Assay role"),
        ("no_cookie", "started in another browser"),
        ("idp_error", "access_denied"),
    ],
)
def test_sso_refusals(sso: TestClient, idp: FakeIdP, case: str, message: str) -> None:
    idp.claims = {"groups": ["assay-admins"]}
    query = _start(sso, idp)
    state = query["state"]
    params = {"code": "c0de", "state": state}
    if case == "wrong_state":
        params["state"] = "x" * 43
    elif case == "wrong_nonce":
        idp.nonce = "another"
    elif case == "wrong_audience":
        idp.claims["aud"] = "someone-else"
    elif case == "wrong_key":
        idp.key = RSAKey.generate_key(2048, parameters={"kid": "k1"})
    elif case == "no_roles":
        idp.claims = {"groups": ["staff"]}
    elif case == "no_cookie":
        sso.cookies.clear()
    elif case == "idp_error":
        params = {"error": "access_denied"}
    response = sso.get("/login/oidc/callback", params=params, follow_redirects=False)
    assert response.status_code in (401, 404) and message in response.text, response.text
    assert COOKIE not in sso.cookies


def test_role_names_equal_to_assay_roles_map_without_configuration() -> None:
    from app.web.oidc import map_roles

    settings = Settings(env="test", oidc_role_map={"grp-buyers": "procurement"})
    assert {r.value for r in map_roles(settings, "reviewer grp-buyers other")} == {
        "reviewer", "procurement",
    }  # fmt: skip
    assert map_roles(settings, None) == frozenset()
    assert json.dumps(sorted(r.value for r in map_roles(settings, ["admin"]))) == '["admin"]'
