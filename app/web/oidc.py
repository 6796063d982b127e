"""Single sign-on with OpenID Connect (authorization code flow with PKCE).

The browser carries one short-lived, HttpOnly cookie during the round trip to the identity
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
from authlib.integrations.httpx_client import OAuth2Client
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


def _client(settings: Settings, transport: httpx.BaseTransport | None) -> OAuth2Client:
    secret = settings.oidc_client_secret
    return OAuth2Client(
        client_id=settings.oidc_client_id,
        client_secret=secret.get_secret_value() if secret else None,
        scope=settings.oidc_scopes,
        code_challenge_method="S256",
        timeout=settings.http_timeout_seconds,
        transport=transport,
    )


def _get_json(client: httpx.Client, url: str) -> dict[str, Any]:
    try:
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
    with _client(settings, transport) as client:
        return _get_json(client, f"{issuer}/.well-known/openid-configuration")


def authorization_url(
    settings: Settings,
    transport: httpx.BaseTransport | None,
    *,
    redirect_uri: str,
    transaction: Transaction,
) -> str:
    """Where to send the browser to sign in."""
    config = discover(settings, transport)
    with _client(settings, transport) as client:
        url, _ = client.create_authorization_url(
            config["authorization_endpoint"],
            state=transaction.state,
            nonce=transaction.nonce,
            code_verifier=transaction.code_verifier,
            redirect_uri=redirect_uri,
        )
    return str(url)


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
    with _client(settings, transport) as client:
        try:
            token = client.fetch_token(
                config["token_endpoint"],
                code=code,
                redirect_uri=redirect_uri,
                code_verifier=transaction.code_verifier,
            )
        except Exception as exc:  # authlib raises OAuthError or httpx errors
            raise SignOnFailed(f"The identity provider refused the sign-on code ({exc}).") from exc
        keys = _get_json(client, config["jwks_uri"])
    claims = _verified_claims(
        settings, str(token.get("id_token", "")), keys, transaction.nonce, str(config["issuer"])
    )
    subject = str(claims.get("email") or claims.get("preferred_username") or claims["sub"])[:200]
    roles = map_roles(settings, claims.get(settings.oidc_roles_claim))
    return Principal(subject=subject, roles=roles)


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
