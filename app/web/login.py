"""Sign-in and sign-out: the local token form at /login, single sign-on at /login/oidc."""

import secrets
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse

from app.platform.auth import Principal
from app.platform.db import SessionDep
from app.platform.errors import NotFound, Unauthorized
from app.platform.state import get_state
from app.web import oidc, sessions
from app.web.routing import (
    WebRoute,
    csrf_checked,
    redirect,
    render,
    safe_next,
    utcnow,
)

router = APIRouter(route_class=WebRoute, include_in_schema=False)
LOGIN_CSRF_COOKIE = "assay_login_csrf"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _login_page(
    request: Request, next_url: str, *, error: str | None = None, status: int = 200
) -> HTMLResponse:
    csrf = secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        None,
        status=status,
        next=next_url,
        login_csrf=csrf,
        error=error,
        oidc_enabled=get_state(request).settings.oidc_enabled,
        signed_out=request.query_params.get("signed_out") == "1",
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, csrf, max_age=3600, path="/login", httponly=True,
        samesite="strict", secure=_secure(request),
    )  # fmt: skip
    return response


def _signed_in(
    request: Request,
    db: SessionDep,
    principal: Principal,
    *,
    method: str,
    next_url: str,
    not_after: datetime | None,
) -> Response:
    settings = get_state(request).settings
    token, _ = sessions.create(
        db,
        principal=principal,
        method=method,
        now=utcnow(),
        lifetime=timedelta(hours=settings.web_session_hours),
        not_after=not_after,
    )
    response = redirect(safe_next(next_url))
    response.set_cookie(
        sessions.COOKIE, token, httponly=True, samesite="lax", secure=_secure(request), path="/"
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, db: SessionDep, next: str = "/") -> Response:
    if sessions.load(db, token=request.cookies.get(sessions.COOKIE), now=utcnow()) is not None:
        return redirect(safe_next(next))
    return _login_page(request, safe_next(next))


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    db: SessionDep,
    token: Annotated[str, Form(max_length=8000)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not secrets.compare_digest(expected.encode(), csrf_token.encode()):
        return _login_page(
            request, safe_next(next), status=403,
            error="The sign-in form had expired. Please paste your token again.",
        )  # fmt: skip
    try:
        principal = get_state(request).token_verifier.verify(token.strip())
    except Unauthorized as exc:
        return _login_page(
            request, safe_next(next), status=401,
            error=f"That token was not accepted: {exc.detail}.",
        )  # fmt: skip
    if not principal.roles:
        return _login_page(
            request, safe_next(next), status=403,
            error="That token is valid but grants no Assay role (procurement, reviewer or admin).",
        )  # fmt: skip
    return _signed_in(
        request, db, principal, method="token", next_url=next, not_after=principal.expires_at
    )


@router.post("/logout")
def logout(request: Request, db: SessionDep, _: Annotated[Any, Depends(csrf_checked)]) -> Response:
    sessions.end(db, token=request.cookies.get(sessions.COOKIE))
    response = redirect("/login?signed_out=1")
    response.delete_cookie(sessions.COOKIE, path="/")
    return response


def _callback_url(request: Request) -> str:
    return str(request.url_for("oidc_callback"))


def _require_oidc(request: Request) -> None:
    if not get_state(request).settings.oidc_enabled:
        raise NotFound("Single sign-on is not configured on this server.")


@router.get("/login/oidc")
def oidc_start(request: Request, next: str = "/") -> Response:
    _require_oidc(request)
    transaction = oidc.Transaction.new(safe_next(next))
    url = oidc.authorization_url(
        get_state(request).settings,
        get_state(request).oidc_transport,
        redirect_uri=_callback_url(request),
        transaction=transaction,
    )
    response = redirect(url)
    response.set_cookie(
        oidc.COOKIE, transaction.cookie_value(), max_age=600, path="/login/oidc",
        httponly=True, samesite="lax", secure=_secure(request),
    )  # fmt: skip
    return response


@router.get("/login/oidc/callback", name="oidc_callback")
def oidc_callback(
    request: Request, db: SessionDep, code: str = "", state: str = "", error: str = ""
) -> Response:
    _require_oidc(request)
    transaction = oidc.Transaction.from_cookie(request.cookies.get(oidc.COOKIE))
    if error or not code or transaction is None:
        raise oidc.SignOnFailed(
            f"The identity provider said: {error}." if error
            else "The sign-on took too long or was started in another browser; please try again."
        )  # fmt: skip
    principal = oidc.complete(
        get_state(request).settings,
        get_state(request).oidc_transport,
        transaction=transaction,
        state=state,
        code=code,
        redirect_uri=_callback_url(request),
    )
    if not principal.roles:
        raise oidc.SignOnFailed(
            f"You are signed in at the identity provider as {principal.subject}, but your account "
            "carries no Assay role. Ask an administrator to grant procurement, reviewer or admin."
        )
    # An ID token lives minutes; the session lasts ASSAY_WEB_SESSION_HOURS instead.
    response = _signed_in(
        request, db, principal, method="oidc", next_url=transaction.next, not_after=None
    )
    response.delete_cookie(oidc.COOKIE, path="/login/oidc")
    return response
