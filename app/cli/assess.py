"""`assay assess`: assess vendor documents offline, with no server and no database (CONTRACT §6).

The files are parsed in a pool of isolated worker processes on all cores, then the pure
`app.core.assessment.assess` turns the parsed documents, the vendor profile, the accreditation
reference data and the risk model into findings and a score. Prints the §6 JSON, or with
`--format text` a report a reviewer can follow; progress goes to stderr. Exit 0 when the
assessment ran, 2 for bad usage or unreadable input paths.
"""

import json
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from app.adapters.pdf.isolation import ParseLimits, ParseOutcome, ParsePool
from app.buyer.files import BuyerFileError, read_buyer_file
from app.cli.coverage_text import render_coverage, render_required
from app.core import (
    AssessedDocument,
    BuyerProfile,
    Registry,
    RiskModel,
    ScoreBreakdown,
    VendorProfile,
    coverage_matrix,
    explain,
    required_frameworks,
)


def _fail(message: str) -> typer.Exit:
    typer.echo(f"assay assess: {message}", err=True)
    return typer.Exit(2)


def _as_of(value: str | None) -> date:
    if value is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(f"bad --as-of {value!r}: use an ISO date such as 2026-11-23") from None


def _profile(path: Path | None) -> VendorProfile | None:
    if path is None:
        return None
    try:
        return VendorProfile.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise _fail(f"cannot read vendor profile {path}: {exc.strerror}") from None
    except (json.JSONDecodeError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise _fail(f"bad vendor profile {path}: {first}") from None


def _buyer(path: Path | None, default: Path | None) -> BuyerProfile | None:
    """--buyer, else the settings' default file, else none (nothing derived)."""
    chosen = path or default
    if chosen is None:
        return None
    try:
        return read_buyer_file(chosen)
    except BuyerFileError as exc:
        raise _fail(str(exc)) from None


def _document_json(path: Path, outcome: ParseOutcome) -> dict[str, Any]:
    parsed = outcome.parsed
    if parsed is None:
        return {
            "file": path.name,
            "kind": None,
            "pages": 0,
            "ocr": False,
            "facts": {},
            "evidence": {},
            "confidence": {},
            "warnings": [],
            "error": outcome.error,
            "reason": outcome.reason,
        }
    return {
        "file": path.name,
        "kind": parsed.kind.value,
        "pages": parsed.pages,
        "ocr": parsed.ocr,
        "facts": parsed.facts_json(),
        "evidence": parsed.evidence_json(),
        "confidence": {name: level.value for name, level in parsed.confidence.items()},
        "error": None,
        "warnings": parsed.warnings,
        "kind_mismatch": parsed.kind_mismatch,
    }


# Set by the warm server (`app.cli.assess_server`): parse workers are forked from this
# process, which imported the parser already, instead of started as fresh interpreters.
FORK_WORKERS = False
_REFERENCE: dict[tuple[str, tuple[tuple[str, int, int], ...]], "tuple[Registry, RiskModel]"] = {}


def _stamp(paths: list[Path]) -> tuple[tuple[str, int, int], ...]:
    """Each file's name, size and mtime: a changed data file means a new reading."""
    out = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            continue
        out.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(out)


def reference_cached() -> "tuple[Registry, RiskModel]":
    """The registry in force and the risk model, read once per version of their files (the
    warm server reads them at start; each command checks the files did not change)."""
    from app.adapters.reference.loader import active_data_dir, load_registry
    from app.adapters.reference.risk_model import DEFAULT_RISK_MODEL_PATH, load_risk_model

    data_dir = active_data_dir()
    files = sorted(p for p in data_dir.rglob("*") if p.is_file())
    key = (str(data_dir), _stamp([*files, DEFAULT_RISK_MODEL_PATH]))
    if key not in _REFERENCE:
        _REFERENCE.clear()
        _REFERENCE[key] = (load_registry(data_dir), load_risk_model())
    return _REFERENCE[key]


def _reference() -> "tuple[Registry, RiskModel]":
    return reference_cached()


def _assessment(
    docs: list[AssessedDocument],
    profile: VendorProfile,
    as_of: date,
    buyer: BuyerProfile | None,
    reference: "tuple[Registry, RiskModel]",
) -> dict[str, Any]:
    from app.core import assess as run_assessment

    registry, model = reference
    result = run_assessment(docs, profile, registry, as_of=as_of, model=model, buyer=buyer)
    out = result.model_dump(mode="json")
    return {k: out[k] for k in ("findings", "score", "tier", "score_breakdown", "reference_data")}


def _sector_json(
    docs: list[AssessedDocument], profile: VendorProfile, buyer: BuyerProfile | None
) -> dict[str, Any]:
    """The buyer profile, the frameworks required (with reasons) and the coverage matrix."""
    matrix = coverage_matrix(docs, profile)
    not_covered, excluded = matrix.scope_gaps()
    return {
        "buyer": buyer.model_dump(mode="json") if buyer else None,
        "required_frameworks": [
            r.model_dump(mode="json") for r in required_frameworks(profile, buyer)
        ],
        "coverage": {
            **matrix.model_dump(mode="json"),
            "scope_gaps": {"not_covered": not_covered, "excluded": excluded},
        },
    }


def _profile_from_documents(docs: list[AssessedDocument], files: list[Path]) -> VendorProfile:
    """Without --vendor, the vendor is the organisation the documents are about: the first
    certificate's holder (else a SOC 2 report's service organisation), so its own
    certificates are not reported as held by someone else."""
    for doc in docs:
        facts = doc.parsed.facts if doc.parsed else None
        named = facts.model_dump(include={"holder", "service_organization"}) if facts else {}
        name = named.get("holder") or named.get("service_organization")
        if name:
            return VendorProfile(name=name, legal_names=[name])
    return VendorProfile(name=files[0].stem if files else "vendor")


def build_report(
    files: list[Path],
    profile: VendorProfile | None,
    as_of: date,
    limits: ParseLimits,
    buyer: BuyerProfile | None = None,
) -> dict[str, Any]:
    """Parse every file in isolation, on all cores, and assess them together (CONTRACT §6
    shape); with no profile, the vendor is named after the documents' holder."""
    from app.adapters.reference.loader import active_data_dir

    documents: list[dict[str, Any]] = []
    assessed: list[AssessedDocument] = []
    typer.echo(f"parsing {len(files)} file(s) ...", err=True)
    workers = min(len(files), os.cpu_count() or 1)
    with ParsePool(
        workers,
        limits,
        recycle_after=len(files),
        marks_dir=active_data_dir,
        fork=FORK_WORKERS,
    ) as pool:
        reference = _reference()  # while the workers start
        outcomes = pool.parse_files(files)
    for i, (path, outcome) in enumerate(zip(files, outcomes, strict=True), 1):
        documents.append(_document_json(path, outcome))
        assessed.append(AssessedDocument(ref=path.name, parsed=outcome.parsed, error=outcome.error))
        status = outcome.parsed.kind.value if outcome.parsed else f"failed ({outcome.reason})"
        typer.echo(f"[{i}/{len(files)}] {path.name}: {status}", err=True)
    typer.echo("assessing ...", err=True)
    if profile is None:
        profile = _profile_from_documents(assessed, files)
    return {
        "as_of": as_of.isoformat(),
        "vendor": {"name": profile.name},
        "documents": documents,
        **_assessment(assessed, profile, as_of, buyer, reference),
        **_sector_json(assessed, profile, buyer),
    }


def _text_document(doc: dict[str, Any]) -> list[str]:
    head = f"- {doc['file']}: {doc['kind'] or 'FAILED'} ({doc['pages']} page(s){', OCR' if doc['ocr'] else ''})"
    out = [head]
    if doc["error"]:
        return [*out, f"    error: {doc['error']}"]
    for name, value in doc["facts"].items():
        if value in (None, [], {}):
            continue
        shown = value if name != "controls" else f"{len(value)} controls"
        ev = doc["evidence"].get(name)
        cite = f'  [p.{ev["page"]}: "{ev["quote"][:90]}"]' if ev else ""
        out.append(f"    {name}: {str(shown)[:160]}{cite}")
    out += [f"    warning: {w}" for w in doc.get("warnings") or []]
    if doc.get("kind_mismatch"):
        out.append(f"    kind mismatch: {doc['kind_mismatch']}")
    return out


def _text_finding(f: dict[str, Any]) -> list[str]:
    out = [f"- [{f['severity'].upper()}] {f['code']}: {f['title']}", f"    {f['detail']}"]
    for ev in f.get("evidence", []):
        out.append(
            f'    evidence: {ev["document"]} p.{ev.get("page")}: "{(ev.get("quote") or "")[:100]}"'
        )
    out.append(f"    ask the vendor: {f['ask_vendor']}")
    return out


def render_text(report: dict[str, Any]) -> str:
    """A plain-text report: documents with facts and evidence, findings, score and why."""
    lines = [
        f"Assay assessment of {report['vendor']['name']} as of {report['as_of']}",
        "",
        "Documents",
    ]
    for doc in report["documents"]:
        lines += _text_document(doc)
    lines += ["", f"Findings ({len(report['findings'])})"]
    for finding in report["findings"]:
        lines += _text_finding(finding)
    lines += render_required(report)
    if report.get("coverage", {}).get("ai_vendor"):
        lines += render_coverage(report["coverage"])
    lines += ["", f"Score {report['score']} / 100, tier {report['tier']}"]
    lines += [
        f"    {line}" for line in explain(ScoreBreakdown.model_validate(report["score_breakdown"]))
    ]
    reference = ", ".join(f"{k} {v}" for k, v in sorted(report["reference_data"].items()))
    lines += ["", f"Reference data: {reference}", ""]
    return "\n".join(lines)


def assess(
    files: Annotated[list[Path], typer.Argument(help="PDF files to assess", show_default=False)],
    vendor: Annotated[
        Path | None, typer.Option("--vendor", help="Vendor profile JSON (CONTRACT §3)")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Assess as of this date (default: today, UTC)")
    ] = None,
    format: Annotated[str, typer.Option("--format", help="json or text")] = "json",
    buyer: Annotated[
        Path | None,
        typer.Option("--buyer", help="Buyer profile JSON (CONTRACT §3; default from settings)"),
    ] = None,
) -> None:
    """Assess vendor documents offline and print findings, score and evidence."""
    if format not in ("json", "text"):
        raise _fail(f"bad --format {format!r}: use json or text")
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise _fail(f"not a readable file: {', '.join(missing)}")
    day = _as_of(as_of)
    profile = _profile(vendor)
    from app.platform.settings import get_settings

    settings = get_settings()
    buyer_profile = _buyer(buyer, settings.buyer_profile_path)
    limits = ParseLimits(
        timeout_seconds=settings.parse_timeout_seconds,
        memory_mb=settings.parse_memory_mb,
        max_pages=settings.parse_max_pages,
        ocr=settings.ocr_enabled,
    )
    report = build_report(files, profile, day, limits, buyer_profile)
    if format == "json":
        sys.stdout.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_text(report))
