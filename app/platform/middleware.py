"""Pure ASGI middleware, outermost first:

1. `RequestContextMiddleware`: a request id (from X-Request-ID or new) bound to every log
   line of the request and echoed in the response, access log and metrics, and the last
   resort for unexpected errors (a logged 500 problem that carries the request id).
2. `ConcurrencyGate`: backpressure. At most `limit` requests are handled at once (the
   database pool is sized to match, so it is never exhausted); up to `queue` more wait their
   turn in arrival order for at most `wait_seconds`; past that the answer is an immediate
   503 `overloaded` with `Retry-After`, never a timeout or a pool error.
3. `UploadLimitMiddleware`: the body cap, enforced while the body streams in, with or
   without Content-Length (chunked): always 413 `payload-too-large`.
4. `HotReads` (`hotreads.py`): the hot GETs answered without the framework's routing when
   nothing but the read is left to do (on by default; `ASSAY_HOT_READS=false` turns it off).
"""

import asyncio
import itertools
import math
import time
import uuid
from collections import deque
from collections.abc import Sequence
from typing import Any

import structlog
from fastapi import FastAPI
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.platform.errors import PayloadTooLarge, log_unhandled, problem_response
from app.platform.hotreads import HotRead, HotReads
from app.platform.settings import Settings

log = structlog.get_logger("assay.access")

