"""Bearer JWT authentication and role checks. The only module that imports `jose`.

Two key sources:
- local: an HS256 secret (ASSAY_JWT_SECRET, or generated on first start into
  `<data_dir>/jwt_secret` with 0600 permissions) used by `assay token`;
- enterprise: the identity provider's JWKS (ASSAY_JWKS_URL), fetched with httpx, cached and
  refreshed when a token names an unknown `kid`; RS256/ES256.
Algorithms are pinned per key type (python-jose issue #419: never trust the header's `alg`
for the choice of algorithm): an HS token is only ever checked against the local secret,
an asymmetric token only against JWKS keys of the matching type.

Claims are checked strictly: `exp` (and `iat`/`nbf` when present) must be numbers (a string
`exp` is refused), a token may live at most `ASSAY_MAX_TOKEN_LIFETIME_MINUTES` (from `iat`,
or from now when there is none), and the roles claim must be a list. A 401 says what is
wrong in our words; the JWT library's messages are never echoed.

A token that passed every check is remembered (keyed by the whole token string, so any
other byte is a different token and is checked in full) in a small bounded cache for at most
`VERIFIED_CACHE_SECONDS`: a client sends the same token on every request, and re-checking
the same signature and claims each time was a sixth of a read's cost. Expiry is still
checked on every request, against the token's own `exp`.
"""

import os
import secrets
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import httpx
from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from jose import ExpiredSignatureError, JWTError, jwt
from jose.exceptions import JWTClaimsError

from app.platform.errors import Forbidden, Unauthorized
from app.platform.settings import Settings

# Subjects are stored as the actor of audit events and uploads (200 characters).
MAX_SUBJECT = 200
# How many verified tokens are remembered, and for how long (a JWKS key the identity
# provider withdraws stops admitting its tokens within this time).
VERIFIED_CACHE_SIZE = 1024
VERIFIED_CACHE_SECONDS = 60.0


class Role(StrEnum):
    procurement = "procurement"
    reviewer = "reviewer"
    admin = "admin"


@dataclass(frozen=True)
class Principal:
    """Who is calling: the token's subject and the roles it grants."""

    subject: str
    roles: frozenset[Role]
    # When the credential stops being valid (a token's `exp`); None when it does not say.
    expires_at: datetime | None = None


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
    """A locally signed token for `subject` with `roles`, valid for `ttl` (at most the
    configured maximum lifetime: a longer one would be refused by the service)."""
    if ttl > timedelta(minutes=settings.max_token_lifetime_minutes):
        raise ValueError(
            f"token lifetime exceeds the maximum of {settings.max_token_lifetime_minutes} minutes"
        )
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
            raise Unauthorized("The identity provider's signing keys are unavailable") from exc
        self._keys = {str(k.get("kid", "")): k for k in keys if k.get("use", "sig") == "sig"}
        self._fetched = now


