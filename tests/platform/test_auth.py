"""Authentication and authorization: every route denies missing and too-weak tokens, and
forged, expired, wrong-audience and tampered tokens are refused."""

import base64
import hashlib
import hmac
import json
import re
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from fastapi.testclient import TestClient
from jose import jwk, jwt

from app.platform.auth import JwksCache, Role, TokenVerifier
from app.platform.errors import Unauthorized
from app.platform.settings import Settings

Auth = Callable[..., dict[str, str]]
TokenFor = Callable[..., str]
ZERO_UUID = "00000000-0000-0000-0000-000000000000"


def _routes(client: TestClient) -> list[tuple[str, str]]:
    schema = client.get("/openapi.json").json()
    return sorted((m.upper(), p) for p, ops in schema["paths"].items() for m in ops)


def _url(path: str) -> str:
    return re.sub(r"\{[^}]+\}", ZERO_UUID, path)


def test_openapi_lists_the_contract_routes(client: TestClient) -> None:
    routes = set(_routes(client))
    for expected in [
        ("POST", "/api/v1/vendors"),
        ("GET", "/api/v1/vendors/{vendor_id}"),
        ("POST", "/api/v1/vendors/{vendor_id}/documents"),
        ("GET", "/api/v1/documents/{document_id}/file"),
    ]:
        assert expected in routes


def test_every_route_is_denied_without_a_token(client: TestClient) -> None:
    routes = _routes(client)
    assert len(routes) >= 8
    for method, path in routes:
        response = client.request(method, _url(path))
        assert response.status_code == 401, (method, path, response.status_code)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.headers["www-authenticate"] == "Bearer"


P, R, A = Role.procurement, Role.reviewer, Role.admin
# The access policy, route by route. A route missing here fails the test: new routes must
# state who may call them.
POLICY: dict[tuple[str, str], set[Role]] = {
    ("GET", "/api/v1/vendors"): {P, R, A},
    ("POST", "/api/v1/vendors"): {P, A},
    ("GET", "/api/v1/vendors/{vendor_id}"): {P, R, A},
    ("PATCH", "/api/v1/vendors/{vendor_id}"): {P, A},
    ("DELETE", "/api/v1/vendors/{vendor_id}"): {P, A},
    ("POST", "/api/v1/vendors/{vendor_id}/documents"): {P, A},
    ("GET", "/api/v1/vendors/{vendor_id}/documents"): {P, R, A},
    ("GET", "/api/v1/documents/{document_id}"): {P, R, A},
    ("DELETE", "/api/v1/documents/{document_id}"): {P, A},
    ("GET", "/api/v1/documents/{document_id}/file"): {P, R, A},
    ("GET", "/api/v1/documents/{document_id}/pages/{page}/image"): {P, R, A},
    ("POST", "/api/v1/documents/{document_id}/reparse"): {P, A},
    ("GET", "/api/v1/audit"): {A},
    ("GET", "/api/v1/accreditation/lookup"): {P, R, A},
    ("GET", "/api/v1/accreditation/bodies"): {P, R, A},
    ("POST", "/api/v1/accreditation/import"): {A},
    ("POST", "/api/v1/accreditation/verifications"): {R, A},
    ("GET", "/api/v1/accreditation/verifications"): {R, A},
    ("POST", "/api/v1/accreditation/certsearch"): {R, A},
    ("GET", "/api/v1/vendors/{vendor_id}/assessment"): {P, R, A},
    ("POST", "/api/v1/vendors/{vendor_id}/assessments"): {R, A},
    ("GET", "/api/v1/vendors/{vendor_id}/assessments"): {P, R, A},
    ("GET", "/api/v1/vendors/{vendor_id}/assessments/diff"): {P, R, A},
    ("GET", "/api/v1/vendors/{vendor_id}/assessments/{assessment_id}"): {P, R, A},
    ("GET", "/api/v1/vendors/{vendor_id}/questions"): {P, R, A},
    ("POST", "/api/v1/webhooks"): {A},
    ("GET", "/api/v1/webhooks"): {A},
    ("GET", "/api/v1/webhooks/{webhook_id}"): {A},
    ("DELETE", "/api/v1/webhooks/{webhook_id}"): {A},
    ("GET", "/api/v1/webhooks/{webhook_id}/deliveries"): {A},
    ("POST", "/api/v1/webhooks/{webhook_id}/test"): {A},
    ("GET", "/api/v1/rechecks"): {R, A},
    ("POST", "/api/v1/rechecks"): {A},
    ("GET", "/api/v1/rechecks/{run_id}"): {R, A},
    ("GET", "/api/v1/buyer-profile"): {R, A},
    ("PUT", "/api/v1/buyer-profile"): {A},
    ("GET", "/api/v1/vendors/{vendor_id}/coverage"): {R, A},
}


