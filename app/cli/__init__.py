"""The `assay` command line: serve, migrate, token, assess, recheck, accreditation.

`assess` works offline (no server, no database): it imports only the core, the PDF reader
and the reference-data loader.
"""

import sys
from datetime import timedelta
from typing import Annotated

import typer

from app.platform.settings import Settings, get_settings

cli = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Assay: vendor due-diligence service."
)


@cli.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Bind address (default ASSAY_HOST or 127.0.0.1)")
    ] = None,
    port: Annotated[int | None, typer.Option(help="Port (default ASSAY_PORT or 8000)")] = None,
    migrate: Annotated[bool, typer.Option(help="Apply migrations before serving")] = True,
) -> None:
    """Run the HTTP API (with the parse queue and the re-check scheduler)."""
    import uvicorn

    from app.main import create_app
    from app.platform import migrate as migrations

    settings = get_settings()
    if migrate:
        migrations.upgrade(settings.resolved_database_url)
    bind_host, bind_port = host or settings.host, port or settings.port
    if settings.env == "dev":
        _print_banner(settings, bind_host, bind_port)
    uvicorn.run(
        create_app(settings), host=bind_host, port=bind_port, log_config=None, access_log=False
    )


def _print_banner(settings: Settings, host: str, port: int) -> None:
    from app.platform.auth import Role, issue_token, load_or_create_secret

    token = issue_token(
        settings,
        load_or_create_secret(settings),
        subject="local-admin",
        roles=[Role.admin],
        ttl=timedelta(hours=12),
    )
    print(
        f"\nAssay is starting on http://{host}:{port}  (interactive docs: http://{host}:{port}/docs)\n"
        f"Open the UI at http://{host}:{port}/ and sign in with the token below.\n"
        f"Data lives in {settings.data_dir.resolve()}  (database: {_redact(settings.resolved_database_url)})\n"
        f"Admin token for local use (12 h):\n\n  export ASSAY_TOKEN={token}\n\n"
        f'  curl -H "Authorization: Bearer $ASSAY_TOKEN" http://{host}:{port}/api/v1/vendors\n',
        file=sys.stderr,
        flush=True,
    )


def _redact(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


@cli.command("migrate")
def migrate_command(
    revision: Annotated[str, typer.Option(help="Target revision")] = "head",
    check: Annotated[
        bool, typer.Option(help="Only check that models and migrations agree")
    ] = False,
) -> None:
    """Apply database migrations (alembic upgrade)."""
    from app.platform import migrate as migrations

    url = get_settings().resolved_database_url
    if check:
        migrations.check(url)
        typer.echo("models and migrations agree")
        return
    migrations.upgrade(url, revision)
    typer.echo(f"database at {_redact(url)} is at revision {revision}", err=True)


@cli.command()
def token(
    role: Annotated[
        list[str], typer.Option("--role", help="procurement, reviewer or admin (repeatable)")
    ],
    sub: Annotated[str, typer.Option("--sub", help="Subject (who the token is for)")],
    ttl: Annotated[str, typer.Option(help="Lifetime: e.g. 30m, 12h, 7d")] = "1h",
) -> None:
    """Print a locally signed token (alone on stdout, for scripts)."""
    from app.platform.auth import Role, issue_token, load_or_create_secret

    try:
        roles = [Role(r) for r in role]
    except ValueError:
        typer.echo(f"unknown role in {role}; use procurement, reviewer or admin", err=True)
        raise typer.Exit(2) from None
    lifetime = _parse_ttl(ttl)
    settings = get_settings()
    typer.echo(
        issue_token(
            settings, load_or_create_secret(settings), subject=sub, roles=roles, ttl=lifetime
        )
    )


def _parse_ttl(text: str) -> timedelta:
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    value, unit = text[:-1], text[-1:]
    if unit not in units or not value.isdigit() or int(value) <= 0:
        typer.echo(f"bad --ttl {text!r}: use a number with s, m, h or d (e.g. 12h)", err=True)
        raise typer.Exit(2)
    return timedelta(seconds=int(value) * units[unit])


def _mount_domain_commands() -> None:
    """Commands defined beside their domains; imported here, so `assay --help` lists them."""
    from app.cli import accreditation as accreditation_cli
    from app.cli import assess as assess_cli
    from app.cli import recheck as recheck_cli

    cli.command("assess")(assess_cli.assess)
    cli.command("recheck")(recheck_cli.recheck)
    cli.add_typer(accreditation_cli.app, name="accreditation", help="Accreditation reference data.")


_mount_domain_commands()


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns the exit code (for tests: `main([...])`)."""
    from typer.exceptions import TyperException

    try:
        result = cli(args=argv, standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except typer.Abort:
        return 1
    except TyperException as exc:  # bad usage: unknown option, missing argument, ...
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        code = getattr(exc, "exit_code", 2)
        return code if isinstance(code, int) else 2
    # With standalone_mode=False, click returns a command's `typer.Exit(code)` as the value.
    return result if isinstance(result, int) else 0
