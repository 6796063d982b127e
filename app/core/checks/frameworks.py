"""Required frameworks, the strength of their evidence, and ISO/IEC 42001 for AI vendors
(CONTRACT.md §3, §4, §9).

Required frameworks are the vendor profile's `required_frameworks` plus those the buyer
profile derives from the vendor's data categories, each with its reasons
(`app.core.profile.required_frameworks`). ISO 27001 and ISO 42001 are evidenced only by a
certificate in force (not expired, superseded or future-dated), SOC 2 by a SOC 2 report, GDPR
also by an ISO/IEC 27701 certificate in force; the sector frameworks by their evidence kind
(§9): a PCI DSS AoC, a FedRAMP authorization, a HIPAA attestation, a DPA naming the GDPR or
the DPDP Act, a CJIS Security Addendum, a Section 889 representation. A framework merely
mentioned elsewhere ("HIPAA-covered data" in a scope) is not evidence; the finding says
where it is mentioned. Evidence that is stale, non-compliant or for another entity or service
raises FRAMEWORK_EVIDENCE_WEAK instead of FRAMEWORK_REQUIRED_MISSING (framework_evidence).
"""

import re
from collections.abc import Iterator

from app.core.checks.context import CheckContext, Doc, fmt
from app.core.checks.framework_evidence import MAX_AGE_MONTHS, Standing, standings
from app.core.facts import CertificateFacts, Iso42001ReadinessFacts, ReadinessStage, Soc2ReportFacts
from app.core.findings import Finding, FindingCode, FindingEvidence, Severity
from app.core.kinds import DocumentKind
from app.core.profile import Framework, RequiredFramework, required_frameworks

# Names under which a document mentions each framework.
_ALIASES: dict[Framework, tuple[str, ...]] = {
    Framework.HIPAA: (r"\bHIPAA\b", r"Health Insurance Portability"),
    Framework.PCI_DSS: (r"\bPCI[\s-]?DSS\b", r"Payment Card Industry"),
    Framework.FedRAMP: (r"\bFedRAMP\b",),
    Framework.GDPR: (r"\bU?K?[\s-]?GDPR\b", r"General Data Protection Regulation"),
    Framework.DPDP: (r"\bDPDP\b", r"Digital Personal Data Protection"),
    Framework.CJIS: (r"\bCJIS\b", r"Criminal Justice Information Services"),
    Framework.NDAA_889: (r"\bNDAA\b", r"\bSection 889\b"),
}
_EXPECTED = {
    Framework.ISO_27001: "an ISO/IEC 27001 certificate in force",
    Framework.ISO_42001: "an ISO/IEC 42001 certificate in force",
    Framework.SOC_2: "a SOC 2 report",
    Framework.HIPAA: f"a HIPAA attestation or examination report by an independent assessor from the last {MAX_AGE_MONTHS} months",
    Framework.PCI_DSS: f"a PCI DSS Attestation of Compliance from the last {MAX_AGE_MONTHS} months",
    Framework.FedRAMP: "the FedRAMP authorization of the offering (agency ATO letter, P-ATO or Marketplace record)",
    Framework.GDPR: "a data processing agreement under the GDPR (or an ISO/IEC 27701 certificate in force)",
    Framework.DPDP: "a data processing agreement under India's Digital Personal Data Protection Act",
    Framework.CJIS: "the FBI CJIS Security Addendum signed by your organisation",
    Framework.NDAA_889: f"your FAR 52.204-24/-26 (NDAA Section 889) representation from the last {MAX_AGE_MONTHS} months",
}  # fmt: skip


def _in_force(ctx: CheckContext, cert: Doc[CertificateFacts]) -> bool:
    f = cert.facts
    if f.expiry_date and f.expiry_date < ctx.as_of:
        return False
    if f.issue_date and f.issue_date > ctx.as_of:
        return False
    superseded = (
        cert.kind is DocumentKind.iso27001_certificate
        and f.standard_version == "2013"
        and ctx.as_of > ctx.model.iso27001_2013_transition_end
    )
    return not superseded


def _certified(ctx: CheckContext, framework: Framework) -> bool:
    """ISO 27001/42001, SOC 2 and GDPR-by-27701: supported by a certificate or SOC 2 report."""
    in_force = {c.kind for c in ctx.certificates() if _in_force(ctx, c)}
    if framework is Framework.ISO_27001:
        return DocumentKind.iso27001_certificate in in_force
    if framework is Framework.ISO_42001:
        return DocumentKind.iso42001_certificate in in_force
    if framework is Framework.SOC_2:
        return bool(ctx.docs(DocumentKind.soc2_report, Soc2ReportFacts))
    return framework is Framework.GDPR and DocumentKind.iso27701_certificate in in_force


def _mentions(ctx: CheckContext, framework: Framework) -> list[FindingEvidence]:
    """Where the documents name the framework without evidencing it."""
    patterns = [re.compile(a, re.IGNORECASE) for a in _ALIASES.get(framework, ())]
    found: list[FindingEvidence] = []
    for d in ctx.documents:
        for ev in d.parsed.evidence.values() if d.parsed else ():
            if any(p.search(ev.quote) for p in patterns):
                found.append(FindingEvidence(document=d.ref, page=ev.page, quote=ev.quote))
    return list(dict.fromkeys(found))


