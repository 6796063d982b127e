"""Single sign-on with OpenID Connect (authorization code flow with PKCE).

authlib builds the authorization request (PKCE S256) and joserfc, authlib's JOSE library,
checks the ID token. The browser carries one short-lived, HttpOnly cookie during the round trip to the identity
provider: 32 random bytes and the page to return to. `state`, `nonce` and the PKCE verifier
are derived from those bytes, so nothing is stored server-side before sign-in, and a callback
can only complete in the browser that started it. The ID token is checked with the
provider's published keys (issuer, audience = our client id, expiry, nonce); the roles claim
(`ASSAY_OIDC_ROLES_CLAIM`) is mapped to Assay roles (`ASSAY_OIDC_ROLE_MAP`).
"""

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.common.urls import add_params_to_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from app.platform.auth import Principal, Role
from app.platform.errors import AppError
from app.platform.settings import Settings

COOKIE = "assay_oidc"
ID_TOKEN_ALGORITHMS = ["RS256", "ES256", "RS384", "ES384", "PS256"]


class SignOnFailed(AppError):
    status, slug, title = 401, "sign-on-failed", "Single sign-on did not complete"


@dataclass(frozen=True)
class Transaction:
    """One sign-on round trip, derived from the random value in the browser's cookie."""

    secret: str
    next: str

    def _derive(self, label: str) -> str:
        digest = hashlib.sha256(f"{label}:{self.secret}".encode()).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    @property
    def state(self) -> str:
        return self._derive("state")

    @property
    def nonce(self) -> str:
        return self._derive("nonce")

    @property
    def code_verifier(self) -> str:
        return self._derive("pkce") + self._derive("pkce2")  # 86 characters (RFC 7636: 43-128)

    def cookie_value(self) -> str:
        return f"{self.secret}|{self.next}"

    @classmethod
    def new(cls, next_url: str) -> "Transaction":
        return cls(secret=secrets.token_urlsafe(32), next=next_url)

    @classmethod
    def from_cookie(cls, value: str | None) -> "Transaction | None":
        if not value or "|" not in value or len(value) > 2000:
            return None
        secret, _, next_url = value.partition("|")
        return cls(secret=secret, next=next_url) if len(secret) >= 32 else None


def _get_json(
    settings: Settings, transport: httpx.BaseTransport | None, url: str
) -> dict[str, Any]:
    try:
        with httpx.Client(timeout=settings.http_timeout_seconds, transport=transport) as client:
            response = client.get(url)
        response.raise_for_status()
        data = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise SignOnFailed(f"The identity provider could not be reached ({url}).") from exc
    if not isinstance(data, dict):
        raise SignOnFailed(f"The identity provider answered {url} with something unexpected.")
    return data


def discover(settings: Settings, transport: httpx.BaseTransport | None) -> dict[str, Any]:
    issuer = (settings.oidc_issuer or "").rstrip("/")
    return _get_json(settings, transport, f"{issuer}/.well-known/openid-configuration")


def authorization_url(
    settings: Settings,
    transport: httpx.BaseTransport | None,
    *,
    redirect_uri: str,
    transaction: Transaction,
) -> str:
    """Where to send the browser to sign in (code flow, S256 PKCE challenge)."""
    config = discover(settings, transport)
    params = [
        ("response_type", "code"),
        ("client_id", settings.oidc_client_id or ""),
        ("redirect_uri", redirect_uri),
        ("scope", settings.oidc_scopes),
        ("state", transaction.state),
        ("nonce", transaction.nonce),
        ("code_challenge", create_s256_code_challenge(transaction.code_verifier)),
        ("code_challenge_method", "S256"),
    ]
    return str(add_params_to_uri(config["authorization_endpoint"], params))


def map_roles(settings: Settings, value: Any) -> frozenset[Role]:
    """The IdP's roles or groups (a list or a space-separated string) as Assay roles."""
    items = value.split() if isinstance(value, str) else value if isinstance(value, list) else []
    roles = set()
    for item in (str(i) for i in items):
        mapped = settings.oidc_role_map.get(item) or (item if item in Role.__members__ else None)
        if mapped:
            roles.add(Role(mapped))
    return frozenset(roles)


def complete(
    settings: Settings,
    transport: httpx.BaseTransport | None,
    *,
    transaction: Transaction,
    state: str,
    code: str,
    redirect_uri: str,
) -> Principal:
    """Exchange the code and check the ID token; returns who signed in, with their roles."""
    if not secrets.compare_digest(state.encode(), transaction.state.encode()):
        raise SignOnFailed("The sign-on reply does not belong to this browser; please try again.")
    config = discover(settings, transport)
    token = _exchange_code(settings, transport, config["token_endpoint"], code, redirect_uri,
                           transaction.code_verifier)  # fmt: skip
    keys = _get_json(settings, transport, config["jwks_uri"])
    claims = _verified_claims(
        settings, str(token.get("id_token", "")), keys, transaction.nonce, str(config["issuer"])
    )
    subject = str(claims.get("email") or claims.get("preferred_username") or claims["sub"])[:200]
    roles = map_roles(settings, claims.get(settings.oidc_roles_claim))
    return Principal(subject=subject, roles=roles)


def _exchange_code(
    settings: Settings,
    transport: httpx.BaseTransport | None,
    endpoint: str,
    code: str,
    redirect_uri: str,
    verifier: str,
) -> dict[str, Any]:
    """The token request (RFC 6749 4.1.3 with the PKCE verifier); a confidential client
    authenticates with HTTP Basic (client_secret_basic), a public one names itself."""
    secret = settings.oidc_client_secret
    client_id = settings.oidc_client_id or ""
    form = {
        "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }  # fmt: skip
    auth = httpx.BasicAuth(client_id, secret.get_secret_value()) if secret else None
    if auth is None:
        form["client_id"] = client_id
    try:
        with httpx.Client(timeout=settings.http_timeout_seconds, transport=transport) as client:
            response = client.post(
                endpoint, data=form, auth=auth or httpx.USE_CLIENT_DEFAULT,
                headers={"Accept": "application/json"},
            )  # fmt: skip
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise SignOnFailed(f"The identity provider could not be reached ({endpoint}).") from exc
    if response.status_code != 200 or not isinstance(body, dict) or "id_token" not in body:
        reason = (
            body.get("error", response.status_code)
            if isinstance(body, dict)
            else response.status_code
        )
        raise SignOnFailed(f"The identity provider refused the sign-on code ({reason}).")
    return body


def _verified_claims(
    settings: Settings, id_token: str, keys: dict[str, Any], nonce: str, issuer: str
) -> dict[str, Any]:
    try:
        decoded = jwt.decode(id_token, KeySet.import_key_set(keys), algorithms=ID_TOKEN_ALGORITHMS)  # type: ignore[arg-type]
        jwt.JWTClaimsRegistry(
            iss={"essential": True, "value": issuer},
            aud={"essential": True, "value": settings.oidc_client_id or ""},
            sub={"essential": True},
            exp={"essential": True},
            nonce={"essential": True, "value": nonce},
            now=int(time.time()),
        ).validate(decoded.claims)
    except (JoseError, ValueError, KeyError) as exc:
        raise SignOnFailed(f"The identity provider's ID token was not accepted ({exc}).") from exc
    return dict(decoded.claims)
