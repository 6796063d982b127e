"""`assay serve`: the HTTP API, with the worker loop and the re-check scheduler in-process
by default (embedded mode); `--no-workers` makes a stateless API replica."""

import sys
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from app.cli.admin import redact

if TYPE_CHECKING:
    from app.platform.settings import Settings


def serve(
    host: Annotated[
        str | None, typer.Option(help="Bind address (default ASSAY_HOST or 127.0.0.1)")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default ASSAY_PORT or 8000)")] = None,
    migrate: Annotated[bool, typer.Option(help="Apply migrations before serving")] = True,
    workers: Annotated[
        bool | None,
        typer.Option(
            "--workers/--no-workers",
            help="Run parsing, webhooks and re-check batches in this process "
            "(default ASSAY_RUN_WORKERS or on)",
        ),
    ] = None,
) -> None:
    """Run the HTTP API (with the workers and the re-check scheduler unless told not to)."""
    import uvicorn

    from app.main import create_app
    from app.platform import migrate as migrations
    from app.platform.settings import get_settings

    settings = get_settings()
    if workers is not None:
        settings = settings.model_copy(update={"run_workers": workers})
    if migrate:
        migrations.upgrade(settings.resolved_database_url)
    bind_host, bind_port = host or settings.host, port or settings.port
    if settings.env == "dev":
        _print_banner(settings, bind_host, bind_port)
    uvicorn.run(
        create_app(settings), host=bind_host, port=bind_port, log_config=None, access_log=False
    )


def _print_banner(settings: "Settings", host: str, port: int) -> None:
    from app.platform.auth import Role, issue_token, load_or_create_secret

    token = issue_token(
        settings,
        load_or_create_secret(settings),
        subject="local-admin",
        roles=[Role.admin],
        ttl=timedelta(hours=12),
    )
    # To the terminal (stderr), never through the service log.
    print(
        f"\nAssay is starting on http://{host}:{port}  (interactive docs: http://{host}:{port}/docs)\n"
        f"Open the UI at http://{host}:{port}/ and sign in with the token below.\n"
        f"Data lives in {settings.data_dir.resolve()}  (database: {redact(settings.resolved_database_url)})\n"
        f"Admin token for local use (12 h):\n\n  export ASSAY_TOKEN={token}\n\n"
        f'  curl -H "Authorization: Bearer $ASSAY_TOKEN" http://{host}:{port}/api/v1/vendors\n',
        file=sys.stderr,
        flush=True,
    )
