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
    print_token: Annotated[
        bool | None,
        typer.Option(
            "--print-token/--no-print-token",
            help="Print a 12-hour admin token in the dev banner (default: only when stderr is "
            "a terminal, so the token never lands in a service log)",
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
        show = sys.stderr.isatty() if print_token is None else print_token
        _print_banner(settings, bind_host, bind_port, with_token=show)
    uvicorn.run(
        create_app(settings), host=bind_host, port=bind_port, log_config=None, access_log=False
    )


def _print_banner(settings: "Settings", host: str, port: int, *, with_token: bool) -> None:
    """The dev banner, on the terminal (stderr), never through the service log. The admin
    token is printed only to a terminal or when asked for (`--print-token`)."""
    from app.platform.auth import Role, issue_token, load_or_create_secret

    if with_token:
        token = issue_token(
            settings,
            load_or_create_secret(settings),
            subject="local-admin",
            roles=[Role.admin],
            ttl=timedelta(hours=12),
        )
        how = (
            f"Admin token for local use (12 h):\n\n  export ASSAY_TOKEN={token}\n\n"
            f'  curl -H "Authorization: Bearer $ASSAY_TOKEN" http://{host}:{port}/api/v1/vendors\n'
        )
    else:
        how = (
            "No token printed (stderr is not a terminal); get one with\n\n"
            "  assay token --role admin --sub you --ttl 12h\n"
        )
    print(
        f"\nAssay is starting on http://{host}:{port}  (interactive docs: http://{host}:{port}/docs)\n"
        f"Open the UI at http://{host}:{port}/ and sign in with an admin token.\n"
        f"Data lives in {settings.data_dir.resolve()}  (database: {redact(settings.resolved_database_url)})\n"
        f"{how}",
        file=sys.stderr,
        flush=True,
    )
