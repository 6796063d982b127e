"""The UI's request plumbing: the route class (errors as pages, security headers), the
signed-in user, role checks mirrored from the API, CSRF checks and template rendering."""

import hmac
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

from fastapi import Depends, Form, Header, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates

from app.platform.auth import Principal
from app.platform.db import SessionDep
from app.platform.errors import AppError, Forbidden, Unauthorized, problem_response
from app.platform.models import WebSession
from app.web import sessions
from app.web.policy import allows, policy_of

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
# No inline script or style anywhere: everything comes from /static.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


class SignInRequired(Unauthorized):
    status, slug, title = 401, "sign-in-required", "Please sign in"


class CsrfRefused(AppError):
    status, slug, title = 403, "csrf-refused", "This form has expired"


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return utcnow().date()


@dataclass
class WebUser:
    """The signed-in person: their principal, their session row, and what they may do."""

    principal: Principal
    row: WebSession
    app: Any

    def can(self, method: str, path: str) -> bool:
        return allows(self.app, self.principal, method, path)

    @property
    def csrf(self) -> str:
        return self.row.csrf_token

    @property
    def role_names(self) -> str:
        return ", ".join(sorted(r.value for r in self.principal.roles)) or "no role"


def current_user(request: Request, db: SessionDep) -> WebUser:
    row = sessions.load(db, token=request.cookies.get(sessions.COOKIE), now=utcnow())
    if row is None:
        raise SignInRequired("Your session has ended or you have not signed in yet.")
    user = WebUser(principal=sessions.principal_of(row), row=row, app=request.app)
    request.state.web_user = user
    return user


UserDep = Annotated[WebUser, Depends(current_user)]


def _check_roles(user: WebUser, method: str, path: str) -> WebUser:
    if not user.can(method, path):
        needed = ", ".join(sorted(r.value for r in policy_of(user.app)[(method, path)]))
        raise Forbidden(
            f"Signed in as {user.principal.subject} ({user.role_names}). "
            f"This needs one of the roles: {needed}."
        )
    return user


def page(method: str, path: str) -> Callable[..., WebUser]:
    """A dependency admitting the roles the API admits on `method path` (read-only pages)."""

    def dependency(user: UserDep) -> WebUser:
        return _check_roles(user, method, path)

    dependency.mirrors = (method, path)  # type: ignore[attr-defined]
    return dependency


def csrf_checked(
    user: UserDep,
    csrf_token: Annotated[str | None, Form()] = None,
    x_csrf_token: Annotated[str | None, Header()] = None,
) -> WebUser:
    """The session's CSRF token must come back in the form field or the X-CSRF-Token header."""
    supplied = (x_csrf_token or csrf_token or "").encode()
    if not hmac.compare_digest(supplied, user.csrf.encode()):
        raise CsrfRefused(
            "The form was not sent from this session's page (its security token is missing or "
            "stale). Reload the page and try again."
        )
    return user


def action(method: str, path: str) -> Callable[..., WebUser]:
    """A dependency for a state-changing action: CSRF token checked, then the API's roles."""

    def dependency(user: Annotated[WebUser, Depends(csrf_checked)]) -> WebUser:
        return _check_roles(user, method, path)

    dependency.mirrors = (method, path)  # type: ignore[attr-defined]
    return dependency


def safe_next(target: str | None) -> str:
    """A local path to go back to after sign-in; anything else (other hosts, schemes,
    `//host`, backslashes) becomes `/`."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return "/"
    return target


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def render(
    request: Request, name: str, user: WebUser | None, *, status: int = 200, **context: Any
) -> HTMLResponse:
    flashes = sessions.take_flashes(user.row) if user is not None else []
    return TEMPLATES.TemplateResponse(
        request, name, {"user": user, "flashes": flashes, **context}, status_code=status
    )


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _error_response(request: Request, exc: Exception) -> Response:
    if isinstance(exc, RequestValidationError):
        problems = [
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'form'}: {e.get('msg', '')}"
            for e in exc.errors()
        ]
        status, slug, title = 422, "validation-error", "Some values were not accepted"
        detail, extensions = "; ".join(problems), {}
    else:
        assert isinstance(exc, AppError)
        status, slug, title, detail = exc.status, exc.slug, exc.title, exc.detail
        extensions = exc.extensions
    if isinstance(exc, SignInRequired) and not wants_json(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return redirect(f"/login?next={quote(safe_next(target), safe='')}")
    if wants_json(request):
        return problem_response(
            request, status=status, slug=slug, title=title, detail=detail, **extensions
        )
    user = getattr(request.state, "web_user", None)
    return render(request, "error.html", user, status=status, title=title, detail=detail, slug=slug)


class WebRoute(APIRoute):
    """Errors become pages (or problem+json for the page's own fetches), and every response
    carries the security headers."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                response = await handler(request)
            except (AppError, RequestValidationError) as exc:
                response = _error_response(request, exc)
            response.headers.update(SECURITY_HEADERS)
            response.headers.setdefault("Cache-Control", "no-store")
            return response

        return route


def _when(value: datetime | date | None) -> str:
    if value is None:
        return "never"
    if isinstance(value, datetime):
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value
        return aware.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def _label(value: str | None) -> str:
    """A slug as words: `iso27001_certificate` -> `iso27001 certificate`."""
    return (value or "").replace("_", " ")


TEMPLATES.env.filters["when"] = _when
TEMPLATES.env.filters["label"] = _label
