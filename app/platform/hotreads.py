"""The hot read routes served in front of the framework's routing, when nothing but the read
itself is left to do.

A `GET` of a vendor's latest assessment, a document or a page of vendors by a caller whose
token was verified moments ago needs: the path matched, the role checked, one indexed read in
a worker thread, the stored bytes sent. Through the full stack it also paid for route
matching across every included router, dependency resolution, the request object, three
framework middlewares and exception wrappers, which together cost more CPU than the read.

`HotReads` (an ASGI middleware inside the request-id, metrics and backpressure middleware)
answers such a request itself only when every condition holds, and otherwise hands it to the
framework unchanged, which then answers exactly as before (401, 403, 404, 422, previews):
- the path is the route's template with canonical UUIDs, and the query is one the read
  accepts (none, or for the vendor list plain `limit`/`offset` within their bounds);
- the bearer token is in the verifier's cache of verified tokens and not expired (a token
  seen for the first time goes through the framework, which verifies and remembers it);
- its roles are admitted by the route's own `require(...)` dependency (read from the route
  at start-up, so the two cannot drift); a route with any dependency other than
  authentication, the role check and the session factory is never served here;
- the read finds the row (None: the framework answers, e.g. 404 or a computed preview).
The body is the route's: the read functions are the ones the route handlers call.
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import anyio
import structlog
from fastapi.routing import APIRoute, APIRouter
from sqlalchemy import Connection
from starlette.types import ASGIApp, Receive, Scope, Send

from app.platform.auth import Role, get_principal
from app.platform.db import get_sessionmaker, read_only_connection
from app.platform.errors import AppError

log = structlog.get_logger("assay.hotreads")

# What a hot read returns: the response body, or None to let the route answer.
Read = Callable[[Connection, dict[str, str], bytes], bytes | None]
_UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_SAFE_DEPENDENCIES = {get_principal, get_sessionmaker}


@dataclass(frozen=True)
class HotRead:
    """A GET route of `router` (its handler `endpoint`) whose answer `read` can give."""

    router: APIRouter
    endpoint: Callable[..., Any]
    read: Read


@dataclass
class _Compiled:
    path: str  # the route's template, the metrics and access-log label
    pattern: re.Pattern[str]
    roles: frozenset[Role]
    read: Read


@dataclass(frozen=True)
class _RouteLabel:
    path: str


def _route_of(hot: HotRead) -> APIRoute:
    for route in hot.router.routes:
        if isinstance(route, APIRoute) and route.endpoint is hot.endpoint:
            return route
    raise LookupError(f"{hot.endpoint.__name__} is not a route of its router")


def _roles(route: APIRoute) -> frozenset[Role] | None:
    """The roles the route admits, or None when it has a dependency a hot read would skip
    (or no role check at all)."""
    roles: set[Role] = set()
    pending = list(route.dependant.dependencies)
    while pending:
        dependency = pending.pop()
        pending.extend(dependency.dependencies)
        required = getattr(dependency.call, "required_roles", None)
        if required is not None:
            roles |= required
        elif dependency.call not in _SAFE_DEPENDENCIES:
            return None
    return frozenset(roles) or None


def compile_reads(reads: Sequence[HotRead], prefix: str) -> list["_Compiled"]:
    compiled = []
    for hot in reads:
        route = _route_of(hot)
        roles = _roles(route)
        if roles is None or "GET" not in (route.methods or ()):
            log.warning("hot read disabled: the route has other dependencies", path=route.path)
            continue
        template = prefix + route.path
        pattern = re.compile(_template_regex(template))
        compiled.append(_Compiled(template, pattern, roles, hot.read))
    return compiled


def _template_regex(template: str) -> str:
    """`/a/{x}/b` -> `/a/(?P<x>UUID)/b`: every path parameter of a hot route is a UUID."""
    parts = re.split(r"\{(\w+)\}", template)
    out = []
    for i, part in enumerate(parts):
        out.append(re.escape(part) if i % 2 == 0 else f"(?P<{part}>{_UUID})")
    return "".join(out)


@dataclass
class HotReads:
    """ASGI middleware: answers the hot reads it can (see the module docstring)."""

    app: ASGIApp
    reads: Sequence[HotRead]
    prefix: str
    _compiled: list[_Compiled] | None = field(default=None, init=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            if self._compiled is None:
                self._compiled = compile_reads(self.reads, self.prefix)
            for hot in self._compiled:
                match = hot.pattern.fullmatch(scope["path"])
                if match is not None:
                    body = await self._answer(hot, match.groupdict(), scope)
                    if body is not None:
                        scope["route"] = _RouteLabel(hot.path)
                        await _send_json(send, body)
                        return
                    break
        await self.app(scope, receive, send)

    async def _answer(self, hot: _Compiled, params: dict[str, str], scope: Scope) -> bytes | None:
        state = getattr(scope["app"].state, "assay", None)
        if state is None:
            return None
        token = _bearer(scope)
        if token is None:
            return None
        try:
            principal = state.token_verifier.cached(token)
        except AppError:  # expired: the framework says so
            return None
        if principal is None or not principal.roles & (hot.roles | {Role.admin}):
            return None
        sessions, query = state.sessions, scope.get("query_string", b"")

        def read() -> bytes | None:
            with read_only_connection(sessions) as connection:
                return hot.read(connection, params, query)

        return await anyio.to_thread.run_sync(read)


def _bearer(scope: Scope) -> str | None:
    for name, value in scope.get("headers") or ():
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            token = token.strip()
            return token if scheme.lower() == "bearer" and token else None
    return None


async def _send_json(send: Send, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-length", str(len(body)).encode()),
                (b"content-type", b"application/json"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
