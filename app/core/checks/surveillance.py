"""Surveillance audits: overdue and failed (CONTRACT.md §4, SURVEILLANCE_* rows).

ISO/IEC 17021-1 puts the first surveillance audit within 12 months of the certification
decision and one every year after. The audit clock restarts at the latest audit the vendor
evidences: a `last_audit_date` printed on the certificate or a `surveillance_evidence`
document for the same certificate. Only audits on or before `as_of` count, so previewing an
earlier date never uses evidence from its future.
"""

from collections.abc import Iterator
from datetime import date

from app.core.checks.certificate import describe
from app.core.checks.context import (
    CheckContext,
    Doc,
    add_months,
    fmt,
    normalise_number,
)
from app.core.facts import AuditOutcome, CertificateFacts, SurveillanceFacts
from app.core.findings import Finding, FindingCode, Severity
from app.core.kinds import DocumentKind
from app.core.names import names_match
from app.core.reconcile import numbers_agree

_LOST = (AuditOutcome.suspended, AuditOutcome.withdrawn)


def evidence_matches(cert: CertificateFacts, audit: SurveillanceFacts, threshold: float) -> bool:
    """True when the audit document is about this certificate: same number, else same holder."""
    if cert.certificate_number and audit.certificate_number:
        return numbers_agree(cert.certificate_number, audit.certificate_number)
    if cert.holder and audit.holder:
        return names_match(cert.holder, audit.holder, threshold)
    return False


def _audits_for(ctx: CheckContext, cert: Doc[CertificateFacts]) -> list[Doc[SurveillanceFacts]]:
    threshold = ctx.model.holder_match_threshold
    return [
        a
        for a in ctx.docs(DocumentKind.surveillance_evidence, SurveillanceFacts)
        if a.facts.audit_date is not None
        and a.facts.audit_date <= ctx.as_of
        and evidence_matches(cert.facts, a.facts, threshold)
    ]


def _anchor(ctx: CheckContext, cert: Doc[CertificateFacts]) -> tuple[date, str] | None:
    """The latest of the certification decision and the evidenced audits, with its source."""
    f = cert.facts
    candidates: list[tuple[date, str]] = []
    if f.issue_date:
        candidates.append((f.issue_date, "certification decision on the certificate"))
    if f.last_audit_date and f.last_audit_date <= ctx.as_of:
        candidates.append((f.last_audit_date, "last audit printed on the certificate"))
    # An audit that suspended or withdrew the certificate still took place: it is the newer
    # surveillance evidence (SURVEILLANCE_FAILED says what it found), not an overdue audit.
    for audit in _audits_for(ctx, cert):
        if audit.facts.audit_date:
            candidates.append((audit.facts.audit_date, f"audit evidenced in {audit.ref}"))
    return max(candidates) if candidates else None


def _printed_due_note(cert: CertificateFacts, anchor: date, as_of: date) -> str:
    passed = [d for d in cert.surveillance_due_dates if anchor < d <= as_of]
    if not passed:
        return ""
    listed = ", ".join(fmt(d) for d in sorted(passed))
    return f" The certificate itself prints surveillance due {listed}, which passed with no audit evidence."


