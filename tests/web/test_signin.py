"""Sign-in and sessions: the token form, the session cookie, CSRF, sign-out, the way back
after sign-in, no open redirects, and the security headers of every page."""

import hashlib
from collections.abc import Callable
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from app.platform.auth import Role
from app.platform.models import WebSession
from app.web.routing import safe_next
from app.web.sessions import COOKIE
from tests.appstate import app_state
from tests.web.conftest import FORM_CSRF, SignIn, csrf_of, login

TokenFor = Callable[..., str]


def test_a_signed_out_visit_goes_to_login_and_comes_back(
    client: TestClient, token_for: TokenFor
) -> None:
    first = client.get("/admin/audit?action=vendor.created", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/login?next=%2Fadmin%2Faudit%3Faction%3Dvendor.created"
    back = login(client, token_for(Role.admin), "/admin/audit?action=vendor.created")
    assert back.status_code == 303
    assert back.headers["location"] == "/admin/audit?action=vendor.created"
    assert client.get(back.headers["location"]).status_code == 200


def test_the_session_cookie_is_opaque_httponly_and_samesite(
    client: TestClient, token_for: TokenFor
) -> None:
    token = token_for(Role.reviewer, sub="rita")
    response = login(client, token)
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(COOKIE))
    value = cookie.split(";")[0].split("=", 1)[1]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http on loopback; https gets Secure (next test)
    assert value != token and "." not in value and len(value) >= 40
    sessions = app_state(client).sessions
    with sessions() as db:
        row = db.scalars(select(WebSession)).one()
    # Only a hash of the cookie is stored, with who signed in.
    assert row.id == hashlib.sha256(value.encode()).hexdigest()
    assert (row.subject, row.roles, row.auth_method) == ("rita", ["reviewer"], "token")


def test_cookie_is_secure_behind_https(client: TestClient, token_for: TokenFor) -> None:
    page = client.get("https://testserver/login")
    csrf = FORM_CSRF.search(page.text).group(1)  # type: ignore[union-attr]
    response = client.post(
        "https://testserver/login",
        data={"token": token_for(Role.admin), "csrf_token": csrf},
        follow_redirects=False,
    )
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith(COOKIE))
    assert "Secure" in cookie


@pytest.mark.parametrize(
    ("token", "status", "message"),
    [
        ("not-a-jwt", 401, "That token was not accepted"),
        ("", 422, "Some values were not accepted"),
    ],
    ids=["garbage", "empty"],
)
def test_a_bad_token_is_refused_in_plain_words(
    client: TestClient, token: str, status: int, message: str
) -> None:
    response = login(client, token)
    assert response.status_code == status
    assert message in response.text
    assert COOKIE not in client.cookies


def test_expired_and_roleless_tokens_do_not_sign_in(
    client: TestClient, token_for: TokenFor
) -> None:
    expired = login(client, token_for(Role.admin, ttl=timedelta(seconds=-30)))
    assert expired.status_code == 401 and "expired" in expired.text.lower()
    roleless = login(client, token_for())
    assert roleless.status_code == 403 and "grants no Assay role" in roleless.text
    assert COOKIE not in client.cookies


def test_login_without_its_form_token_is_refused(client: TestClient, token_for: TokenFor) -> None:
    response = client.post("/login", data={"token": token_for(Role.admin), "csrf_token": "forged"})
    assert response.status_code == 403
    assert COOKIE not in client.cookies


def test_sign_out_ends_the_session_server_side(client: TestClient, sign_in: SignIn) -> None:
    csrf = sign_in(Role.admin)
    stolen = client.cookies[COOKIE]
    assert (
        client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    )
    assert COOKIE not in client.cookies
    client.cookies.set(COOKIE, stolen)  # replaying the old cookie does not work
    assert client.get("/", follow_redirects=False).headers["location"].startswith("/login")


def test_sign_out_needs_the_csrf_token(client: TestClient, sign_in: SignIn) -> None:
    sign_in(Role.admin)
    refused = client.post("/logout", data={"csrf_token": "nope"})
    assert refused.status_code == 403
    assert "This form has expired" in refused.text
    assert client.get("/").status_code == 200  # still signed in


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/vendors/1?as_of=2027-01-01", "/vendors/1?as_of=2027-01-01"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/ok\r\nSet-Cookie: x=1", "/"),
        ("", "/"),
    ],
    ids=["local", "absolute", "scheme-relative", "backslash", "javascript", "crlf", "empty"],
)
def test_the_way_back_is_never_an_open_redirect(target: str, expected: str) -> None:
    assert safe_next(target) == expected


def test_sign_in_with_a_foreign_next_lands_home(client: TestClient, token_for: TokenFor) -> None:
    response = login(client, token_for(Role.admin), "https://evil.example/phish")
    assert response.headers["location"] == "/"


def test_pages_carry_a_strict_content_security_policy(client: TestClient, sign_in: SignIn) -> None:
    sign_in(Role.admin)
    for path in ["/", "/login", "/admin/audit"]:
        response = client.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["cache-control"] == "no-store"
        html = response.text
        assert "<script>" not in html and " style=" not in html and " onclick=" not in html


def test_pages_have_no_inline_script_or_style_anywhere() -> None:
    from pathlib import Path

    import app.web

    for template in (Path(app.web.__file__).parent / "templates").rglob("*.html"):
        text = template.read_text()
        assert "<script>" not in text and "<style" not in text, template.name
        assert " style=" not in text and " on" + "click=" not in text, template.name
        assert "javascript:" not in text, template.name


def test_the_csrf_token_belongs_to_the_session(
    client: TestClient, sign_in: SignIn, token_for: TokenFor
) -> None:
    first = sign_in(Role.procurement, sub="one")
    second = sign_in(Role.procurement, sub="two")
    assert first != second
    # The first session's token does not work in the second session.
    response = client.post("/vendors", data={"csrf_token": first, "name": "X"})
    assert response.status_code == 403
    ok = client.post("/vendors", data={"csrf_token": second, "name": "X"}, follow_redirects=False)
    assert ok.status_code == 303
    assert csrf_of(client.get(ok.headers["location"]).text) == second


def test_a_token_session_ends_no_later_than_the_token(
    client: TestClient, token_for: TokenFor
) -> None:
    login(client, token_for(Role.reviewer, sub="short", ttl=timedelta(minutes=5)))
    with app_state(client).sessions() as db:
        row = db.scalars(select(WebSession)).one()
    assert row.expires_at - row.created_at <= timedelta(minutes=5, seconds=1)
