"""The AI-estate coverage matrix (CONTRACT.md §7) and SCOPE_AI_GAP read from it (§4)."""

from datetime import date

import pytest

from app.core.checks.context import AssessedDocument
from app.core.coverage import CoverageSource, CoverageState, EstatePart, coverage_matrix
from app.core.facts import DpaFacts, Passage, Subservice
from app.core.findings import FindingCode
from app.core.kinds import DocumentKind
from app.core.pages import Evidence
from tests.builders import (
    doc,
    make_certificate_facts,
    make_context,
    make_parsed,
    make_profile,
    make_scope_facts,
    make_soa_controls,
    make_soa_facts,
    make_soc2_facts,
    raised,
)

S, ST, P = CoverageSource, CoverageState, EstatePart
AI = make_profile(ai_vendor=True)
SCOPE = (
    "Development and operation of the Northwind Vision platform, including production AI "
    "infrastructure, model training pipelines and inference infrastructure, excluding "
    "inference logs retained by customers."
)
CERT = doc("cert.pdf", make_certificate_facts(scope=SCOPE))


def _matrix(
    *documents: AssessedDocument,
) -> dict[tuple[EstatePart, CoverageSource], tuple[str, str | None]]:
    matrix = coverage_matrix(documents, AI)
    return {(r.part, c.source): (c.state.value, c.quote) for r in matrix.rows for c in r.cells}


def test_every_part_and_every_source_has_a_cell() -> None:
    matrix = coverage_matrix([], AI)
    assert [r.part for r in matrix.rows] == list(EstatePart)
    assert all([c.source for c in r.cells] == list(CoverageSource) for r in matrix.rows)
    assert {c.state for r in matrix.rows for c in r.cells} == {ST.silent}
    assert (
        matrix.row(P.training_pipelines).cell(S.soa_controls).note
        == "no Statement of Applicability supplied"
    )


@pytest.mark.parametrize(
    ("part", "state", "quote"),
    [
        (P.production_ai_infrastructure, "covered", "including production AI infrastructure"),
        (P.training_pipelines, "covered", "model training pipelines and inference infrastructure"),
        (P.model_artifacts, "silent", SCOPE),
        (
            P.inference_infrastructure,
            "covered",
            "model training pipelines and inference infrastructure",
        ),
        (P.inference_logs, "excluded", "excluding inference logs retained by customers"),
        (P.third_party_models, "silent", SCOPE),
    ],
    ids=lambda v: v.value if isinstance(v, EstatePart) else None,
)
def test_certificate_scope_cells_quote_the_clause(part: EstatePart, state: str, quote: str) -> None:
    assert _matrix(CERT)[(part, S.certificate_scope)] == (state, quote)


def test_scope_statement_and_42001_scope_are_their_own_columns() -> None:
    stmt = doc(
        "scope.pdf", make_scope_facts(scope="Model artifacts and registries of the platform.")
    )
    aims = doc(
        "aims.pdf",
        make_certificate_facts(
            standard="ISO/IEC 42001", scope="Inference logs and prompt logging."
        ),
        DocumentKind.iso42001_certificate,
    )
    cells = _matrix(CERT, stmt, aims)
    assert cells[(P.model_artifacts, S.scope_statement)][0] == "covered"
    assert cells[(P.model_artifacts, S.certificate_scope)][0] == "silent"
    assert cells[(P.inference_logs, S.iso42001_scope)][0] == "covered"


def test_soa_controls_excluded_covered_and_silent() -> None:
    controls = make_soa_controls(excluded={"A.8.15": "Logs kept by the cloud provider"})
    soa = doc("soa.pdf", make_soa_facts(controls=controls))
    matrix = coverage_matrix([soa], AI)
    logs = matrix.row(P.inference_logs).cell(S.soa_controls)
    assert logs.state is ST.excluded
    assert "A.8.15 (Logs kept by the cloud provider)" in (logs.note or "")
    assert matrix.row(P.third_party_models).cell(S.soa_controls).state is ST.covered
    partial = doc("soa.pdf", make_soa_facts(controls=make_soa_controls(ids=["A.5.1", "A.5.2"])))
    assert (
        coverage_matrix([partial], AI).row(P.model_artifacts).cell(S.soa_controls).state
        is ST.silent
    )