class TokenVerifier:
    """Verifies bearer tokens against the local secret and, if configured, the JWKS."""

    def __init__(
        self,
        settings: Settings,
        secret: str | None,
        jwks: JwksCache | None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._settings, self._secret, self._jwks = settings, secret, jwks
        self._clock = clock
        # token -> (principal, exp in seconds, when it was verified)
        self._verified: OrderedDict[str, tuple[Principal, float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def cached(self, token: str) -> Principal | None:
        """The principal of a token verified in the last `VERIFIED_CACHE_SECONDS`, or None
        (then `verify` it). An expired token is refused here (401), as `verify` would."""
        with self._lock:
            entry = self._verified.get(token)
        if entry is None:
            return None
        principal, expires, verified_at = entry
        now = self._clock()
        if now > expires:  # kept: it stays expired, and says so cheaply
            raise Unauthorized("Token expired")
        if now - verified_at > VERIFIED_CACHE_SECONDS:
            self._forget(token)
            return None
        return principal

    def _forget(self, token: str) -> None:
        with self._lock:
            self._verified.pop(token, None)

    def _remember(self, token: str, principal: Principal, expires: float) -> None:
        with self._lock:
            self._verified[token] = (principal, expires, self._clock())
            while len(self._verified) > VERIFIED_CACHE_SIZE:
                self._verified.popitem(last=False)

    def verify(self, token: str) -> Principal:
        """Check `token` in full (signature, algorithm, issuer, audience, times, subject,
        roles) and remember it when it passes; a remembered token's expiry is still
        checked."""
        principal = self.cached(token)
        if principal is not None:
            return principal
        principal, expires = self._verify(token)
        self._remember(token, principal, expires)
        return principal

    def _verify(self, token: str) -> tuple[Principal, float]:
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
        except ExpiredSignatureError as exc:
            raise Unauthorized("Token expired") from exc
        except JWTClaimsError as exc:
            raise Unauthorized(
                "Token claims (issuer, audience, subject or dates) are not accepted"
            ) from exc
        except JWTError as exc:
            raise Unauthorized("Token signature or format is invalid") from exc
        self._check_times(claims)
        subject = claims["sub"]
        if not isinstance(subject, str) or not subject or len(subject) > MAX_SUBJECT:
            raise Unauthorized(f"Token subject must be a string of 1 to {MAX_SUBJECT} characters")
        principal = Principal(
            subject=subject,
            roles=_roles(claims.get(self._settings.roles_claim)),
            expires_at=datetime.fromtimestamp(claims["exp"], UTC),
        )
        return principal, float(claims["exp"])

    def _check_times(self, claims: dict[str, Any]) -> None:
        for name in ("exp", "iat", "nbf"):
            value = claims.get(name)
            if (value is not None or name == "exp") and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                raise Unauthorized(f"Token claim {name!r} must be a number of seconds")
        issued = claims.get("iat")
        start = issued if issued is not None else time.time()
        if claims["exp"] - start > self._settings.max_token_lifetime_minutes * 60:
            raise Unauthorized(
                f"Token lifetime exceeds the maximum of "
                f"{self._settings.max_token_lifetime_minutes} minutes"
            )

    def is_local(self, token: str) -> bool:
        """Whether checking `token` needs no I/O (an HS token: the local secret decides)."""
        try:
            return str(jwt.get_unverified_header(token).get("alg", "")).startswith("HS")
        except JWTError:
            return True  # refused without any I/O

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
    """The roles a token grants: the claim must be a list (absent: none); names that are not
    ours are ignored."""
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        raise Unauthorized("The token's roles claim must be a list")
    return frozenset(Role(v) for v in value if isinstance(v, str) and v in Role.__members__)


async def get_principal(request: Request) -> Principal:
    """The authenticated caller, from the `Authorization: Bearer` header (401 otherwise).

    An async dependency: a locally signed token is checked on the event loop (pure CPU,
    tens of microseconds, cheaper than a thread hop); a token that may need the identity
    provider's keys fetched is checked in a worker thread."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized("Missing bearer token")
    from app.platform.state import get_state

    verifier: TokenVerifier = get_state(request).token_verifier
    token = token.strip()
    principal = verifier.cached(token)
    if principal is None:
        if verifier.is_local(token):
            principal = verifier.verify(token)
        else:
            principal = await run_in_threadpool(verifier.verify, token)
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency admitting callers holding any of `roles` (admins are always admitted)."""
    allowed = frozenset(roles) | {Role.admin}

    async def dependency(principal: PrincipalDep) -> Principal:
        if not principal.roles & allowed:
            needed = ", ".join(sorted(r.value for r in allowed))
            raise Forbidden(f"This action needs one of the roles: {needed}")
        return principal

    dependency.required_roles = allowed  # type: ignore[attr-defined]
    return dependency


def secret_path_is_private(path: Path) -> bool:
    return path.exists() and (path.stat().st_mode & 0o077) == 0
