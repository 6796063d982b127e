"""Scope analysis: corporate IT vs product, the AI estate, negations, product names."""

import pytest

from app.core.checks.scope import read_scope
from app.core.findings import FindingCode
from tests.builders import (
    doc,
    make_certificate_facts,
    make_context,
    make_profile,
    make_scope_facts,
    raised,
)

C = FindingCode
CORPORATE = "Corporate IT services, office facilities and internal business systems (finance, HR and CRM) supporting the London head office."
PRODUCT = "Development, hosting and support of the Northwind Vision platform."
AI_FULL = (
    "Development and operation of Northwind Vision, including production AI infrastructure, "
    "model training pipelines and training data, model artifacts and registries, and inference "
    "infrastructure and inference logs."
)
AI_NO_TRAINING = (
    "Development and operation of Northwind Vision, including the ML platform, model registry, "
    "and inference infrastructure and logs, excluding the training environment and training data."
)
AI = make_profile(ai_vendor=True)


def _ctx(scope: str | None, profile=AI, statement: str | None = None):  # type: ignore[no-untyped-def]
    docs = [doc("cert.pdf", make_certificate_facts(scope=scope))]
    if statement is not None:
        docs.append(doc("scope.pdf", make_scope_facts(scope=statement)))
    return make_context(*docs, profile=profile)


@pytest.mark.parametrize(
    ("code", "scope", "expected"),
    [
        (C.SCOPE_MISSING, None, True),
        (C.SCOPE_MISSING, PRODUCT, False),
        (C.SCOPE_CORPORATE_IT_ONLY, CORPORATE, True),
        (C.SCOPE_CORPORATE_IT_ONLY, PRODUCT, False),
        (C.SCOPE_CORPORATE_IT_ONLY, "Corporate IT and offices, excluding the Northwind Vision production platform.", True),
        (C.SCOPE_CORPORATE_IT_ONLY, "The ISMS of Northwind Analytics Ltd.", False),
        (C.SCOPE_PRODUCT_NOT_NAMED, CORPORATE, True),
        (C.SCOPE_PRODUCT_NOT_NAMED, PRODUCT, False),
        (C.SCOPE_PRODUCT_NOT_NAMED, "Hosting of NorthwindVision.", False),
        (C.SCOPE_PRODUCT_NOT_NAMED, "All services except Northwind Vision.", True),
        (C.SCOPE_AI_GAP, CORPORATE, True),
        (C.SCOPE_AI_GAP, AI_FULL, False),
        (C.SCOPE_AI_GAP, AI_NO_TRAINING, True),
    ],
    ids=[
        "SCOPE_MISSING-none", "SCOPE_MISSING-present",
        "SCOPE_CORPORATE_IT_ONLY-corporate", "SCOPE_CORPORATE_IT_ONLY-product",
        "SCOPE_CORPORATE_IT_ONLY-product-negated", "SCOPE_CORPORATE_IT_ONLY-generic",
        "SCOPE_PRODUCT_NOT_NAMED-corporate", "SCOPE_PRODUCT_NOT_NAMED-named",
        "SCOPE_PRODUCT_NOT_NAMED-spacing", "SCOPE_PRODUCT_NOT_NAMED-excluded",
        "SCOPE_AI_GAP-corporate", "SCOPE_AI_GAP-full", "SCOPE_AI_GAP-training-excluded",
    ],
)  # fmt: skip
def test_scope_rules(code: FindingCode, scope: str | None, expected: bool) -> None:
    assert bool(raised(_ctx(scope), code)) is expected


def test_ai_gap_names_missing_and_excluded_parts() -> None:
    (finding,) = raised(_ctx(AI_NO_TRAINING), C.SCOPE_AI_GAP)
    assert "1 of the 5" in finding.detail
    assert "training pipelines and training data" in finding.detail
    assert "Explicitly excluded: training pipelines and training data" in finding.detail
    assert "inference logs" not in finding.detail.split(":")[1]


def test_ai_gap_not_for_non_ai_vendor() -> None:
    assert not raised(_ctx(CORPORATE, profile=make_profile(ai_vendor=False)), C.SCOPE_AI_GAP)


def test_backward_negation() -> None:
    reading = read_scope(
        "Hosting of the platform. Inference logs are not covered by this certificate."
    )
    assert "Inference logs" in reading.negated
    assert "Inference logs" not in reading.affirmed


def test_scope_statement_counts_as_scope_text() -> None:
    ctx = _ctx(None, statement=PRODUCT)
    assert not raised(ctx, C.SCOPE_MISSING)
    assert not raised(ctx, C.SCOPE_PRODUCT_NOT_NAMED)


def test_scope_statement_can_add_the_product() -> None:
    assert not raised(_ctx(CORPORATE, statement=PRODUCT), C.SCOPE_CORPORATE_IT_ONLY)


def test_corporate_scope_finding_cites_scope_evidence() -> None:
    (finding,) = raised(_ctx(CORPORATE), C.SCOPE_CORPORATE_IT_ONLY)
    assert finding.evidence[0].quote == CORPORATE
    assert "Northwind Vision" in finding.ask_vendor
