"""Bearer JWT authentication and role checks. The only module that imports `jose`.

Two key sources:
- local: an HS256 secret (ASSAY_JWT_SECRET, or generated on first start into
  `<data_dir>/jwt_secret` with 0600 permissions) used by `assay token`;
- enterprise: the identity provider's JWKS (ASSAY_JWKS_URL), fetched with httpx, cached and
  refreshed when a token names an unknown `kid`; RS256/ES256.
Algorithms are pinned per key type (python-jose issue #419: never trust the header's `alg`
for the choice of algorithm): an HS token is only ever checked against the local secret,
an asymmetric token only against JWKS keys of the matching type.
"""

import os
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import httpx
from fastapi import Depends, Request
from jose import JWTError, jwt

from app.platform.errors import Forbidden, Unauthorized
from app.platform.settings import Settings

# Subjects are stored as the actor of audit events and uploads (200 characters).
MAX_SUBJECT = 200


class Role(StrEnum):
    procurement = "procurement"
    reviewer = "reviewer"
    admin = "admin"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the token's subject and the roles it grants."""

    subject: str
    roles: frozenset[Role]


def load_or_create_secret(settings: Settings) -> str:
    """The local HS256 secret: from settings, else from the data dir (created 0600 if absent)."""
    if settings.jwt_secret is not None:
        return settings.jwt_secret.get_secret_value()
    path = settings.secret_file
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value)
    return value


def issue_token(
    settings: Settings, secret: str, *, subject: str, roles: list[Role], ttl: timedelta
) -> str:
    """A locally signed token for `subject` with `roles`, valid for `ttl`."""
    now = datetime.now(UTC)
    claims = {
        "sub": subject,
        settings.roles_claim: [r.value for r in roles],
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": int(now.timestamp()),
        "nbf": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
        "jti": uuid.uuid4().hex,
    }
    token: str = jwt.encode(claims, secret, algorithm=settings.jwt_algorithm)
    return token


_ASYMMETRIC_BY_KTY = {"RSA": ("RS256", "RS384", "PS256"), "EC": ("ES256", "ES384")}


class JwksCache:
    """The identity provider's signing keys, refreshed on an unknown `kid` (at most every 30 s)."""

    def __init__(self, client: httpx.Client, url: str, max_age: float) -> None:
        self._client, self._url, self._max_age = client, url, max_age
        self._keys: dict[str, dict[str, Any]] = {}
        self._fetched = 0.0
        self._lock = threading.Lock()

    def key_for(self, kid: str | None) -> dict[str, Any] | None:
        now = time.monotonic()
        with self._lock:
            stale = now - self._fetched > self._max_age
            if stale or (kid not in self._keys and now - self._fetched > 30):
                self._refresh(now)
            if kid is None and len(self._keys) == 1:
                return next(iter(self._keys.values()))
            return self._keys.get(kid or "")

    def _refresh(self, now: float) -> None:
        try:
            response = self._client.get(self._url)
            response.raise_for_status()
            keys = response.json().get("keys", [])
        except (httpx.HTTPError, ValueError) as exc:
            raise Unauthorized(f"Identity provider keys unavailable: {type(exc).__name__}") from exc
        self._keys = {str(k.get("kid", "")): k for k in keys if k.get("use", "sig") == "sig"}
        self._fetched = now


class TokenVerifier:
    """Verifies bearer tokens against the local secret and, if configured, the JWKS."""

    def __init__(self, settings: Settings, secret: str | None, jwks: JwksCache | None) -> None:
        self._settings, self._secret, self._jwks = settings, secret, jwks

    def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except JWTError as exc:
            raise Unauthorized("Malformed token") from exc
        alg = str(header.get("alg", ""))
        key, algorithms = self._key_and_algorithms(alg, header.get("kid"))
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=algorithms,
                audience=self._settings.jwt_audience,
                issuer=self._settings.jwt_issuer,
                options={
                    "require_exp": True,
                    "require_sub": True,
                    "require_aud": True,
                    "require_iss": True,
                },
            )
        except JWTError as exc:
            raise Unauthorized(f"Invalid token: {exc}") from exc
        subject = str(claims["sub"])
        if not subject or len(subject) > MAX_SUBJECT:
            raise Unauthorized(f"Token subject must be 1 to {MAX_SUBJECT} characters")
        return Principal(subject=subject, roles=_roles(claims.get(self._settings.roles_claim)))

    def _key_and_algorithms(self, alg: str, kid: Any) -> tuple[Any, list[str]]:
        if alg.startswith("HS"):
            if self._secret is None:
                raise Unauthorized("Locally signed tokens are disabled")
            return self._secret, [self._settings.jwt_algorithm]
        if self._jwks is None:
            raise Unauthorized(f"Unsupported token algorithm {alg!r}")
        jwk = self._jwks.key_for(str(kid) if kid is not None else None)
        if jwk is None:
            raise Unauthorized("Unknown signing key")
        allowed: list[str] = [
            a
            for a in _ASYMMETRIC_BY_KTY.get(str(jwk.get("kty")), ())
            if a in self._settings.jwks_algorithms
        ]
        if not allowed:
            raise Unauthorized("Signing key type not accepted")
        return jwk, allowed


def _roles(value: Any) -> frozenset[Role]:
    items = value.split() if isinstance(value, str) else value if isinstance(value, list) else []
    return frozenset(Role(v) for v in items if v in Role.__members__)


def get_principal(request: Request) -> Principal:
    """The authenticated caller, from the `Authorization: Bearer` header (401 otherwise)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Missing bearer token")
    from app.platform.state import get_state

    principal = get_state(request).token_verifier.verify(token.strip())
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency admitting callers holding any of `roles` (admins are always admitted)."""
    allowed = frozenset(roles) | {Role.admin}

    def dependency(principal: PrincipalDep) -> Principal:
        if not principal.roles & allowed:
            needed = ", ".join(sorted(r.value for r in allowed))
            raise Forbidden(f"This action needs one of the roles: {needed}")
        return principal

    dependency.required_roles = allowed  # type: ignore[attr-defined]
    return dependency


def secret_path_is_private(path: Path) -> bool:
    return path.exists() and (path.stat().st_mode & 0o077) == 0
