"""Accreditation of the certification body and the printed mark (CONTRACT.md §4).

The verdicts come from the reference data: `assess` runs `verify_certification` for each
certificate and puts the result in the context; these rules turn each verification issue
into a finding that names the record (and its provenance) that decided it. Only
CERT_NO_ACCREDITATION_MARK is read straight from the certificate's facts.

A high or critical accreditation finding needs the facts it rests on read with confidence
(CONTRACT §4): when the certification body's name was not read, or a fact was read with low
confidence, the finding is raised at medium at most and says why.
"""

from collections.abc import Iterator

from app.core.accreditation.verify import VerificationIssue
from app.core.checks.certificate import describe
from app.core.checks.context import CheckContext, Doc
from app.core.facts import CertificateFacts, Confidence
from app.core.findings import Finding, FindingCode, Severity

_TITLES = {
    FindingCode.CB_NOT_ACCREDITED: "Certification body not accredited",
    FindingCode.CB_ACCREDITATION_SCOPE: "Certification body not accredited for this standard",
    FindingCode.AB_NOT_RECOGNISED: "Accreditation body not recognised",
    FindingCode.AB_MISMATCH: "Accreditation body does not accredit this certification body",
    FindingCode.CB_ACCREDITATION_SUSPENDED: "Certification body's accreditation suspended",
    FindingCode.CB_ACCREDITATION_UNVERIFIED: "Certification body's accreditation not verified",
}

_ASK = {
    FindingCode.CB_NOT_ACCREDITED: "We could not find {cb} accredited for this standard by any "
    "IAF MLA signatory. Please send the accreditation certificate of your certification body "
    "(accreditation body, number and scope), or a certificate from an accredited body.",
    FindingCode.CB_ACCREDITATION_SCOPE: "{cb} is accredited, but not for this standard. Please "
    "send evidence that its accreditation covers this standard, or a certificate from a body "
    "accredited for it.",
    FindingCode.AB_NOT_RECOGNISED: "Your certificate carries the mark of {ab}, which is not an IAF "
    "MLA signatory for this standard. Please send a certificate issued under accreditation by a "
    "recognised accreditation body.",
    FindingCode.AB_MISMATCH: "Your certificate names {ab}, but {cb} is not accredited by it in "
    "our reference data. Please send the certification body's accreditation certificate.",
    FindingCode.CB_ACCREDITATION_SUSPENDED: "The accreditation of {cb} is recorded as suspended "
    "or withdrawn. Please tell us how your certification is affected and send confirmation that "
    "your certificate remains valid.",
    FindingCode.CB_ACCREDITATION_UNVERIFIED: "We could not confirm the accreditation of {cb}. "
    "Please send its accreditation certificate (accreditation body, number and scope).",
}
_LOW_CEILING = Severity.medium


def _with_record(issue: VerificationIssue) -> str:
    """The issue's sentence, naming its deciding record unless it already does."""
    if issue.record and issue.record not in issue.detail:
        return f"{issue.detail} Decided by: {issue.record}."
    return issue.detail


def _unsure(cert: Doc[CertificateFacts], issue: VerificationIssue) -> list[str]:
    """The facts the issue rests on that were not read with confidence: read with low
    confidence, or (the certification body) not read at all."""
    facts = cert.facts.model_dump()
    return [
        f
        for f in issue.facts
        if cert.parsed.confidence.get(f) is Confidence.low
        or (f == "certification_body" and not facts.get(f))
    ]


def _severity(
    ctx: CheckContext, cert: Doc[CertificateFacts], issue: VerificationIssue
) -> tuple[Severity, str]:
    """The model's severity, capped at medium when the issue rests on unsure facts (and why)."""
    severity = ctx.model.severity(issue.code)
    unsure = _unsure(cert, issue)
    if not unsure or severity.rank <= _LOW_CEILING.rank:
        return severity, ""
    why = (
        f" Severity capped at {_LOW_CEILING.value}: {', '.join(unsure)} not read with confidence "
        "from the certificate, so this cannot be stated as a fact; please confirm."
    )
    return _LOW_CEILING, why