def _why(required: RequiredFramework) -> str:
    return f"{required.framework.value} is required: {'; '.join(required.reasons)}."


def framework_required_missing(ctx: CheckContext) -> Iterator[Finding]:
    """FRAMEWORK_REQUIRED_MISSING: "a framework in `required_frameworks` has no supporting
    evidence"."""
    for required in required_frameworks(ctx.profile, ctx.buyer):
        framework = required.framework
        if _certified(ctx, framework) or standings(ctx, framework):
            continue
        expected = _EXPECTED[framework]
        mentions = _mentions(ctx, framework)
        detail = (
            f"{_why(required)} None of the {len(ctx.documents)} documents supplied is {expected}."
        )
        if mentions:
            where = ", ".join(dict.fromkeys(m.document for m in mentions))
            detail += f" {framework.value} is mentioned in {where}, but a mention is not evidence."
        yield ctx.finding(
            FindingCode.FRAMEWORK_REQUIRED_MISSING,
            title=f"Required framework {framework.value} not evidenced",
            detail=detail,
            evidence=mentions,
            ask_vendor=f"We require {framework.value}. Please send {expected}, or tell us it is "
            "not in place.",
        )


def framework_evidence_weak(ctx: CheckContext) -> Iterator[Finding]:
    """FRAMEWORK_EVIDENCE_WEAK: "the evidence for a required framework is expired, stale,
    non-compliant or for another entity or service"."""
    for required in required_frameworks(ctx.profile, ctx.buyer):
        framework = required.framework
        offered = standings(ctx, framework)
        if _certified(ctx, framework) or not offered or any(s.sufficient for s in offered):
            continue
        problems = "; ".join(f"{s.doc.ref}: {', '.join(s.problems)}" for s in offered)
        products = ", ".join(ctx.profile.products) or "the service we buy"
        yield ctx.finding(
            FindingCode.FRAMEWORK_EVIDENCE_WEAK,
            title=f"Evidence for {framework.value} is not sufficient",
            detail=f"{_why(required)} The evidence supplied does not show it in force: {problems}.",
            evidence=[e for s in offered for e in _cite(s)],
            ask_vendor=f"The {framework.value} evidence you sent falls short ({problems}). Please "
            f"send {_EXPECTED[framework]} for {ctx.profile.name}, covering {products}.",
        )


def _cite(standing: Standing) -> list[FindingEvidence]:
    return standing.doc.cite(*standing.cited)


def _readiness(ctx: CheckContext) -> list[Doc[Iso42001ReadinessFacts]]:
    docs = ctx.docs(DocumentKind.iso42001_readiness, Iso42001ReadinessFacts)
    return [d for d in docs if d.facts.date is None or d.facts.date <= ctx.as_of]


def iso42001_absent(ctx: CheckContext) -> Iterator[Finding]:
    """ISO42001_ABSENT: "AI vendor without an ISO/IEC 42001 certificate in force (`low`
    severity when `iso42001_readiness` evidence is supplied; the detail gives its date)"."""
    if not ctx.profile.ai_vendor or _certified(ctx, Framework.ISO_42001):
        return
    lapsed = bool(ctx.docs(DocumentKind.iso42001_certificate, CertificateFacts))
    detail = (
        "The vendor builds AI products but supplied no ISO/IEC 42001 (AI management system) "
        + ("certificate in force." if lapsed else "certificate.")
    )
    readiness = _readiness(ctx)
    if not readiness:
        yield ctx.finding(
            FindingCode.ISO42001_ABSENT,
            title="No ISO/IEC 42001 certificate",
            detail=detail,
            evidence=[],
            ask_vendor="Is your AI management system certified to ISO/IEC 42001, or is "
            "certification planned? Please send the certificate and scope, or describe how you "
            "govern AI risk (model development, data, monitoring) today.",
        )
        return
    shown = "; ".join(_readiness_words(d) for d in readiness)
    yield ctx.finding(
        FindingCode.ISO42001_ABSENT,
        title="ISO/IEC 42001 certification in progress, not yet certified",
        detail=f"{detail} It shows readiness, which is not certification: {shown}.",
        evidence=[e for d in readiness for e in d.cite("date", "stage", "certification_body")],
        ask_vendor="You are working towards ISO/IEC 42001. When are the Stage 2 audit and the "
        "certification decision planned? Please send the certificate and its scope when issued, "
        "and the Stage 1 findings and how they were addressed.",
        severity=Severity.low,
    )


def _readiness_words(doc: Doc[Iso42001ReadinessFacts]) -> str:
    f = doc.facts
    what = {
        ReadinessStage.stage1: "a Stage 1 audit report",
        ReadinessStage.engagement: "an engagement letter",
    }
    text = (
        what.get(f.stage, "ISO/IEC 42001 readiness evidence")
        if f.stage
        else "ISO/IEC 42001 readiness evidence"
    )
    if f.certification_body:
        text += f" from {f.certification_body}"
    return text + (f" dated {fmt(f.date)}" if f.date else " (undated)") + f" ({doc.ref})"
