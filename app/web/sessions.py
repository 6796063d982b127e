"""Server-side browser sessions. The cookie holds a random token; the database holds only its
sha256 (a copy of the table cannot be replayed), the principal, the CSRF token and flash
messages. Sessions end at sign-out, at expiry, or when their row is deleted."""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.platform.auth import Principal, Role
from app.platform.models import WebSession

COOKIE = "assay_session"
# Touch `last_seen_at` at most this often (a write per page view would be wasteful).
_TOUCH_EVERY = timedelta(minutes=5)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(value: datetime) -> datetime:
    # SQLite returns naive datetimes for timezone-aware columns; they were stored as UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def create(
    session: Session,
    *,
    principal: Principal,
    method: str,
    now: datetime,
    lifetime: timedelta,
    not_after: datetime | None = None,
) -> tuple[str, WebSession]:
    """Start a session; returns the cookie token (shown once) and the row. Expired rows are
    swept here, so the table does not grow without bound."""
    session.execute(delete(WebSession).where(WebSession.expires_at < now))
    token = secrets.token_urlsafe(32)
    expires = now + lifetime if not_after is None else min(now + lifetime, not_after)
    row = WebSession(
        id=_digest(token),
        subject=principal.subject,
        roles=sorted(r.value for r in principal.roles),
        csrf_token=secrets.token_urlsafe(32),
        auth_method=method,
        flashes=[],
        created_at=now,
        last_seen_at=now,
        expires_at=expires,
    )
    session.add(row)
    session.flush()
    return token, row


def load(session: Session, *, token: str | None, now: datetime) -> WebSession | None:
    """The live session for a cookie token, or None (absent, unknown or expired)."""
    if not token or len(token) > 200:
        return None
    row = session.get(WebSession, _digest(token))
    if row is None or _aware(row.expires_at) <= now:
        return None
    if now - _aware(row.last_seen_at) > _TOUCH_EVERY:
        row.last_seen_at = now
    return row


def end(session: Session, *, token: str | None) -> None:
    if token and len(token) <= 200:
        session.execute(delete(WebSession).where(WebSession.id == _digest(token)))


def principal_of(row: WebSession) -> Principal:
    return Principal(
        subject=row.subject, roles=frozenset(Role(r) for r in row.roles if r in Role.__members__)
    )


def flash(row: WebSession, text: str, level: str = "info") -> None:
    """A message shown once, on the next page (after a redirect)."""
    row.flashes = [*row.flashes, {"level": level, "text": text}][-5:]


def take_flashes(row: WebSession) -> list[dict[str, str]]:
    messages = list(row.flashes)
    if messages:
        row.flashes = []
    return messages