def _from_verification(ctx: CheckContext, code: FindingCode) -> Iterator[Finding]:
    """Findings for every verification issue with `code`, one per certificate and issue."""
    for cert in ctx.certificates():
        verification = ctx.verifications.get(cert.ref)
        if verification is None:
            continue
        for issue in verification.issues:
            if issue.code is not code:
                continue
            provenance = f" (Provenance: {issue.provenance.value}.)" if issue.provenance else ""
            cb = cert.facts.certification_body or "the certification body"
            ab = cert.facts.accreditation_body or "the accreditation body"
            severity, why = _severity(ctx, cert, issue)
            yield ctx.finding(
                code,
                title=_TITLES[code],
                detail=f"{describe(cert)}: {_with_record(issue)}{provenance}{why}",
                evidence=cert.cite("certification_body", "accreditation_body"),
                ask_vendor=issue.ask or _ASK[code].format(cb=cb, ab=ab),
                severity=severity,
            )


def cb_not_accredited(ctx: CheckContext) -> Iterator[Finding]:
    """CB_NOT_ACCREDITED: "the evidence shows the certification body is not accredited for that
    standard: the CB is in the reference data without a recognised accreditation for it, or the
    certificate shows no recognised accreditation (no mark, or only a look-alike's) and the CB is
    unknown"."""
    return _from_verification(ctx, FindingCode.CB_NOT_ACCREDITED)


def cb_accreditation_scope(ctx: CheckContext) -> Iterator[Finding]:
    """CB_ACCREDITATION_SCOPE: "the CB is accredited, but not for this certificate's standard
    (e.g. 27001 yes, 42001 no)"."""
    return _from_verification(ctx, FindingCode.CB_ACCREDITATION_SCOPE)


def ab_not_recognised(ctx: CheckContext) -> Iterator[Finding]:
    """AB_NOT_RECOGNISED: "the certificate names an accreditation body that is not an IAF MLA
    signatory for the sub-scope of that standard ..., including look-alike 'accreditation
    forums'"."""
    return _from_verification(ctx, FindingCode.AB_NOT_RECOGNISED)


def ab_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    """AB_MISMATCH: "the certificate names an accreditation body that does not accredit this
    CB per the reference data"."""
    return _from_verification(ctx, FindingCode.AB_MISMATCH)


def cb_accreditation_suspended(ctx: CheckContext) -> Iterator[Finding]:
    """CB_ACCREDITATION_SUSPENDED: "the reference data marks the CB's accreditation suspended
    or withdrawn"."""
    return _from_verification(ctx, FindingCode.CB_ACCREDITATION_SUSPENDED)


def cert_no_accreditation_mark(ctx: CheckContext) -> Iterator[Finding]:
    """CERT_NO_ACCREDITATION_MARK: "the certificate shows no accreditation body at all"."""
    for cert in ctx.certificates():
        if cert.facts.accreditation_body is not None:
            continue
        yield ctx.finding(
            FindingCode.CERT_NO_ACCREDITATION_MARK,
            title="No accreditation mark on the certificate",
            detail=f"The {describe(cert)} names no accreditation body (no mark or accreditation "
            "text could be read), so nothing on it shows the certification is accredited.",
            evidence=cert.cite("certification_body"),
            ask_vendor="Your certificate shows no accreditation body. Is the certification "
            "accredited? If so, please send a copy showing the accreditation mark, or the "
            "certification body's confirmation naming its accreditation body and number.",
        )


def cb_accreditation_unverified(ctx: CheckContext) -> Iterator[Finding]:
    """CB_ACCREDITATION_UNVERIFIED: "the certificate shows a recognised accreditation body's
    mark, but the reference data holds no record of that CB: it cannot be confirmed either way
    (the detail says where to check; 'not found' is not 'invalid')"."""
    return _from_verification(ctx, FindingCode.CB_ACCREDITATION_UNVERIFIED)