def surveillance_overdue(ctx: CheckContext) -> Iterator[Finding]:
    """SURVEILLANCE_OVERDUE: "more than 12 months (plus a configurable grace, default 3 months)
    since the later of `issue_date` and the latest audit evidence, and no newer surveillance
    evidence".

    Past the grace deadline the finding has the model's severity (high by default). Between
    the due date (12 months, or an earlier due date printed on the certificate) and the grace
    deadline it is raised at `low` severity as an early warning: a reviewer wants the
    surveillance evidence asked for as soon as the certificate says it was due, while the
    grace keeps late-but-normal audits from weighing on the score."""
    interval, grace = ctx.model.surveillance_interval_months, ctx.model.surveillance_grace_months
    for cert in ctx.current_certificates():
        f = cert.facts
        # An expired or future certificate has its own finding; overdue would only repeat it.
        if (f.expiry_date and f.expiry_date < ctx.as_of) or (
            f.issue_date and f.issue_date > ctx.as_of
        ):
            continue
        anchor = _anchor(ctx, cert)
        if anchor is None:
            continue
        since, source = anchor
        printed = [d for d in f.surveillance_due_dates if since < d]
        due = min([add_months(since, interval), *printed])
        deadline = add_months(since, interval + grace)
        if ctx.as_of <= due:
            continue
        within_grace = ctx.as_of <= deadline
        if within_grace and not printed:
            # Inside the grace, only a due date the certificate itself prints makes the
            # audit late; the contract's 12 months plus grace is the deadline otherwise.
            continue
        if within_grace:
            status = (
                f"As of {fmt(ctx.as_of)} it is {(ctx.as_of - due).days} days past due, inside the "
                f"{grace} months' grace that ends {fmt(deadline)}; no newer surveillance evidence "
                "was supplied."
            )
        else:
            status = (
                f"With {grace} months' grace the deadline was {fmt(deadline)}. As of "
                f"{fmt(ctx.as_of)} it is {(ctx.as_of - due).days} days overdue and no newer "
                "surveillance evidence was supplied."
            )
        yield ctx.finding(
            FindingCode.SURVEILLANCE_OVERDUE,
            title="Surveillance audit due date passed"
            if within_grace
            else "Surveillance audit overdue",
            detail=f"The {describe(cert)} was last confirmed on {fmt(since)}, by the {source}. The next "
            f"surveillance audit was due by {fmt(due)}. "
            + status
            + _printed_due_note(f, since, ctx.as_of),
            evidence=cert.cite("issue_date", "last_audit_date", "surveillance_due_dates"),
            ask_vendor=f"Your last evidenced audit for certificate {f.certificate_number or ''} was "
            f"on {fmt(since)}, and surveillance was due by {fmt(due)}. Please send the certification "
            "body's report or letter for the most recent surveillance audit, with its date and "
            "outcome.",
            severity=Severity.low if within_grace else None,
        )


def _latest_by_certificate(ctx: CheckContext) -> list[Doc[SurveillanceFacts]]:
    """The most recent audit document per certificate (number, else holder)."""
    latest: dict[str, Doc[SurveillanceFacts]] = {}
    for audit in ctx.docs(DocumentKind.surveillance_evidence, SurveillanceFacts):
        f = audit.facts
        key = normalise_number(f.certificate_number or "") or (f.holder or audit.ref).casefold()
        held = latest.get(key)
        if held is None or (f.audit_date or date.min) >= (held.facts.audit_date or date.min):
            latest[key] = audit
    return list(latest.values())


def surveillance_failed(ctx: CheckContext) -> Iterator[Finding]:
    """SURVEILLANCE_FAILED: "surveillance evidence shows suspension, withdrawal or open major
    nonconformities" (a later audit of the same certificate closes earlier ones)."""
    for audit in _latest_by_certificate(ctx):
        f = audit.facts
        majors = f.major_nonconformities or 0
        if f.outcome not in _LOST and majors == 0:
            continue
        when = fmt(f.audit_date) if f.audit_date else "an undated audit"
        number = f.certificate_number or "the certificate"
        if f.outcome in _LOST:
            severity, what = Severity.critical, f"certification was {f.outcome.value}"
        else:
            severity, what = ctx.model.surveillance_major_nc_severity, "certification continues"
        yield ctx.finding(
            FindingCode.SURVEILLANCE_FAILED,
            title="Surveillance audit failed"
            if f.outcome in _LOST
            else "Open major nonconformities",
            detail=f"The {f.audit_type.value if f.audit_type else 'audit'} on {when} of {number} "
            f"raised {majors} major and {f.minor_nonconformities or 0} minor nonconformities; "
            f"{what}.",
            evidence=audit.cite("outcome", "major_nonconformities", "audit_date"),
            ask_vendor=f"The audit on {when} of {number} found {majors} major nonconformities"
            + (f" and the certificate was {f.outcome.value}" if f.outcome in _LOST else "")
            + ". Please send the corrective action plan, the certification body's confirmation "
            "that the nonconformities are closed, and the current certificate status.",
            severity=severity,
        )
