"""Certificate presence, validity, edition and holder (CONTRACT.md §4, certificate rows).

Validity is judged against `as_of`, never the clock; the 2013-edition cut-off, the expiring
window and the certification cycle come from the risk model.
"""

from collections.abc import Iterator

from app.core.checks.context import CheckContext, Doc, add_months, fmt
from app.core.facts import CertificateFacts
from app.core.findings import Finding, FindingCode
from app.core.kinds import DocumentKind
from app.core.names import names_match

_STANDARD_LABEL = {
    DocumentKind.iso27001_certificate: "ISO/IEC 27001",
    DocumentKind.iso42001_certificate: "ISO/IEC 42001",
    DocumentKind.iso27701_certificate: "ISO/IEC 27701",
}


def describe(cert: Doc[CertificateFacts]) -> str:
    """A certificate as a reviewer names it: standard, number and holder."""
    f = cert.facts
    label = _STANDARD_LABEL.get(cert.kind, "ISO")
    if f.standard_version:
        label += f":{f.standard_version}"
    label += " certificate"
    if f.certificate_number:
        label += f" {f.certificate_number}"
    if f.holder:
        label += f" ({f.holder})"
    return label


def no_iso27001(ctx: CheckContext) -> Iterator[Finding]:
    """NO_ISO27001: "no ISO/IEC 27001 certificate was supplied"."""
    if ctx.docs(DocumentKind.iso27001_certificate, CertificateFacts):
        return
    yield ctx.finding(
        FindingCode.NO_ISO27001,
        title="No ISO/IEC 27001 certificate supplied",
        detail=f"None of the {len(ctx.documents)} documents supplied is an ISO/IEC 27001 "
        "certificate, so the vendor's information security management system is not "
        "evidenced as independently certified.",
        evidence=[],
        ask_vendor="Please send your current ISO/IEC 27001 certificate, with its scope and "
        "Statement of Applicability, or tell us if your organisation is not certified.",
    )


def cert_expired(ctx: CheckContext) -> Iterator[Finding]:
    """CERT_EXPIRED: "`expiry_date` < as_of" (for a certificate not replaced by a later one)."""
    for cert in ctx.current_certificates():
        expiry = cert.facts.expiry_date
        if expiry is None or expiry >= ctx.as_of:
            continue
        days = (ctx.as_of - expiry).days
        yield ctx.finding(
            FindingCode.CERT_EXPIRED,
            title="Certificate expired",
            detail=f"The {describe(cert)} expired on {fmt(expiry)}, {days} days before "
            f"{fmt(ctx.as_of)}; an expired certificate does not count as certification.",
            evidence=cert.cite("expiry_date"),
            ask_vendor=f"Your certificate {cert.facts.certificate_number or ''} expired on "
            f"{fmt(expiry)}. Please send the renewed certificate, or the recertification "
            "audit report and the certification body's decision date.",
        )


def cert_expiring(ctx: CheckContext) -> Iterator[Finding]:
    """CERT_EXPIRING: "expiry within 90 days of as_of" (window from the risk model)."""
    window = ctx.model.expiring_window_days
    for cert in ctx.current_certificates():
        expiry = cert.facts.expiry_date
        if expiry is None or not 0 <= (expiry - ctx.as_of).days <= window:
            continue
        days = (expiry - ctx.as_of).days
        yield ctx.finding(
            FindingCode.CERT_EXPIRING,
            title="Certificate expires soon",
            detail=f"The {describe(cert)} expires on {fmt(expiry)}, {days} days after "
            f"{fmt(ctx.as_of)} (window: {window} days).",
            evidence=cert.cite("expiry_date"),
            ask_vendor=f"Your certificate expires on {fmt(expiry)}. When is the recertification "
            "audit scheduled, and will you send the renewed certificate as soon as it is issued?",
        )


