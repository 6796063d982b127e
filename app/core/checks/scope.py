"""Certification scope: missing, corporate-IT only, AI gaps, product not named (CONTRACT.md §4).

Scope text comes from the certificates' `scope` and from scope statements. Each text is split
into what it affirms and what it negates ("excluding the training environment"), and only
affirmed text counts as covered; the findings name the parts missing and those explicitly
excluded.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import fuzz

from app.core.checks import scope_terms as terms
from app.core.checks.context import CheckContext
from app.core.facts import ScopeFacts
from app.core.findings import Finding, FindingCode, FindingEvidence
from app.core.kinds import DocumentKind
from app.core.pages import squash_whitespace


@dataclass(frozen=True)
class ScopeReading:
    """Scope text split into what it covers and what it explicitly leaves out."""

    affirmed: str
    negated: str


def read_scope(text: str) -> ScopeReading:
    """Split `text` into affirmed and negated clauses (see scope_terms for the cues)."""
    text = squash_whitespace(text)
    bounds = [0, *(m.end() for m in terms.CLAUSE_END.finditer(text)), len(text)]
    affirmed: list[str] = []
    negated: list[str] = []
    for start, end in pairwise(bounds):
        clause = text[start:end]
        if (back := terms.NEGATION_BACKWARD.search(clause)) is not None:
            negated.append(clause[: back.start()])
            clause = clause[back.end() :]
        if (fwd := terms.NEGATION_FORWARD.search(clause)) is not None:
            negated.append(clause[fwd.end() :])
            clause = clause[: fwd.start()]
        affirmed.append(clause)
    return ScopeReading(" ".join(affirmed).strip(), " ".join(negated).strip())


def _any(patterns: tuple[re.Pattern[str], ...], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def _fold(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", " ", text.casefold()).strip()


def product_named(product: str, text: str) -> bool:
    """True when `product` appears in `text`, ignoring case, punctuation and spacing."""
    p, t = _fold(product), _fold(text)
    if not p:
        return False
    if f" {p} " in f" {t} " or p.replace(" ", "") in t.replace(" ", ""):
        return True
    # Tolerate one OCR slip in longer names ("HarborDesk" read as "HarborDcsk").
    return len(p) >= 8 and fuzz.partial_ratio(p, t) >= 90


@dataclass(frozen=True)
class _Scopes:
    reading: ScopeReading
    evidence: list[FindingEvidence]


def _scopes(ctx: CheckContext) -> _Scopes | None:
    texts: list[str] = []
    evidence: list[FindingEvidence] = []
    for cert in ctx.certificates():
        if cert.facts.scope:
            texts.append(cert.facts.scope)
            evidence += cert.cite("scope")
    for stmt in ctx.docs(DocumentKind.scope_statement, ScopeFacts):
        if stmt.facts.scope:
            texts.append(stmt.facts.scope)
            evidence += stmt.cite("scope")
    if not texts:
        return None
    # A scope statement usually repeats the certificate's scope word for word.
    readings = [read_scope(t) for t in dict.fromkeys(squash_whitespace(t) for t in texts)]
    joined = ScopeReading(
        " | ".join(r.affirmed for r in readings), " | ".join(r.negated for r in readings)
    )
    return _Scopes(joined, evidence)


def _covers_product(ctx: CheckContext, affirmed: str) -> bool:
    if any(product_named(p, affirmed) for p in ctx.profile.products):
        return True
    return _any(terms.PRODUCT_TERMS, affirmed) or any(
        _any(patterns, affirmed) for _, patterns in terms.AI_PARTS
    )


def scope_missing(ctx: CheckContext) -> Iterator[Finding]:
    """SCOPE_MISSING: "no scope text could be found" (on any certificate or scope statement)."""
    if not ctx.certificates() or _scopes(ctx) is not None:
        return
    yield ctx.finding(
        FindingCode.SCOPE_MISSING,
        title="No certification scope found",
        detail=f"None of the {len(ctx.certificates())} certificates supplied shows a scope that "
        "could be read, and no scope statement was supplied, so what is certified is unknown.",
        evidence=[e for c in ctx.certificates() for e in c.cite("scope")],
        ask_vendor="Please send the scope of your certification (the scope statement or the "
        "certificate annex listing scope and sites).",
    )


def scope_corporate_it_only(ctx: CheckContext) -> Iterator[Finding]:
    """SCOPE_CORPORATE_IT_ONLY: "the scope covers corporate IT / offices / internal systems but
    not the product or service the buyer is purchasing"."""
    scopes = _scopes(ctx)
    if scopes is None:
        return
    affirmed = scopes.reading.affirmed
    if not _any(terms.CORPORATE_TERMS, affirmed) or _covers_product(ctx, affirmed):
        return
    products = ", ".join(ctx.profile.products) or "the service you provide to us"
    yield ctx.finding(
        FindingCode.SCOPE_CORPORATE_IT_ONLY,
        title="Scope covers corporate IT only",
        detail=f"The certified scope covers corporate IT, offices or internal systems "
        f"('{_clip(affirmed)}') but names neither {products} nor its development, hosting or "
        "production environment.",
        evidence=scopes.evidence,
        ask_vendor=f"Your certified scope covers corporate IT and offices only. Is {products}, "
        "including its development, hosting and production environment, covered by any "
        "certification? If so, please send that certificate and scope; if not, when will the "
        "scope be extended?",
    )


