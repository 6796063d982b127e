"""Pure ASGI middleware: request ids + access logs + metrics, and the streaming upload cap."""

import time
import uuid

import structlog
from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.platform.errors import PayloadTooLarge

log = structlog.get_logger("assay.access")


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


class RequestContextMiddleware:
    """Binds a request id (from X-Request-ID or new) to logs, echoes it, records metrics."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        incoming = headers.get(b"x-request-id", b"").decode("latin-1")[:64]
        request_id = incoming if incoming.replace("-", "").isalnum() else uuid.uuid4().hex
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started, status = time.perf_counter(), 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", []).append((b"x-request-id", request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            elapsed = time.perf_counter() - started
            route = getattr(scope.get("route"), "path", "unmatched")
            self.metrics.requests.labels(scope["method"], route, str(status)).inc()
            self.metrics.latency.labels(scope["method"], route).observe(elapsed)
            log.info(
                "request",
                method=scope["method"],
                path=scope["path"],
                route=route,
                status=status,
                ms=round(elapsed * 1000, 1),
            )
            structlog.contextvars.clear_contextvars()


class UploadLimitMiddleware:
    """Refuses request bodies over the cap while they stream in (413 before reading it all)."""

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
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise PayloadTooLarge(f"Request body exceeds the {self.limit} byte limit")
            return message

        await self.app(scope, limited_receive, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        from starlette.requests import Request

        from app.platform.errors import problem_response

        request = Request(scope, receive)
        response = problem_response(
            request,
            status=413,
            slug=PayloadTooLarge.slug,
            title=PayloadTooLarge.title,
            detail=f"Request body exceeds the {self.limit} byte limit",
        )
        await response(scope, receive, send)