def cert_not_yet_valid(ctx: CheckContext) -> Iterator[Finding]:
    """CERT_NOT_YET_VALID: "`issue_date` > as_of"."""
    for cert in ctx.certificates():
        issued = cert.facts.issue_date
        if issued is None or issued <= ctx.as_of:
            continue
        yield ctx.finding(
            FindingCode.CERT_NOT_YET_VALID,
            title="Certificate not yet valid",
            detail=f"The {describe(cert)} is dated {fmt(issued)}, "
            f"{(issued - ctx.as_of).days} days after {fmt(ctx.as_of)}.",
            evidence=cert.cite("issue_date"),
            ask_vendor=f"The certificate is dated {fmt(issued)}, in the future. Please confirm the "
            "certification decision date and send the certificate currently in force.",
        )


def cert_validity_exceeds_cycle(ctx: CheckContext) -> Iterator[Finding]:
    """CERT_VALIDITY_EXCEEDS_CYCLE: "expiry more than 3 years after the issue date"."""
    years = ctx.model.certification_cycle_years
    for cert in ctx.certificates():
        issued, expiry = cert.facts.issue_date, cert.facts.expiry_date
        if issued is None or expiry is None:
            continue
        limit = add_months(issued, 12 * years)
        if expiry <= limit:
            continue
        yield ctx.finding(
            FindingCode.CERT_VALIDITY_EXCEEDS_CYCLE,
            title="Validity longer than the certification cycle",
            detail=f"The {describe(cert)} runs from {fmt(issued)} to {fmt(expiry)}, "
            f"{(expiry - limit).days} days beyond the {years}-year certification cycle "
            f"(latest expected expiry {fmt(limit)}).",
            evidence=cert.cite("issue_date", "expiry_date"),
            ask_vendor=f"Your certificate runs from {fmt(issued)} to {fmt(expiry)}, longer than a "
            f"{years}-year cycle. Please ask your certification body to confirm the validity "
            "period and send its confirmation.",
        )


def cert_superseded_standard(ctx: CheckContext) -> Iterator[Finding]:
    """CERT_SUPERSEDED_STANDARD: "ISO/IEC 27001:2013 certificate assessed after 2025-10-31"."""
    end = ctx.model.iso27001_2013_transition_end
    if ctx.as_of <= end:
        return
    for cert in ctx.current_certificates():
        if (
            cert.kind is not DocumentKind.iso27001_certificate
            or cert.facts.standard_version != "2013"
        ):
            continue
        yield ctx.finding(
            FindingCode.CERT_SUPERSEDED_STANDARD,
            title="Certificate to the withdrawn 2013 edition",
            detail=f"The {describe(cert)} was issued against the 2013 edition; the transition to "
            f"ISO/IEC 27001:2022 ended {fmt(end)}, so as of {fmt(ctx.as_of)} it no longer "
            "counts as certification, whatever validity it prints.",
            evidence=cert.cite("standard_version", "standard"),
            ask_vendor="Your certificate is to ISO/IEC 27001:2013, whose transition period ended "
            f"on {fmt(end)}. Please send your ISO/IEC 27001:2022 certificate and its Statement "
            "of Applicability.",
        )


def cert_holder_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    """CERT_HOLDER_MISMATCH: "the certified organisation matches none of the vendor's names"."""
    names = [ctx.profile.name, *ctx.profile.legal_names]
    for cert in ctx.certificates():
        holder = cert.facts.holder
        threshold = ctx.model.holder_match_threshold
        if holder is None or any(names_match(holder, n, threshold) for n in names):
            continue
        yield ctx.finding(
            FindingCode.CERT_HOLDER_MISMATCH,
            title="Certificate held by another organisation",
            detail=f"The {describe(cert)} is held by '{holder}', which matches none of the "
            f"vendor's names ({'; '.join(names)}).",
            evidence=cert.cite("holder"),
            ask_vendor=f"The certificate is held by '{holder}'. How is that organisation related "
            f"to {ctx.profile.name}, and does its certified scope cover the services you "
            "provide to us?",
        )
