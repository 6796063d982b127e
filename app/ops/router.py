"""Unauthenticated probes for orchestrators: /healthz, /readyz, /metrics (not in the API schema)."""

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.platform.errors import AppError
from app.platform.state import get_state

router = APIRouter(include_in_schema=False)


class NotReady(AppError):
    status, slug, title = 503, "not-ready", "Service not ready"


@router.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
def readyz(request: Request) -> dict[str, str]:
    try:
        with get_state(request).engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        raise NotReady(f"Database unreachable: {type(exc).__name__}") from exc
    return {"status": "ready", "database": "ok"}


@router.get("/metrics")
def metrics(request: Request) -> Response:
    return Response(
        generate_latest(get_state(request).metrics.registry), media_type=CONTENT_TYPE_LATEST
    )
