"""OpenAPI: every status each operation can return, as RFC 9457 problem details.

Rather than hand-declaring errors on every route, `document_problems(app)` walks the routes
when the schema is first built and adds, for each operation, the statuses the service's
machinery can answer with:

| status | when the operation can return it |
|---|---|
| 400 | it reads a body (one that cannot be parsed at all) |
| 401, 403 | it needs a token (any dependency on the principal) |
| 404 | it has a path parameter (an unknown id) |
| 413 | POST, PUT, PATCH (a body over `ASSAY_MAX_UPLOAD_BYTES`, streamed or not) |
| 422 | it takes parameters or a body (validation, with the `errors` list) |
| 500 | always (a bug: logged with the request id) |
| 503 | always (`overloaded`: the concurrency gate is full; `Retry-After` says when to retry) |

Statuses a route declares itself (`responses=problem_responses(409)`, 415 on uploads) are
kept. Every error response is `application/problem+json` with the `Problem` schema;
FastAPI's own 422 schema (which the service never sends) is replaced.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from app.platform.auth import get_principal
from app.platform.errors import PROBLEM_JSON

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details; `type` ends with a stable slug (see README).",
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "422 only: one entry per invalid field",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {"type": "array", "items": {}},
                    "field": {"type": "string"},
                    "msg": {"type": "string"},
                    "type": {"type": "string"},
                },
            },
        },
    },
    "required": ["type", "title", "status", "detail", "instance"],
    "additionalProperties": True,
}
_DESCRIPTIONS = {
    400: "The body could not be parsed",
    401: "Missing, malformed, expired or badly signed token",
    403: "The token's roles do not allow this operation",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request body over the size limit",
    415: "Not a PDF",
    422: "Invalid request (the `errors` list names each field)",
    500: "Unexpected error (logged with the request id)",
    503: "Service overloaded or not ready: retry after `Retry-After` seconds",
}


def problem_response_doc(status: int) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "description": _DESCRIPTIONS.get(status, "Problem details (RFC 9457)"),
        "content": {PROBLEM_JSON: {"schema": _PROBLEM_REF}},
    }
    if status == 503:
        doc["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
    if status == 401:
        doc["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
    return doc


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` entries documenting each status as an RFC 9457 problem."""
    return {s: problem_response_doc(s) for s in statuses}


def _dependencies(dependant: Dependant) -> Iterator[Dependant]:
    for sub in dependant.dependencies:
        yield sub
        yield from _dependencies(sub)


def _api_routes(app: FastAPI) -> Iterator[tuple[str, set[str], Dependant]]:
    """(path, methods, dependant) of every documented API route, including those of
    included routers (which recent FastAPI versions keep nested)."""
    from fastapi import routing

    iterate = getattr(routing, "iter_route_contexts", None)
    contexts: Iterable[Any] = iterate(app.routes) if iterate else app.routes
    for context in contexts:
        original = getattr(context, "original_route", context)
        if isinstance(original, APIRoute) and original.include_in_schema:
            yield str(context.path_format), set(context.methods or ()), context.dependant


def statuses_of(path: str, method: str, dependant: Dependant) -> set[int]:
    """The error statuses the service can answer `method` on `path` with."""
    found = {500, 503}
    if any(d.call is get_principal for d in _dependencies(dependant)):
        found |= {401, 403}
    if "{" in path:
        found.add(404)
    everything = [dependant, *_dependencies(dependant)]
    if method in {"POST", "PUT", "PATCH"}:
        found.add(413)
    if any(d.body_params for d in everything):
        found |= {400, 422}
    if any(d.query_params or d.path_params for d in everything):
        found.add(422)
    return found


def document_problems(app: FastAPI) -> None:
    """Make `app.openapi()` list every status of every operation (see the module doc)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        routes = {
            (path, method.lower()): (method, dependant)
            for path, methods, dependant in _api_routes(app)
            for method in methods
        }
        for path, operations in schema.get("paths", {}).items():
            for verb, operation in operations.items():
                if (path, verb) not in routes:
                    continue
                method, dependant = routes[(path, verb)]
                responses = operation.setdefault("responses", {})
                for status in sorted(statuses_of(path, method, dependant)):
                    responses.setdefault(str(status), problem_response_doc(status))
                for status, response in responses.items():
                    if status.isdigit() and int(status) >= 400:
                        response["content"] = {PROBLEM_JSON: {"schema": _PROBLEM_REF}}
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = _PROBLEM_SCHEMA
        for unused in ("HTTPValidationError", "ValidationError"):
            components.pop(unused, None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