# Probes stay answerable when the API is saturated.
UNGATED_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class Metrics:
    """The service's Prometheus collectors, on a registry of their own (one per app)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "assay_http_requests_total",
            "HTTP requests",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "assay_http_request_seconds",
            "HTTP request latency",
            ["method", "route"],
            registry=self.registry,
        )
        self.documents_parsed = Counter(
            "assay_documents_parsed_total",
            "Parse jobs finished (parsed or failed)",
            registry=self.registry,
        )
        self.in_flight = Gauge(
            "assay_http_requests_in_flight", "Requests being handled", registry=self.registry
        )
        self.shed = Counter(
            "assay_http_requests_shed_total",
            "Requests refused with 503 because the service was saturated",
            registry=self.registry,
        )


def install_middleware(
    app: FastAPI,
    settings: Settings,
    metrics: Metrics,
    *,
    hot_reads: Sequence[HotRead] = (),
    prefix: str = "",
) -> None:
    """Add the middleware stack (Starlette runs the last one added outermost)."""
    if hot_reads and settings.hot_reads:
        app.add_middleware(HotReads, reads=hot_reads, prefix=prefix)
    app.add_middleware(UploadLimitMiddleware, max_bytes=settings.max_upload_bytes)
    app.add_middleware(
        ConcurrencyGate,
        limit=settings.max_concurrent_requests,
        queue=settings.max_queued_requests,
        wait_seconds=settings.queue_wait_seconds,
        metrics=metrics,
    )
    app.add_middleware(RequestContextMiddleware, metrics=metrics)


def request_id_of(scope: Scope) -> str | None:
    state: dict[str, Any] = scope.get("state") or {}
    value = state.get("request_id")
    return value if isinstance(value, str) else None


class RequestContextMiddleware:
    """Binds a request id to logs, echoes it, records metrics, renders unexpected errors."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics
        # Request ids: a random per-process prefix and a counter (32 hex digits, unique
        # without a system call for randomness on every request).
        self._id_prefix = uuid.uuid4().hex[:16]
        self._ids = itertools.count()
        # Metric children by label values (`labels()` takes a lock and builds a key).
        self._counters: dict[tuple[str, str, int], Any] = {}
        self._timers: dict[tuple[str, str], Any] = {}

    def _request_id(self, scope: Scope) -> str:
        for name, value in scope.get("headers") or ():
            if name == b"x-request-id":
                incoming: str = value.decode("latin-1")[:64]
                if incoming.replace("-", "").isalnum():
                    return incoming
                break
        return f"{self._id_prefix}{next(self._ids):016x}"

    def _observe(self, method: str, route: str, status: int, elapsed: float) -> None:
        counter = self._counters.get((method, route, status))
        if counter is None:
            counter = self.metrics.requests.labels(method, route, str(status))
            self._counters[(method, route, status)] = counter
        timer = self._timers.get((method, route))
        if timer is None:
            timer = self._timers[(method, route)] = self.metrics.latency.labels(method, route)
        counter.inc()
        timer.observe(elapsed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = self._request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started, status, responded = time.perf_counter(), 500, False

        async def send_wrapper(message: Message) -> None:
            nonlocal status, responded
            if message["type"] == "http.response.start":
                status, responded = message["status"], True
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception as exc:
            log_unhandled(exc, path=scope["path"], request_id=request_id)
            if responded:  # the response had started: nothing more can be sent
                raise
            response = problem_response(
                Request(scope, receive),
                status=500,
                slug="internal-error",
                title="Internal error",
                detail="An unexpected error occurred; it has been logged.",
            )
            await response(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", "unmatched")
            self._observe(scope["method"], route, status, elapsed)
            log.info(
                "request",
                method=scope["method"],
                path=scope["path"],
                route=route,
                status=status,
                ms=round(elapsed * 1000, 1),
            )
            structlog.contextvars.clear_contextvars()


class ConcurrencyGate:
    """At most `limit` requests at once; `queue` more wait (FIFO) up to `wait_seconds`."""

    def __init__(
        self, app: ASGIApp, *, limit: int, queue: int, wait_seconds: float, metrics: Metrics
    ) -> None:
        self.app, self.limit, self.queue, self.wait = app, limit, queue, wait_seconds
        self.metrics = metrics
        self.active = 0
        self.waiters: deque[asyncio.Future[bool]] = deque()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in UNGATED_PATHS:
            await self.app(scope, receive, send)
            return
        if not await self._admit():
            self.metrics.shed.inc()
            await self._reject(scope, receive, send)
            return
        self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, send)
        finally:
            self.metrics.in_flight.dec()
            self._release()

    async def _admit(self) -> bool:
        if self.active < self.limit and not self.waiters:
            self.active += 1
            return True
        if len(self.waiters) >= self.queue:
            return False
        # The waiter's result says whether it was handed a slot (True) or its wait ran out
        # (False); a timer handle is far cheaper than `wait_for`, which wraps a task.
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[bool] = loop.create_future()
        self.waiters.append(waiter)
        timer = loop.call_later(self.wait, self._expire, waiter)
        try:
            return await waiter
        except asyncio.CancelledError:
            # The client went away while waiting: a slot handed over meanwhile goes on.
            if waiter.done() and not waiter.cancelled() and waiter.result():
                self._release()
            elif waiter in self.waiters:
                self.waiters.remove(waiter)
            raise
        finally:
            timer.cancel()

    def _expire(self, waiter: "asyncio.Future[bool]") -> None:
        if not waiter.done():
            waiter.set_result(False)
            self.waiters.remove(waiter)

    def _release(self) -> None:
        # Hand the slot straight to the oldest waiter (the count of active requests stays).
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(True)
                return
        self.active -= 1

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        retry_after = max(1, math.ceil(self.wait / 2))
        response = problem_response(
            Request(scope, receive),
            status=503,
            slug="overloaded",
            title="Service overloaded",
            detail="Too many requests are in progress; retry after the indicated delay.",
            headers={"Retry-After": str(retry_after)},
        )
        await response(scope, receive, send)


class UploadLimitMiddleware:
    """Refuses request bodies over the cap while they stream in: 413, whether the client
    declared a Content-Length or sent the body chunked."""

    def __init__(self, app: ASGIApp, max_bytes: int, slack: int = 64 * 1024) -> None:
        self.app, self.limit = app, max_bytes + slack  # slack: multipart framing around the file

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in {"POST", "PUT", "PATCH"}:
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers") or []:
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await self._reject(scope, receive, send)
                return
        seen, exceeded, started = 0, False, False

        async def limited_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    exceeded = True
                    raise PayloadTooLarge(f"Request body exceeds the {self.limit} byte limit")
            return message

        async def guarded_send(message: Message) -> None:
            # Whatever the body parser made of our exception (FastAPI turns it into a 400),
            # the client gets the 413 below instead.
            nonlocal started
            if exceeded:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not exceeded or started:
                raise
        if exceeded and not started:
            await self._reject(scope, receive, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem_response(
            Request(scope, receive),
            status=413,
            slug=PayloadTooLarge.slug,
            title=PayloadTooLarge.title,
            detail=f"Request body exceeds the {self.limit} byte limit",
        )
        await response(scope, receive, send)
