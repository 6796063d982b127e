"""The AI-estate coverage matrix (CONTRACT.md §7 `GET /vendors/{id}/coverage`, §4 SCOPE_AI_GAP).

Rows are the parts of an AI vendor's estate: production AI infrastructure, training pipelines
and training data, model artifacts, inference infrastructure, inference logs and third-party
model providers. Columns are the evidence that can speak to each: the ISO/IEC 27001 (and
27701) certificate scope, the scope statement, the SoA's controls, the SOC 2 system
description and subservice organisations, the ISO/IEC 42001 certificate scope and the DPA's
sub-processors. Each cell is `covered`, `excluded` or `silent`, citing document, page and
quote. How each column reads:

- scopes (certificate, scope statement, 42001): the scope text split into what it affirms
  and what it excludes (`app.core.checks.scope.read_scope`); a part named in an affirmed
  clause is covered, in an excluded clause excluded, otherwise the scope is silent on it;
- SoA: the Annex A controls that protect the part (e.g. logging and monitoring for inference
  logs, supplier controls for third-party models): excluded when one is marked not
  applicable, covered when all are applicable (within the certified scope), silent when none
  is listed;
- SOC 2: the system description's passages, read like a scope; for third-party models, the
  subservice organisations that are model providers (carve-out: excluded, inclusive: covered);
- DPA: model providers among the sub-processors (disclosed: covered); a DPA lists who
  processes data, not controls, so it is silent on the other parts.

SCOPE_AI_GAP's detail is read from the three scope columns (`scope_gaps`), so the finding and
the matrix never disagree. Model providers named as SOC 2 subservice organisations or DPA
sub-processors that are carved out or not assessed are listed with the question to ask.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.core.checks import scope_terms as terms
from app.core.checks.context import AssessedDocument
from app.core.checks.scope import read_scope
from app.core.facts import (
    CertificateFacts,
    DpaFacts,
    ScopeFacts,
    SoaControl,
    SoaFacts,
    Soc2ReportFacts,
    SubserviceMethod,
)
from app.core.kinds import DocumentKind
from app.core.pages import squash_whitespace
from app.core.profile import VendorProfile

_I = re.IGNORECASE


class EstatePart(StrEnum):
    production_ai_infrastructure = "production_ai_infrastructure"
    training_pipelines = "training_pipelines"
    model_artifacts = "model_artifacts"
    inference_infrastructure = "inference_infrastructure"
    inference_logs = "inference_logs"
    third_party_models = "third_party_models"


class CoverageSource(StrEnum):
    certificate_scope = "certificate_scope"
    scope_statement = "scope_statement"
    soa_controls = "soa_controls"
    soc2_system_description = "soc2_system_description"
    iso42001_scope = "iso42001_scope"
    dpa_subprocessors = "dpa_subprocessors"


class CoverageState(StrEnum):
    covered = "covered"
    excluded = "excluded"
    silent = "silent"


SCOPE_SOURCES = (
    CoverageSource.certificate_scope,
    CoverageSource.scope_statement,
    CoverageSource.iso42001_scope,
)
_MODEL_PROVIDER = re.compile(
    r"\b(?:OpenAI|Anthropic|Cohere|Mistral(?:\s+AI)?|AI21|Google\s+(?:DeepMind|Vertex|Gemini)|Vertex\s+AI|Gemini"
    r"|Azure\s+OpenAI|(?:Amazon|AWS)\s+Bedrock|Hugging\s*Face|Replicate|Together\s+AI|Stability\s+AI"
    r"|Perplexity|xAI|Groq|Fireworks\s+AI|ElevenLabs|Deepgram|AssemblyAI|Voyage\s+AI|Meta\s+Llama)\b",
)
_THIRD_PARTY_TERMS = tuple(
    re.compile(p, _I)
    for p in (
        r"\bthird[- ]party (?:ai |ml )?(?:models?|model providers?|llms?)\b",
        r"\b(?:foundation|frontier|external|hosted) (?:ai )?models?\b",
        r"\b(?:ai |llm |large language )?model (?:providers?|apis?|vendors?)\b",
        _MODEL_PROVIDER.pattern,
    )
)
_PART_TERMS: dict[EstatePart, tuple[re.Pattern[str], ...]] = {
    **{
        EstatePart(p): pats
        for p, (_, pats) in zip(list(EstatePart)[:5], terms.AI_PARTS, strict=True)
    },
    EstatePart.third_party_models: _THIRD_PARTY_TERMS,
}
LABELS: dict[EstatePart, str] = {
    **{
        EstatePart(p): label
        for p, (label, _) in zip(list(EstatePart)[:5], terms.AI_PARTS, strict=True)
    },
    EstatePart.third_party_models: "third-party model providers",
}
# Annex A controls that protect each part (2022 ids, then the 2013 equivalents).
SOA_CONTROLS: dict[EstatePart, tuple[str, ...]] = {
    EstatePart.production_ai_infrastructure: ("A.8.9", "A.8.20", "A.8.31", "A.8.32", "A.5.23",
                                        "A.12.1.2", "A.12.1.4", "A.13.1.1"),
    EstatePart.training_pipelines: ("A.8.25", "A.8.33", "A.8.11", "A.5.12", "A.8.10",
                              "A.14.2.1", "A.14.3.1", "A.8.2.1"),
    EstatePart.model_artifacts: ("A.8.4", "A.8.13", "A.8.32", "A.5.33", "A.9.4.5", "A.12.3.1"),
    EstatePart.inference_infrastructure: ("A.8.6", "A.8.14", "A.8.20", "A.8.26",
                                    "A.12.1.3", "A.17.2.1", "A.14.1.2"),
    EstatePart.inference_logs: ("A.8.15", "A.8.16", "A.8.12", "A.5.34", "A.12.4.1", "A.12.4.3", "A.18.1.4"),
    EstatePart.third_party_models: ("A.5.19", "A.5.20", "A.5.21", "A.5.22",
                              "A.15.1.1", "A.15.1.2", "A.15.1.3", "A.15.2.1"),
}  # fmt: skip


class Cell(BaseModel):
    """What one kind of evidence says about one part of the AI estate."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: CoverageSource
    state: CoverageState
    document: str | None = None
    page: int | None = None
    quote: str | None = None
    note: str | None = None


class Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    part: EstatePart
    label: str
    cells: list[Cell]

    def cell(self, source: CoverageSource) -> Cell:
        return next(c for c in self.cells if c.source is source)


class ModelProvider(BaseModel):
    """A third-party model provider the evidence names, and whether anyone assessed it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    status: str = Field(
        description="inclusive (assessed in the SOC 2 report), carved_out, or unassessed"
    )
    named_in: list[str]
    ask_vendor: str | None = None


class CoverageMatrix(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    ai_vendor: bool
    rows: list[Row]
    model_providers: list[ModelProvider] = Field(default_factory=list)

    def row(self, part: EstatePart) -> Row:
        return next(r for r in self.rows if r.part is part)

    def has_scope(self) -> bool:
        """True when any scope column read some scope text."""
        return any(c.document for r in self.rows for c in r.cells if c.source in SCOPE_SOURCES)

    def scope_gaps(self) -> tuple[list[str], list[str]]:
        """(labels of the first five parts no scope covers, those of them a scope excludes)."""
        missing: list[str] = []
        excluded: list[str] = []
        for row in self.rows[:5]:
            states = {row.cell(s).state for s in SCOPE_SOURCES}
            if CoverageState.covered not in states:
                missing.append(row.label)
                if CoverageState.excluded in states:
                    excluded.append(row.label)
        return missing, excluded


@dataclass(frozen=True)
class _Text:
    """A text the matrix reads: its document, page and the verbatim quote it came from."""

    ref: str
    text: str
    page: int | None
    quote: str | None


def _scope_cell(
    source: CoverageSource, texts: Sequence[_Text], part: EstatePart, none: str
) -> Cell:
    if not texts:
        return Cell(source=source, state=CoverageState.silent, note=none)
    patterns = _PART_TERMS[part]
    found: dict[CoverageState, Cell] = {}
    for t in texts:
        reading = read_scope(t.text)
        for state, clause_text in (
            (CoverageState.covered, reading.affirmed),
            (CoverageState.excluded, reading.negated),
        ):
            if state not in found and (m := _first_match(patterns, clause_text)):
                found[state] = _cite(source, state, t, m)
    if CoverageState.covered in found:
        return found[CoverageState.covered]
    if CoverageState.excluded in found:
        return found[CoverageState.excluded]
    first = texts[0]
    return Cell(source=source, state=CoverageState.silent, document=first.ref, page=first.page, quote=first.quote,
                note="does not name it")  # fmt: skip


def _first_match(patterns: Iterable[re.Pattern[str]], text: str) -> str | None:
    hits = [m for p in patterns if (m := p.search(text))]
    return min(hits, key=lambda m: m.start()).group(0) if hits else None


def _cite(source: CoverageSource, state: CoverageState, t: _Text, matched: str) -> Cell:
    """A cell citing the clause of `t` that holds `matched`, when the quote holds it."""
    quote = t.quote
    if quote and (clause := _clause(quote, matched)):
        quote = clause
    verb = "names" if state is CoverageState.covered else "excludes"
    return Cell(source=source, state=state, document=t.ref, page=t.page, quote=quote,
                note=f"{verb} '{matched}'")  # fmt: skip


def _clause(quote: str, matched: str) -> str | None:
    """The clause of `quote` (between stops, semicolons or commas) around `matched`."""
    text = squash_whitespace(quote)
    at = text.lower().find(matched.lower())
    if at < 0:
        return None
    starts = [i + len(sep) for sep in _SEPARATORS if (i := text.rfind(sep, 0, at)) >= 0]
    ends = [i for sep in _SEPARATORS if (i := text.find(sep, at + len(matched))) >= 0]
    return text[max(starts, default=0) : min(ends, default=len(text))].strip(" .") or None


_SEPARATORS = (". ", "; ", ", ", ": ")


def _scope_texts(documents: Sequence[AssessedDocument], kinds: set[DocumentKind]) -> list[_Text]:
    out: list[_Text] = []
    for d in documents:
        p = d.parsed
        if (
            p is None
            or p.kind not in kinds
            or not isinstance(p.facts, CertificateFacts | ScopeFacts)
        ):
            continue
        if p.facts.scope:
            ev = p.evidence.get("scope")
            out.append(
                _Text(d.ref, p.facts.scope, ev.page if ev else None, ev.quote if ev else None)
            )
    return out


def _soa_cell(documents: Sequence[AssessedDocument], part: EstatePart) -> Cell:
    soas = [
        (d.ref, d.parsed.facts)
        for d in documents
        if d.parsed and isinstance(d.parsed.facts, SoaFacts)
    ]
    if not soas:
        return Cell(
            source=CoverageSource.soa_controls,
            state=CoverageState.silent,
            note="no Statement of Applicability supplied",
        )
    ref, soa = soas[-1]
    wanted = SOA_CONTROLS[part]
    listed = [c for c in soa.controls if c.id in wanted]
    if not listed:
        return Cell(source=CoverageSource.soa_controls, state=CoverageState.silent, document=ref,
                    note=f"lists none of {', '.join(wanted[:5])}")  # fmt: skip
    off = [c for c in listed if c.applicable is False]
    if off:
        return Cell(source=CoverageSource.soa_controls, state=CoverageState.excluded, document=ref, page=off[0].page,
                    note="not applicable: " + "; ".join(_control(c) for c in off))  # fmt: skip
    return Cell(source=CoverageSource.soa_controls, state=CoverageState.covered, document=ref, page=listed[0].page,
                note="applicable: " + ", ".join(c.id for c in listed))  # fmt: skip


def _control(c: SoaControl) -> str:
    why = f" ({c.justification})" if c.justification else " (no justification)"
    return f"{c.id}{' ' + c.title if c.title else ''}{why}"


def _soc2_cell(documents: Sequence[AssessedDocument], part: EstatePart) -> Cell:
    reports = [
        (d.ref, d.parsed.facts)
        for d in documents
        if d.parsed and isinstance(d.parsed.facts, Soc2ReportFacts)
    ]
    source = CoverageSource.soc2_system_description
    if not reports:
        return Cell(source=source, state=CoverageState.silent, note="no SOC 2 report supplied")
    if part is EstatePart.third_party_models:
        for ref, facts in reports:
            for sub in facts.subservice_organizations:
                if _MODEL_PROVIDER.search(sub.name):
                    carved = sub.method is SubserviceMethod.carve_out
                    return Cell(source=source, state=CoverageState.excluded if carved else CoverageState.covered, document=ref,
                                note=f"subservice organisation {sub.name} ({sub.method.value})")  # fmt: skip
    texts = [_Text(ref, p.text, p.page, p.text) for ref, f in reports for p in f.system_description]
    if not texts:
        return Cell(source=source, state=CoverageState.silent, document=reports[0][0],
                    note="no system description was read")  # fmt: skip
    cell = _scope_cell(source, texts, part, "")
    return (
        cell
        if cell.state is not CoverageState.silent
        else cell.model_copy(update={"quote": None, "page": None})
    )


def _dpa_cell(documents: Sequence[AssessedDocument], part: EstatePart) -> Cell:
    dpas = [
        (d, d.parsed.facts) for d in documents if d.parsed and isinstance(d.parsed.facts, DpaFacts)
    ]
    source = CoverageSource.dpa_subprocessors
    if not dpas:
        return Cell(
            source=source, state=CoverageState.silent, note="no data processing agreement supplied"
        )
    if part is not EstatePart.third_party_models:
        return Cell(source=source, state=CoverageState.silent, document=dpas[0][0].ref,
                    note="a DPA lists sub-processors, not controls")  # fmt: skip
    for d, facts in dpas:
        providers = [s for s in facts.subprocessors if _MODEL_PROVIDER.search(s)]
        if providers:
            ev = d.parsed.evidence.get("subprocessors") if d.parsed else None
            return Cell(source=source, state=CoverageState.covered, document=d.ref, page=ev.page if ev else None,
                        quote=_fragment(ev.quote, providers[0]) if ev else None,
                        note="model providers disclosed as sub-processors: "
                        + "; ".join(providers))  # fmt: skip
    return Cell(
        source=source,
        state=CoverageState.silent,
        document=dpas[0][0].ref,
        note="no model provider among the sub-processors",
    )


def _fragment(quote: str, name: str) -> str:
    """The bullet, row or semicolon-separated piece of a listed quote that holds `name`."""
    pieces = re.split(r"\s*(?:•|;|\n)\s*", quote)
    return next((p for p in pieces if name in p), quote)


def _providers(documents: Sequence[AssessedDocument]) -> list[ModelProvider]:
    """Model providers named as SOC 2 subservice organisations or DPA sub-processors."""
    seen: dict[str, dict[str, Any]] = {}
    for d in documents:
        facts = d.parsed.facts if d.parsed else None
        if isinstance(facts, Soc2ReportFacts):
            for sub in facts.subservice_organizations:
                if m := _MODEL_PROVIDER.search(sub.name):
                    entry = seen.setdefault(
                        m.group(0).lower(), {"name": sub.name, "named_in": [], "method": None}
                    )
                    entry["named_in"].append(
                        f"{d.ref} (SOC 2 subservice organisation, {sub.method.value})"
                    )
                    entry["method"] = entry["method"] or sub.method
        if isinstance(facts, DpaFacts):
            for name in facts.subprocessors:
                if m := _MODEL_PROVIDER.search(name):
                    entry = seen.setdefault(
                        m.group(0).lower(), {"name": name, "named_in": [], "method": None}
                    )
                    entry["named_in"].append(f"{d.ref} (DPA sub-processor)")
    return [_provider(e["name"], e["named_in"], e["method"]) for e in seen.values()]


def _provider(name: str, named_in: list[str], method: SubserviceMethod | None) -> ModelProvider:
    if method is SubserviceMethod.inclusive:
        return ModelProvider(name=name, status="inclusive", named_in=named_in)
    if method is SubserviceMethod.carve_out:
        ask = (f"{name} is carved out of your SOC 2 report, so its controls were not tested. Please send "
               f"{name}'s own current assurance report (SOC 2 Type 2 or ISO/IEC 27001/42001), the "
               "complementary subservice organisation controls you rely on, and your contract terms on "
               "retention of our data, use of our data for training, and incident notification.")  # fmt: skip
        return ModelProvider(name=name, status="carved_out", named_in=named_in, ask_vendor=ask)
    ask = (f"{name} processes our data as your sub-processor but no assurance report covers it. How do "
           f"you assess {name} (due diligence, its SOC 2 or ISO certificates), does it retain or train on "
           "our data, and which region processes it?")  # fmt: skip
    return ModelProvider(name=name, status="unassessed", named_in=named_in, ask_vendor=ask)


def coverage_matrix(
    documents: Sequence[AssessedDocument], profile: VendorProfile
) -> CoverageMatrix:
    """The AI-estate coverage matrix of a vendor's documents (see the module docstring)."""
    certs = _scope_texts(
        documents, {DocumentKind.iso27001_certificate, DocumentKind.iso27701_certificate}
    )
    statements = _scope_texts(documents, {DocumentKind.scope_statement})
    aims = _scope_texts(documents, {DocumentKind.iso42001_certificate})
    rows = []
    for part in EstatePart:
        cells = [
            _scope_cell(
                CoverageSource.certificate_scope,
                certs,
                part,
                "no ISO/IEC 27001 certificate scope supplied",
            ),
            _scope_cell(
                CoverageSource.scope_statement, statements, part, "no scope statement supplied"
            ),
            _soa_cell(documents, part),
            _soc2_cell(documents, part),
            _scope_cell(
                CoverageSource.iso42001_scope, aims, part, "no ISO/IEC 42001 certificate supplied"
            ),
            _dpa_cell(documents, part),
        ]
        rows.append(Row(part=part, label=LABELS[part], cells=cells))
    return CoverageMatrix(
        ai_vendor=profile.ai_vendor, rows=rows, model_providers=_providers(documents)
    )