def _soc2(*subs: Subservice, description: str = "") -> AssessedDocument:
    passages = [Passage(page=4, text=description)] if description else []
    return doc(
        "soc2.pdf",
        make_soc2_facts(subservice_organizations=list(subs), system_description=passages),
    )


def test_soc2_description_and_carved_out_model_provider() -> None:
    report = _soc2(
        Subservice(name="OpenAI, L.L.C.", method="carve-out"),
        Subservice(name="Amazon Web Services, Inc.", method="carve-out"),
        description="The system comprises the inference API and the model registry. "
        "Training data is out of scope.",
    )
    matrix = coverage_matrix([report], AI)
    assert (
        matrix.row(P.inference_infrastructure).cell(S.soc2_system_description).state is ST.covered
    )
    registry = matrix.row(P.model_artifacts).cell(S.soc2_system_description)
    assert (registry.state, registry.page) == (ST.covered, 4)
    assert matrix.row(P.training_pipelines).cell(S.soc2_system_description).state is ST.excluded
    third = matrix.row(P.third_party_models).cell(S.soc2_system_description)
    assert third.state is ST.excluded and "OpenAI, L.L.C. (carve-out)" in (third.note or "")
    [provider] = matrix.model_providers
    assert (provider.name, provider.status) == ("OpenAI, L.L.C.", "carved_out")
    assert provider.ask_vendor and "assurance report" in provider.ask_vendor


def test_dpa_model_providers_are_disclosed_and_unassessed_without_a_soc2_report() -> None:
    facts = DpaFacts(
        processor="Northwind Analytics Ltd", subprocessors=["Anthropic, PBC", "Zendesk, Inc."]
    )
    parsed = make_parsed(facts).model_copy(
        update={"evidence": {"subprocessors": Evidence(page=2, quote="Anthropic, PBC")}}
    )
    dpa = AssessedDocument(ref="dpa.pdf", parsed=parsed)
    matrix = coverage_matrix([dpa], AI)
    cell = matrix.row(P.third_party_models).cell(S.dpa_subprocessors)
    assert (cell.state, cell.page, cell.quote) == (ST.covered, 2, "Anthropic, PBC")
    assert matrix.row(P.inference_logs).cell(S.dpa_subprocessors).state is ST.silent
    [provider] = matrix.model_providers
    assert provider.status == "unassessed" and "retain or train" in (provider.ask_vendor or "")


def test_an_inclusive_provider_needs_no_question() -> None:
    matrix = coverage_matrix([_soc2(Subservice(name="Cohere Inc.", method="inclusive"))], AI)
    assert [(p.status, p.ask_vendor) for p in matrix.model_providers] == [("inclusive", None)]


def test_scope_ai_gap_detail_is_the_matrix() -> None:
    ctx = make_context(CERT, profile=AI, as_of=date(2026, 11, 23))
    [finding] = raised(ctx, FindingCode.SCOPE_AI_GAP)
    missing, excluded = coverage_matrix(ctx.documents, AI).scope_gaps()
    assert missing == ["model artifacts and registries", "inference logs"]
    assert excluded == ["inference logs"]
    assert f"{'; '.join(missing)}." in finding.detail
    assert "Explicitly excluded: inference logs." in finding.detail


def test_a_scope_covering_every_part_raises_no_gap() -> None:
    full = doc(
        "cert.pdf",
        make_certificate_facts(
            scope="Production AI infrastructure, training pipelines, model artifacts, inference "
            "infrastructure and inference logs of the Northwind Vision platform."
        ),
    )
    ctx = make_context(full, profile=AI)
    assert raised(ctx, FindingCode.SCOPE_AI_GAP) == []
    assert coverage_matrix(ctx.documents, AI).scope_gaps() == ([], [])
