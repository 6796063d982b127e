"""`assay recheck`: one re-check run from a shell, for cron or a Kubernetes CronJob."""

import json
from datetime import UTC, date, datetime
from types import SimpleNamespace
from typing import Annotated

import typer

EXIT_BUSY = 75  # EX_TEMPFAIL: another run holds the lock; try again later


def recheck(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Assess as of this date (default: today, UTC)")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="json or text")] = "text",
) -> None:
    """Re-assess every active vendor now and print a summary (vendors, changed, events)."""
    from app.accreditation.store import registry_store
    from app.adapters.blobs import BlobStore
    from app.adapters.reference.risk_model import load_risk_model
    from app.platform.db import make_engine, make_sessionmaker
    from app.platform.settings import get_settings
    from app.rechecks import service as recheck_service
    from app.rechecks.runner import reparse_function

    if format not in {"json", "text"}:
        typer.echo("--format must be json or text", err=True)
        raise typer.Exit(2)
    try:
        day = date.fromisoformat(as_of) if as_of else datetime.now(UTC).date()
    except ValueError:
        typer.echo(f"bad --as-of {as_of!r}: use YYYY-MM-DD", err=True)
        raise typer.Exit(2) from None
    settings = get_settings()
    engine = make_engine(settings.resolved_database_url)
    state = SimpleNamespace(blob_store=BlobStore(settings.resolved_blob_dir), settings=settings)
    registry = registry_store(settings, make_sessionmaker(engine)).current()
    try:
        summary = recheck_service.run_recheck(
            make_sessionmaker(engine),
            as_of=day,
            registry=registry,
            model=load_risk_model(settings.risk_model_path),
            trigger="cli",
            reparse=reparse_function(state),
        )
    except recheck_service.RunInProgress as exc:
        typer.echo(f"skipped: {exc}", err=True)
        raise typer.Exit(EXIT_BUSY) from None
    finally:
        engine.dispose()
    result = {
        "run_id": str(summary.run_id),
        "as_of": summary.as_of.isoformat(),
        "status": summary.status,
        "vendors": summary.vendors_checked,
        "changed": summary.vendors_changed,
        "reparsed": summary.reparsed,
        "events": summary.events,
        "errors": summary.errors,
    }
    if format == "json":
        typer.echo(json.dumps(result, indent=2))
    else:
        events = ", ".join(f"{k}={v}" for k, v in sorted(summary.events.items())) or "none"
        typer.echo(
            f"re-check {summary.status} as of {result['as_of']}: {summary.vendors_checked} vendors, "
            f"{summary.vendors_changed} changed, {summary.reparsed} documents re-parsed; events: {events}; "
            f"errors: {len(summary.errors)}"
        )
    if summary.errors:
        raise typer.Exit(1)
