"""OpenAPI declarations of problem+json error responses for routes."""

from typing import Any

from app.platform.errors import PROBLEM_JSON

_PROBLEM_SCHEMA = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
    },
    "required": ["type", "title", "status"],
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` entries documenting each status as an RFC 9457 problem."""
    return {
        s: {
            "description": "Problem details (RFC 9457)",
            "content": {PROBLEM_JSON: {"schema": _PROBLEM_SCHEMA}},
        }
        for s in statuses
    }
