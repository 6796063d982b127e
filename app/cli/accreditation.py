"""`assay accreditation lookup|import|export|certsearch` (CONTRACT.md §6): the reviewer's
look-up, the data update, sharing recorded checks, and optional IAF CertSearch look-ups."""

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from app.accreditation import service
from app.accreditation.errors import ImportFailed, InvalidStandard
from app.accreditation.schemas import LookupRead
from app.adapters.reference import importer
from app.adapters.reference.loader import RegistryDataError, RegistryStore
from app.core import Registry

app = typer.Typer(no_args_is_help=True, help="Accreditation reference data.")


def _store() -> RegistryStore:
    """The data files in force (no recorded checks)."""
    from app.accreditation.store import registry_store
    from app.platform.settings import get_settings

    return registry_store(get_settings(), None)


def _registry() -> Registry:
    """The data in force with the reviewers' recorded checks, when the database exists."""
    from app.accreditation.store import registry_store
    from app.platform.db import make_engine, make_sessionmaker
    from app.platform.settings import get_settings

    settings = get_settings()
    url = settings.resolved_database_url
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        return registry_store(settings, None).current()
    engine = make_engine(url)
    try:
        return registry_store(settings, make_sessionmaker(engine)).current()
    finally:
        engine.dispose()


def _day(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else datetime.now(UTC).date()
    except ValueError:
        typer.echo(f"bad date {value!r}: use YYYY-MM-DD", err=True)
        raise SystemExit(2) from None


def _text(answer: LookupRead) -> str:
    lines = [f"{answer.query!r} for ISO/IEC {answer.standard}: {answer.verdict.value}"]
    if answer.match is not None:
        lines.append(
            f"  match: {answer.match.name} (score {answer.match.score:g}, {answer.match.provenance.value})"
        )
        for a in answer.match.accreditations:
            number = f" {a.number}" if a.number else ""
            who = f" by {a.checked_by} on {a.verified_on}" if a.checked_by else ""
            lines.append(
                f"    {a.body}{number} {'/'.join(a.standards)} {a.status} [{a.provenance.value}{who}]"
            )
    for alt in answer.alternatives:
        lines.append(f"  candidate: {alt.name} ({alt.score:g})")
    lines.append(f"  decided by: {answer.record}")
    lines.append(f"  reference data: {answer.reference_data}")
    return "\n".join(lines)


@app.command("lookup")
def lookup_command(
    name: Annotated[str, typer.Argument(help="The CB name as printed on the certificate.")],
    standard: Annotated[str, typer.Option(help="27001, 42001 or 27701.")] = "27001",
    output: Annotated[str, typer.Option("--format", help="json or text.")] = "text",
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Recorded checks in force on this date (default today)."),
    ] = None,
) -> None:
    """Look up a certification body by the name printed on a certificate."""
    if output not in ("json", "text"):
        typer.echo("--format must be json or text", err=True)
        raise SystemExit(2)
    try:
        registry = _registry()
        answer = service.lookup_body(registry, name=name, standard=standard, as_of=_day(as_of))
    except (InvalidStandard, RegistryDataError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(2) from exc
    typer.echo(
        json.dumps(answer.model_dump(mode="json"), indent=2, ensure_ascii=False)
        if output == "json"
        else _text(answer)
    )


@app.command("import")
def import_command(
    source: Annotated[str, typer.Argument(help="ZIP file path or HTTPS URL of a data set.")],
) -> None:
    """Validate a data set and make it the one in force (a bad file changes nothing)."""
    store = _store()
    try:
        report = importer.import_data(
            importer.fetch(source), imported_dir=store.imported_dir, active_dir=store.active_dir()
        )
    except ImportFailed as exc:
        typer.echo(f"import rejected, nothing changed: {exc.detail}", err=True)
        raise SystemExit(2) from exc
    typer.echo(f"reference data {report.version} now in force ({report.directory})")
    for label, items in (
        ("added", report.added),
        ("removed", report.removed),
        ("changed", report.changed),
    ):
        typer.echo(f"{label}: {len(items)}")
        for item in items:
            typer.echo(f"  {item}")


@app.command("export")
def export_command(
    target: Annotated[Path, typer.Argument(help="The ZIP file to write.")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Checks in force on this date (default today).")
    ] = None,
) -> None:
    """Write the recorded checks in force (with the data they apply to) as an import ZIP, so
    another installation can `assay accreditation import` them."""
    from app.adapters.reference.exporter import export_zip

    day = _day(as_of)
    registry = _registry()
    count = sum(1 for r in registry.reviewed if r.checked_on <= day)
    try:
        target.write_bytes(export_zip(registry, as_of=day))
    except OSError as exc:
        typer.echo(f"cannot write {target}: {exc.strerror or exc}", err=True)
        raise SystemExit(2) from exc
    typer.echo(f"wrote {target}: {count} recorded checks as of {day} (data {registry.version})")


@app.command("certsearch")
def certsearch_command(
    output: Annotated[str, typer.Option("--format", help="json or text.")] = "text",
) -> None:
    """Look the certificates whose accreditation is not verified up in IAF CertSearch (needs
    ASSAY_IAF_CERTSEARCH_API_KEY); hits become recorded checks, then run `assay recheck`."""
    import httpx

    from app.accreditation import certsearch
    from app.accreditation.errors import CertSearchUnavailable
    from app.platform.db import make_engine, make_sessionmaker
    from app.platform.settings import get_settings

    settings = get_settings()
    try:
        certsearch.require_configured(settings)
    except CertSearchUnavailable as exc:
        typer.echo(f"error: {exc.detail}", err=True)
        raise SystemExit(2) from exc
    engine = make_engine(settings.resolved_database_url)
    try:
        with httpx.Client(timeout=settings.http_timeout_seconds, follow_redirects=False) as http:
            result = certsearch.run(
                make_sessionmaker(engine), client=certsearch.client_for(settings, http),
                registry=_registry(), settings=settings, now=datetime.now(UTC),
            )  # fmt: skip
    finally:
        engine.dispose()
    if output == "json":
        typer.echo(json.dumps(result.model_dump(mode="json"), indent=2))
        return
    typer.echo(
        f"IAF CertSearch: {result.looked_up} looked up ({result.hits} hits, {result.misses} misses), "
        f"{result.cached} answered from the cache; {len(result.skipped)} skipped"
        + (f"; stopped: {result.stopped}" if result.stopped else "")
    )
    for reason in result.skipped:
        typer.echo(f"  skipped {reason}")
