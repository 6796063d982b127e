"""`assay migrate` and `assay token`: database schema and local tokens."""

import sys
from datetime import timedelta
from typing import Annotated

import typer


def redact(url: str) -> str:
    """A database URL without its credentials, for messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


def migrate_command(
    revision: Annotated[str, typer.Option(help="Target revision")] = "head",
    check: Annotated[
        bool, typer.Option(help="Only check that models and migrations agree")
    ] = False,
) -> None:
    """Apply database migrations (alembic upgrade)."""
    from app.platform import migrate as migrations
    from app.platform.settings import get_settings

    url = get_settings().resolved_database_url
    if check:
        migrations.check(url)
        typer.echo("models and migrations agree")
        return
    migrations.upgrade(url, revision)
    typer.echo(f"database at {redact(url)} is at revision {revision}", err=True)


def token(
    role: Annotated[
        list[str], typer.Option("--role", help="procurement, reviewer or admin (repeatable)")
    ],
    sub: Annotated[str, typer.Option("--sub", help="Subject (who the token is for)")],
    ttl: Annotated[
        str | None,
        typer.Option(help="Lifetime: e.g. 30m, 12h, 7d (default ASSAY_TOKEN_TTL_MINUTES)"),
    ] = None,
) -> None:
    """Print a locally signed token (alone on stdout, for scripts)."""
    from app.platform.auth import Role, issue_token, load_or_create_secret
    from app.platform.settings import get_settings

    try:
        roles = [Role(r) for r in role]
    except ValueError:
        typer.echo(f"unknown role in {role}; use procurement, reviewer or admin", err=True)
        raise typer.Exit(2) from None
    settings = get_settings()
    lifetime = parse_ttl(ttl) if ttl else timedelta(minutes=settings.token_ttl_minutes)
    try:
        token = issue_token(
            settings, load_or_create_secret(settings), subject=sub, roles=roles, ttl=lifetime
        )
    except ValueError as exc:  # longer than ASSAY_MAX_TOKEN_LIFETIME_MINUTES
        typer.echo(f"bad --ttl {ttl!r}: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(token)


def parse_ttl(text: str) -> timedelta:
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    value, unit = text[:-1], text[-1:]
    if unit not in units or not value.isdigit() or int(value) <= 0:
        print(f"bad --ttl {text!r}: use a number with s, m, h or d (e.g. 12h)", file=sys.stderr)
        raise typer.Exit(2)
    return timedelta(seconds=int(value) * units[unit])
