"""Errors as RFC 9457 problem details (`application/problem+json`).

    AppError (500 internal-error)
    ├── Unauthorized (401 unauthorized)
    ├── Forbidden (403 forbidden)
    ├── NotFound (404 not-found)
    │   ├── VendorNotFound (404 vendor-not-found)
    │   ├── DocumentNotFound (404 document-not-found)
    │   ├── assessments.service.AssessmentNotFound (404 assessment-not-found)
    │   └── webhooks.service.WebhookNotFound (404 webhook-not-found)
    ├── Conflict (409 conflict)
    ├── PayloadTooLarge (413 payload-too-large)
    ├── UnsupportedMediaType (415 unsupported-media-type)
    ├── accreditation.errors: InvalidStandard (400 invalid-standard),
    │   ImportFailed (422 accreditation-import-invalid)
    ├── webhooks.urlcheck.WebhookUrlRefused (422 webhook-url-refused)
    └── ops.router.NotReady (503 not-ready)

The concurrency gate answers 503 `overloaded` (with Retry-After) when the service is
saturated (`app.platform.middleware`).

Request validation errors answer 422 `validation-error` with an `errors` list naming each
field; Starlette's HTTP errors (404 unknown route, 405) keep their status with a slug made
from the phrase. `type` is `{problem_base_uri}/{slug}`; slugs are stable and listed in the
README.
"""

from http import HTTPStatus
from typing import Any, ClassVar

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
log = structlog.get_logger(__name__)


class AppError(Exception):
    """Base of every error the service reports on purpose."""

    status: ClassVar[int] = 500
    slug: ClassVar[str] = "internal-error"
    title: ClassVar[str] = "Internal error"

    def __init__(self, detail: str, **extensions: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extensions = extensions


class Unauthorized(AppError):
    status, slug, title = 401, "unauthorized", "Authentication required"


class Forbidden(AppError):
    status, slug, title = 403, "forbidden", "Not allowed for your role"


class NotFound(AppError):
    status, slug, title = 404, "not-found", "Not found"


class VendorNotFound(NotFound):
    status, slug, title = 404, "vendor-not-found", "Vendor not found"


class DocumentNotFound(NotFound):
    status, slug, title = 404, "document-not-found", "Document not found"


class Conflict(AppError):
    status, slug, title = 409, "conflict", "Conflict"


class PayloadTooLarge(AppError):
    status, slug, title = 413, "payload-too-large", "Upload too large"


class UnsupportedMediaType(AppError):
    status, slug, title = 415, "unsupported-media-type", "Not a PDF"


def problem_response(
    request: Request,
    *,
    status: int,
    slug: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    """Build an RFC 9457 response body with the standard members and any extensions."""
    base = _problem_base(request)
    body: dict[str, Any] = {
        "type": f"{base}/{slug}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        **extensions,
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _problem_base(request: Request) -> str:
    # An error must always render: before the lifespan built the state (or in an app that
    # never builds one) the documented default base is used.
    from app.platform.settings import Settings
    from app.platform.state import AppState

    state = getattr(request.app.state, "assay", None) if "app" in request.scope else None
    if isinstance(state, AppState):
        return state.settings.problem_base_uri.rstrip("/")
    default = Settings.model_fields["problem_base_uri"].default
    return str(default).rstrip("/")


def _app_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return problem_response(
        request,
        status=exc.status,
        slug=exc.slug,
        title=exc.title,
        detail=exc.detail,
        headers=headers,
        **exc.extensions,
    )


def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "loc": list(e.get("loc", ())),
            "field": ".".join(str(p) for p in e.get("loc", ())[1:]),
            "msg": e.get("msg", ""),
            "type": e.get("type", ""),
        }
        for e in exc.errors()
    ]
    fields = ", ".join(sorted({e["field"] or "body" for e in errors}))
    return problem_response(
        request,
        status=422,
        slug="validation-error",
        title="Invalid request",
        detail=f"Invalid value for: {fields}",
        errors=errors,
    )


def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    phrase = HTTPStatus(exc.status_code).phrase
    slug = phrase.lower().replace(" ", "-").replace("'", "")
    return problem_response(
        request,
        status=exc.status_code,
        slug=slug,
        title=phrase,
        detail=str(exc.detail) if exc.detail else phrase,
        headers=dict(exc.headers) if exc.headers else None,
    )


def log_unhandled(exc: BaseException, *, path: str, request_id: str | None) -> None:
    """The one log line of an unexpected error: the request id, the path and the traceback."""
    log.error(
        "unhandled_error",
        path=path,
        request_id=request_id,
        error=type(exc).__name__,
        exc_info=(type(exc), exc, exc.__traceback__),
    )


def _unhandled(request: Request, exc: Exception) -> JSONResponse:
    # Normally RequestContextMiddleware renders unexpected errors; this is the last resort.
    state = request.scope.get("state") or {}
    log_unhandled(exc, path=request.url.path, request_id=state.get("request_id"))
    return problem_response(
        request,
        status=500,
        slug="internal-error",
        title="Internal error",
        detail="An unexpected error occurred; it has been logged.",
    )


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error with problem+json: our errors, validation, HTTP and unexpected ones;
    and document them in the OpenAPI schema (every status of every operation)."""
    from app.platform.openapi import document_problems  # openapi imports this module

    document_problems(app)
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unhandled)