def _clip(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def scope_ai_gap(ctx: CheckContext) -> Iterator[Finding]:
    """SCOPE_AI_GAP: "AI vendor, and the scope does not cover one or more of: production AI
    infrastructure, training pipelines / training data, model artifacts, inference
    infrastructure and inference logs (the detail lists which)"."""
    scopes = _scopes(ctx)
    if not ctx.profile.ai_vendor or scopes is None:
        return
    # The AI-estate coverage matrix reads the scopes; imported here because it reads them
    # with this module's read_scope. Its scope columns decide, so the two never disagree.
    from app.core.coverage import coverage_matrix

    missing, excluded = coverage_matrix(ctx.documents, ctx.profile).scope_gaps()
    if not missing:
        return
    detail = (
        f"The vendor builds AI products, but the certified scope does not cover "
        f"{len(missing)} of the {len(terms.AI_PARTS)} parts of an AI production estate: "
        f"{'; '.join(missing)}."
    )
    if excluded:
        detail += f" Explicitly excluded: {'; '.join(excluded)}."
    yield ctx.finding(
        FindingCode.SCOPE_AI_GAP,
        title="Scope leaves out parts of the AI estate",
        detail=detail,
        evidence=scopes.evidence,
        ask_vendor=f"Your certified scope does not cover: {'; '.join(missing)}. Which controls "
        "protect these, are they covered by any certification or audit (for example ISO/IEC "
        "42001 or a SOC 2 report), and do you plan to bring them into scope?",
    )


def scope_product_not_named(ctx: CheckContext) -> Iterator[Finding]:
    """SCOPE_PRODUCT_NOT_NAMED: "none of the vendor's products appear in the scope"."""
    scopes = _scopes(ctx)
    products = ctx.profile.products
    if not products or scopes is None:
        return
    if any(product_named(p, scopes.reading.affirmed) for p in products):
        return
    only_excluded = [p for p in products if product_named(p, scopes.reading.negated)]
    detail = (
        f"None of the vendor's products ({', '.join(products)}) is named in the certified scope."
    )
    if only_excluded:
        detail += f" Named only as excluded: {', '.join(only_excluded)}."
    yield ctx.finding(
        FindingCode.SCOPE_PRODUCT_NOT_NAMED,
        title="Product not named in the scope",
        detail=detail,
        evidence=scopes.evidence,
        ask_vendor=f"Your certified scope does not name {', '.join(products)}. Please confirm in "
        "writing whether the certification covers it, and send the scope or certificate annex "
        "that says so.",
    )
