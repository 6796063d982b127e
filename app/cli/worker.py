"""`assay worker`: the background work of the service as a process of its own, to scale out
past one machine (issue 14 point 4). API replicas then run with `--no-workers`.

`assay worker` runs every job; `--job parse` (repeatable) runs only some, so parsing,
webhook delivery and re-check batches can scale separately (Kubernetes: one Deployment each,
or one with all). On PostgreSQL the jobs are procrastinate's (`app.platform.taskqueue`);
every job claims its work in the database under a lease, so workers can be added, removed or
killed at any time.
"""

import signal
from typing import Annotated

import typer


def worker(
    job: Annotated[
        list[str] | None,
        typer.Option("--job", help="parse, webhooks or recheck (repeatable; default: all)"),
    ] = None,
    once: Annotated[
        bool, typer.Option(help="Work until every queue is empty, then exit (for tests, cron)")
    ] = False,
) -> None:
    """Run background workers: parsing, webhook delivery, re-check batches."""
    from app.main import build_state, start_listening
    from app.platform.settings import get_settings
    from app.platform.workers import ALL_JOBS

    names = tuple(dict.fromkeys(job or ALL_JOBS))
    unknown = [n for n in names if n not in ALL_JOBS]
    if unknown:
        typer.echo(f"unknown job {unknown[0]!r}: use {', '.join(ALL_JOBS)}", err=True)
        raise typer.Exit(2)
    from app.platform.logging import configure_logging

    settings = get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    state = build_state(settings, jobs=names)
    loop = state.workers
    assert loop is not None
    try:
        if once:
            while sum(loop.drain(name) for name in names):
                pass
            return
        stop = lambda *_: loop.stop(timeout=0)  # noqa: E731
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        loop.start()
        start_listening(state)
        engine = "procrastinate" if state.jobs.producer is not None else "built-in loop"
        typer.echo(f"assay worker running: {', '.join(names)} (engine: {engine})", err=True)
        while not loop.wait(1.0):
            pass
    finally:
        state.close()
