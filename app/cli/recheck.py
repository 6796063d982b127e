"""`assay recheck`: one re-check run from a shell, for cron or a Kubernetes CronJob.

By default the command queues the run and works it to the end itself (other `assay worker`
processes help with its batches); `--queue-only` just queues it for the workers."""

import json
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from app.platform.settings import Settings

EXIT_BUSY = 75  # EX_TEMPFAIL: another run is queued or running; try again later


def recheck(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Assess as of this date (default: today, UTC)")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="json or text")] = "text",
    queue_only: Annotated[
        bool, typer.Option("--queue-only", help="Queue the run for the workers and exit")
    ] = False,
) -> None:
    """Re-assess the vendors whose assessment may have changed and print a summary."""
    if format not in {"json", "text"}:
        typer.echo("--format must be json or text", err=True)
        raise typer.Exit(2)
    try:
        day = date.fromisoformat(as_of) if as_of else datetime.now(UTC).date()
    except ValueError:
        typer.echo(f"bad --as-of {as_of!r}: use YYYY-MM-DD", err=True)
        raise typer.Exit(2) from None
    from app.accreditation.store import registry_store
    from app.adapters.reference.risk_model import load_risk_model
    from app.platform.db import make_engine, make_sessionmaker, write_transaction
    from app.platform.logging import configure_logging
    from app.platform.settings import get_settings
    from app.rechecks import service as recheck_service

    settings = get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    engine = make_engine(settings.resolved_database_url)
    sessions = make_sessionmaker(engine)
    registry = registry_store(settings, sessions).current()
    try:
        if queue_only:
            with write_transaction(sessions) as session:
                run_id = recheck_service.start_run(session, as_of=day, trigger="cli").id
            _tell_workers(settings, sessions)  # after the commit
            typer.echo(str(run_id))
            return
        summary = recheck_service.run_recheck(
            sessions,
            as_of=day,
            registry=registry,
            model=load_risk_model(settings.risk_model_path),
            trigger="cli",
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
        "skipped": summary.vendors_skipped,
        "reparse_queued": summary.reparse_queued,
        "events": summary.events,
        "errors": summary.errors,
    }
    if format == "json":
        typer.echo(json.dumps(result, indent=2))
    else:
        events = ", ".join(f"{k}={v}" for k, v in sorted(summary.events.items())) or "none"
        typer.echo(
            f"re-check {summary.status} as of {result['as_of']}: {summary.vendors_checked} vendors, "
            f"{summary.vendors_changed} changed, {summary.vendors_skipped} unchanged and skipped, "
            f"{summary.reparse_queued} documents queued for re-parsing; events: {events}; "
            f"errors: {len(summary.errors)}"
        )
    if summary.errors:
        raise typer.Exit(1)


def _tell_workers(settings: "Settings", sessions: "sessionmaker[Session]") -> None:
    """Hand a queued run to the workers: a procrastinate job on PostgreSQL (a NOTIFY for the
    built-in loop there); SQLite's embedded loop finds it at its next poll."""
    url = settings.resolved_database_url
    if not url.startswith("postgresql"):
        return
    from app.platform.taskqueue import Producer, uses_procrastinate

    if uses_procrastinate(url, settings.queue_engine):
        producer = Producer(url, sessions, recheck_slots=settings.recheck_slots)
        try:
            producer.recheck(1)
        finally:
            producer.close()
        return
    from app.platform.workers import PgNotifier

    PgNotifier(url)("recheck")
