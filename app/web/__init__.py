"""The browser UI (CONTRACT §10): server-rendered pages at `/`, beside the API at `/api/v1`.

`install(app)` is the one hook `create_app` calls: it adds the page routers and the static
files. Pages reuse the domain services and the API's role requirements (`policy.py`)."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).parent / "static"


def install(app: FastAPI) -> None:
    """Serve the UI from `app`: pages, sign-in, admin pages and /static."""
    from app.web import admin, login, vendors

    for router in (login.router, vendors.router, admin.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
