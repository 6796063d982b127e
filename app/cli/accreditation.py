"""`assay accreditation lookup|import` (CONTRACT.md §6): the reviewer's look-up and the data update."""

import json
from typing import Annotated

import typer

from app.accreditation import service
from app.accreditation.errors import ImportFailed, InvalidStandard
from app.accreditation.schemas import LookupRead
from app.adapters.reference import importer
from app.adapters.reference.loader import RegistryDataError, RegistryStore, builtin_data_dir

app = typer.Typer(no_args_is_help=True, help="Accreditation reference data.")


def _store() -> RegistryStore:
    from app.platform.settings import get_settings

    settings = get_settings()
    builtin = settings.accreditation_data_dir or builtin_data_dir()
    return RegistryStore(builtin, settings.data_dir / "accreditation")


def _text(answer: LookupRead) -> str:
    lines = [f"{answer.query!r} for ISO/IEC {answer.standard}: {answer.verdict.value}"]
    if answer.match is not None:
        lines.append(
            f"  match: {answer.match.name} (score {answer.match.score:g}, {answer.match.provenance.value})"
        )
        for a in answer.match.accreditations:
            number = f" {a.number}" if a.number else ""
            lines.append(
                f"    {a.body}{number} {'/'.join(a.standards)} {a.status} [{a.provenance.value}]"
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
) -> None:
    """Look up a certification body by the name printed on a certificate."""
    if output not in ("json", "text"):
        typer.echo("--format must be json or text", err=True)
        raise SystemExit(2)
    try:
        registry = _store().current()
        answer = service.lookup_body(registry, name=name, standard=standard)
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