def test_every_route_admits_exactly_the_roles_of_the_policy(client: TestClient, auth: Auth) -> None:
    for method, path in _routes(client):
        assert (method, path) in POLICY, f"{method} {path} has no entry in the access policy"
        admitted = set()
        for role in Role:
            response = client.request(method, _url(path), headers=auth(role), json={})
            assert response.status_code != 401, (method, path, role)
            if response.status_code != 403:
                admitted.add(role)
        assert admitted == POLICY[(method, path)], (method, path)


def test_a_role_that_is_allowed_gets_through(client: TestClient, auth: Auth) -> None:
    assert client.get("/api/v1/vendors", headers=auth(Role.reviewer)).status_code == 200
    assert (
        client.post("/api/v1/vendors", json={"name": "x"}, headers=auth(Role.reviewer)).status_code
        == 403
    )


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(settings: Settings, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    return {
        "sub": "eve",
        "roles": ["admin"],
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + 300,
        **overrides,
    }


@pytest.mark.parametrize(
    "case",
    [
        "alg_none",
        "expired",
        "wrong_audience",
        "wrong_issuer",
        "tampered",
        "wrong_secret",
        "no_exp",
        "garbage",
    ],
)
def test_bad_tokens_are_refused(
    client: TestClient, settings: Settings, token_for: TokenFor, case: str
) -> None:
    secret = settings.jwt_secret.get_secret_value()  # type: ignore[union-attr]
    now = int(time.time())
    makers: dict[str, Callable[[], str]] = {
        "alg_none": lambda: f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(settings))}.",
        "expired": lambda: jwt.encode(
            _claims(settings, exp=now - 10, iat=now - 100), secret, "HS256"
        ),
        "wrong_audience": lambda: jwt.encode(
            _claims(settings, aud="someone-else"), secret, "HS256"
        ),
        "wrong_issuer": lambda: jwt.encode(_claims(settings, iss="evil"), secret, "HS256"),
        "tampered": lambda: _tamper(token_for(Role.reviewer)),
        "wrong_secret": lambda: jwt.encode(
            _claims(settings), "another-secret-" + "y" * 40, "HS256"
        ),
        "no_exp": lambda: jwt.encode(
            {k: v for k, v in _claims(settings).items() if k != "exp"}, secret, "HS256"
        ),
        "garbage": lambda: "not.a.token",
    }
    token = makers[case]()
    response = client.get("/api/v1/vendors", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401, case


def _tamper(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["roles"] = ["admin"]
    return f"{header}.{_b64(claims)}.{signature}"


def test_overlong_subject_is_refused(client: TestClient, token_for: TokenFor) -> None:
    token = token_for(Role.admin, sub="x" * 201)
    response = client.get("/api/v1/vendors", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert "subject" in response.json()["detail"]


def test_expired_local_token_from_issue_token_is_refused(
    client: TestClient, token_for: TokenFor
) -> None:
    token = token_for(Role.admin, ttl=timedelta(seconds=-30))
    assert (
        client.get("/api/v1/vendors", headers={"Authorization": f"Bearer {token}"}).status_code
        == 401
    )


# --- enterprise mode: JWKS -------------------------------------------------------------


def _rsa_key() -> tuple[str, dict[str, Any]]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    public = jwk.construct(public_pem, "RS256").to_dict()
    return pem, {**public, "kid": "k1", "use": "sig"}


def _ec_key() -> tuple[str, dict[str, Any]]:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return pem, {**jwk.construct(public_pem, "ES256").to_dict(), "kid": "e1", "use": "sig"}


def _verifier(settings: Settings, keys: list[dict[str, Any]], calls: list[int]) -> TokenVerifier:
    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(200, json={"keys": keys})

    client = httpx.Client(transport=httpx.MockTransport(handler))
    jwks = JwksCache(client, "https://idp.example/jwks", max_age=3600)
    return TokenVerifier(settings.model_copy(update={"roles_claim": "groups"}), None, jwks)


def test_jwks_rs256_and_es256_tokens_are_accepted_with_roles_from_the_claim(
    settings: Settings,
) -> None:
    rsa_pem, rsa_pub = _rsa_key()
    ec_pem, ec_pub = _ec_key()
    verifier = _verifier(settings, [rsa_pub, ec_pub], [])
    claims = _claims(settings, groups=["reviewer", "unrelated-group"])
    rs = jwt.encode(claims, rsa_pem, "RS256", headers={"kid": "k1"})
    es = jwt.encode(claims, ec_pem, "ES256", headers={"kid": "e1"})
    assert verifier.verify(rs).roles == {Role.reviewer}
    assert verifier.verify(es).subject == "eve"


def test_hs256_signed_with_the_public_key_is_refused(settings: Settings) -> None:
    _, rsa_pub = _rsa_key()
    verifier = _verifier(settings, [rsa_pub], [])
    public_pem = jwk.construct(rsa_pub, "RS256").to_pem()
    signing_input = f"{_b64({'alg': 'HS256', 'typ': 'JWT', 'kid': 'k1'})}.{_b64(_claims(settings))}"
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    forged = f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"
    with pytest.raises(Unauthorized):
        verifier.verify(forged)


def test_unknown_kid_refreshes_the_jwks_once(settings: Settings) -> None:
    rsa_pem, rsa_pub = _rsa_key()
    calls: list[int] = []
    verifier = _verifier(settings, [rsa_pub], calls)
    token = jwt.encode(_claims(settings), rsa_pem, "RS256", headers={"kid": "k1"})
    verifier.verify(token)
    verifier.verify(token)
    assert len(calls) == 1
    with pytest.raises(Unauthorized):
        verifier.verify(jwt.encode(_claims(settings), rsa_pem, "RS256", headers={"kid": "rotated"}))
    assert len(calls) == 1  # refreshed at most every 30 s


def test_generated_secret_file_is_private(tmp_path: Any) -> None:
    from app.platform.auth import load_or_create_secret, secret_path_is_private

    settings = Settings(env="test", data_dir=tmp_path / "var")
    first = load_or_create_secret(settings)
    assert secret_path_is_private(settings.secret_file)
    assert load_or_create_secret(settings) == first


# --- strict claims, lifetime and our own words ------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "detail"),
    [
        ({"roles": "admin"}, "roles claim must be a list"),
        ({"roles": "admin reviewer"}, "roles claim must be a list"),
        ({"exp": "9999999999"}, "'exp' must be a number"),
        ({"exp": True}, "Token expired"),  # true is 1: long past
        ({"iat": "0"}, "'iat' must be a number"),
        ({"sub": 12345}, "are not accepted"),  # jose checks sub is a string
    ],
    ids=[
        "roles-string",
        "roles-space-separated",
        "exp-string",
        "exp-bool",
        "iat-string",
        "sub-int",
    ],
)
def test_claims_of_the_wrong_type_are_refused(
    client: TestClient, settings: Settings, overrides: dict[str, Any], detail: str
) -> None:
    secret = settings.jwt_secret.get_secret_value()  # type: ignore[union-attr]
    token = jwt.encode(_claims(settings, **overrides), secret, "HS256")
    response = client.get("/api/v1/vendors", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401, response.text
    assert detail in response.json()["detail"]


def test_a_token_living_longer_than_the_maximum_is_refused(
    client: TestClient, settings: Settings
) -> None:
    secret = settings.jwt_secret.get_secret_value()  # type: ignore[union-attr]
    now = int(time.time())
    limit = settings.max_token_lifetime_minutes * 60
    too_long = jwt.encode(_claims(settings, iat=now, exp=now + limit + 60), secret, "HS256")
    no_iat = {k: v for k, v in _claims(settings, exp=now + limit + 60).items() if k != "iat"}
    within = jwt.encode(_claims(settings, iat=now, exp=now + limit - 60), secret, "HS256")
    for token, status in ((too_long, 401), (jwt.encode(no_iat, secret, "HS256"), 401)):
        response = client.get("/api/v1/vendors", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == status
        assert "lifetime" in response.json()["detail"]
    ok = client.get("/api/v1/vendors", headers={"Authorization": f"Bearer {within}"})
    assert ok.status_code == 200


def test_issue_token_refuses_a_lifetime_over_the_maximum(settings: Settings) -> None:
    from app.platform.auth import issue_token

    with pytest.raises(ValueError, match="maximum"):
        issue_token(
            settings,
            "s" * 40,
            subject="x",
            roles=[Role.admin],
            ttl=timedelta(minutes=settings.max_token_lifetime_minutes + 1),
        )


@pytest.mark.parametrize("case", ["expired", "wrong_audience", "wrong_secret", "garbage"])
def test_401_details_are_ours_never_the_jwt_librarys(
    client: TestClient, settings: Settings, case: str
) -> None:
    secret = settings.jwt_secret.get_secret_value()  # type: ignore[union-attr]
    now = int(time.time())
    tokens = {
        "expired": jwt.encode(_claims(settings, exp=now - 10, iat=now - 100), secret, "HS256"),
        "wrong_audience": jwt.encode(_claims(settings, aud="elsewhere"), secret, "HS256"),
        "wrong_secret": jwt.encode(_claims(settings), "another-" + "y" * 40, "HS256"),
        "garbage": "not.a.token",
    }
    response = client.get("/api/v1/vendors", headers={"Authorization": f"Bearer {tokens[case]}"})
    assert response.status_code == 401
    detail = response.json()["detail"]
    ours = {
        "Token expired",
        "Token claims (issuer, audience, subject or dates) are not accepted",
        "Token signature or format is invalid",
        "Malformed token",
    }
    assert detail in ours, detail


# --- the cache of verified tokens -------------------------------------------------------


class _Clock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


def _local(settings: Settings, clock: _Clock) -> TokenVerifier:
    secret = settings.jwt_secret.get_secret_value()  # type: ignore[union-attr]
    return TokenVerifier(settings, secret, None, clock=clock)


def _counting_decode(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = jwt.decode

    def decode(token: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        calls.append(token)
        result: dict[str, Any] = real(token, *args, **kwargs)
        return result

    monkeypatch.setattr("app.platform.auth.jwt.decode", decode)
    return calls


def _signed(settings: Settings, **overrides: Any) -> str:
    secret = settings.jwt_secret.get_secret_value()  # type: ignore[union-attr]
    return str(jwt.encode(_claims(settings, **overrides), secret, "HS256"))


def test_a_token_is_checked_in_full_once_then_remembered(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _counting_decode(monkeypatch)
    verifier = _local(settings, _Clock())
    token = _signed(settings)
    first = verifier.verify(token)
    assert verifier.verify(token) == first
    assert verifier.cached(token) == first
    assert len(calls) == 1


def test_a_remembered_token_still_expires_at_its_exp(settings: Settings) -> None:
    clock = _Clock()
    verifier = _local(settings, clock)
    token = _signed(settings, exp=int(clock.now) + 30)
    verifier.verify(token)
    clock.now += 31
    for _ in range(2):  # every time, not only the first
        with pytest.raises(Unauthorized, match="expired"):
            verifier.cached(token)
        with pytest.raises(Unauthorized, match="expired"):
            verifier.verify(token)


def test_a_remembered_token_is_checked_again_after_the_cache_window(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.platform.auth import VERIFIED_CACHE_SECONDS

    calls = _counting_decode(monkeypatch)
    clock = _Clock()
    verifier = _local(settings, clock)
    token = _signed(settings)
    verifier.verify(token)
    clock.now += VERIFIED_CACHE_SECONDS + 1
    verifier.verify(token)
    assert len(calls) == 2


def test_a_tampered_copy_of_a_remembered_token_is_refused(settings: Settings) -> None:
    verifier = _local(settings, _Clock())
    token = _signed(settings, roles=["procurement"])
    verifier.verify(token)
    with pytest.raises(Unauthorized):
        verifier.verify(_tamper(token))


def test_the_cache_of_verified_tokens_is_bounded(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.platform.auth.VERIFIED_CACHE_SIZE", 3)
    verifier = _local(settings, _Clock())
    tokens = [_signed(settings, sub=f"user-{i}") for i in range(5)]
    for token in tokens:
        verifier.verify(token)
    assert [verifier.cached(t) is not None for t in tokens] == [False, False, True, True, True]


def test_an_expired_remembered_token_gets_401_over_http(
    client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.appstate import app_state

    token = _signed(settings)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/vendors", headers=headers).status_code == 200
    verifier = app_state(client).token_verifier
    monkeypatch.setattr(verifier, "_clock", lambda: time.time() + 10_000)
    assert client.get("/api/v1/vendors", headers=headers).status_code == 401
