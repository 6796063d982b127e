"""Frameworks the buyer requires, and ISO/IEC 42001 for AI vendors (CONTRACT.md §3, §4).

ISO 27001 and ISO 42001 are supported only by a certificate in force (not expired,
superseded or future-dated); SOC 2 by a SOC 2 report; the regulatory frameworks (HIPAA,
PCI DSS, FedRAMP, GDPR, ...) by a document whose facts or quoted evidence name them, such as a
scope that says "HIPAA-covered data". GDPR is also supported by an ISO/IEC 27701 certificate.
"""

import re
from collections.abc import Iterator

from app.core.checks.context import CheckContext, Doc
from app.core.facts import CertificateFacts, Soc2ReportFacts
from app.core.findings import Finding, FindingCode, FindingEvidence
from app.core.kinds import DocumentKind
from app.core.profile import Framework

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


def _texts(ctx: CheckContext) -> list[tuple[str, str]]:
    """Every string a parsed document states (facts and evidence quotes), with its ref."""
    out: list[tuple[str, str]] = []
    for d in ctx.documents:
        if d.parsed is None:
            continue
        values = d.parsed.facts_json().values()
        out += [(d.ref, v) for v in values if isinstance(v, str)]
        out += [(d.ref, ev.quote) for ev in d.parsed.evidence.values()]
    return out


def _supported(ctx: CheckContext, framework: Framework) -> bool:
    certs_in_force = {c.kind for c in ctx.certificates() if _in_force(ctx, c)}
    if framework is Framework.ISO_27001:
        return DocumentKind.iso27001_certificate in certs_in_force
    if framework is Framework.ISO_42001:
        return DocumentKind.iso42001_certificate in certs_in_force
    if framework is Framework.SOC_2:
        return bool(ctx.docs(DocumentKind.soc2_report, Soc2ReportFacts))
    if framework is Framework.GDPR and DocumentKind.iso27701_certificate in certs_in_force:
        return True
    patterns = [re.compile(a, re.IGNORECASE) for a in _ALIASES.get(framework, ())]
    return any(p.search(text) for _, text in _texts(ctx) for p in patterns)


_EXPECTED = {
    Framework.ISO_27001: "an ISO/IEC 27001 certificate in force",
    Framework.ISO_42001: "an ISO/IEC 42001 certificate in force",
    Framework.SOC_2: "a SOC 2 report",
}


def framework_required_missing(ctx: CheckContext) -> Iterator[Finding]:
    """FRAMEWORK_REQUIRED_MISSING: "a framework in `required_frameworks` has no supporting
    evidence"."""
    for framework in dict.fromkeys(ctx.profile.required_frameworks):
        if _supported(ctx, framework):
            continue
        expected = _EXPECTED.get(
            framework, f"a certificate, report or scope that names {framework.value}"
        )
        yield ctx.finding(
            FindingCode.FRAMEWORK_REQUIRED_MISSING,
            title=f"Required framework {framework.value} not evidenced",
            detail=f"The buyer requires {framework.value}; none of the {len(ctx.documents)} "
            f"documents supplied provides {expected}.",
            evidence=[],
            ask_vendor=f"We require {framework.value}. Please send your current evidence of "
            f"{framework.value} compliance ({expected}), or tell us it is not in place.",
        )


def iso42001_absent(ctx: CheckContext) -> Iterator[Finding]:
    """ISO42001_ABSENT: "AI vendor without an ISO/IEC 42001 certificate"."""
    if not ctx.profile.ai_vendor:
        return
    if ctx.docs(DocumentKind.iso42001_certificate, CertificateFacts):
        return
    evidence: list[FindingEvidence] = []
    yield ctx.finding(
        FindingCode.ISO42001_ABSENT,
        title="No ISO/IEC 42001 certificate",
        detail="The vendor builds AI products but supplied no ISO/IEC 42001 (AI management "
        "system) certificate.",
        evidence=evidence,
        ask_vendor="Is your AI management system certified to ISO/IEC 42001, or is "
        "certification planned? Please send the certificate and scope, or describe how you "
        "govern AI risk (model development, data, monitoring) today.",
    )


def framework_evidence_weak(ctx: CheckContext) -> Iterator[Finding]:
    """FRAMEWORK_EVIDENCE_WEAK: "the evidence for a required framework is expired, stale,
    non-compliant or for another entity or service"."""
    return iter(())
