"""Accreditation of the certification body and the printed mark (CONTRACT.md §4).

The verdicts come from the reference data: `assess` runs `verify_certification` for each
certificate and puts the result in the context; these rules turn each verification issue
into a finding that names the record (and its provenance) that decided it. Only
CERT_NO_ACCREDITATION_MARK is read straight from the certificate's facts.
"""

from collections.abc import Iterator

from app.core.accreditation.verify import LookupVerdict, VerificationIssue
from app.core.checks.certificate import describe
from app.core.checks.context import CheckContext
from app.core.findings import Finding, FindingCode

_TITLES = {
    FindingCode.CB_NOT_ACCREDITED: "Certification body not accredited",
    FindingCode.CB_ACCREDITATION_SCOPE: "Certification body not accredited for this standard",
    FindingCode.AB_NOT_RECOGNISED: "Accreditation body not recognised",
    FindingCode.AB_MISMATCH: "Accreditation body does not accredit this certification body",
    FindingCode.CB_ACCREDITATION_SUSPENDED: "Certification body's accreditation suspended",
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
}


def _with_record(issue: VerificationIssue) -> str:
    """The issue's sentence, naming its deciding record unless it already does."""
    if issue.record and issue.record not in issue.detail:
        return f"{issue.detail} Decided by: {issue.record}."
    return issue.detail


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
            yield ctx.finding(
                code,
                title=_TITLES[code],
                detail=f"{describe(cert)}: {_with_record(issue)}{provenance}",
                evidence=cert.cite("certification_body", "accreditation_body"),
                ask_vendor=_ASK[code].format(cb=cb, ab=ab),
            )


def cb_not_accredited(ctx: CheckContext) -> Iterator[Finding]:
    """CB_NOT_ACCREDITED: "the certification body is not accredited for that standard by any
    recognised accreditation body in the reference data"."""
    yield from _from_verification(ctx, FindingCode.CB_NOT_ACCREDITED)
    yield from _cb_unknown(ctx)


_UNACCREDITED = (LookupVerdict.not_found, LookupVerdict.not_accredited_for_standard)
_CB_CODES = (
    FindingCode.CB_NOT_ACCREDITED,
    FindingCode.CB_ACCREDITATION_SCOPE,
    FindingCode.CB_ACCREDITATION_SUSPENDED,
)


def _cb_unknown(ctx: CheckContext) -> Iterator[Finding]:
    """A CB without recognised accreditation whose issue the verification folded into
    AB_NOT_RECOGNISED.

    The look-alike mark is the specific reason, but the CB is still not accredited by any
    recognised body, and the contract (and the corpus) expect both findings.
    """
    for cert in ctx.certificates():
        v = ctx.verifications.get(cert.ref)
        cb = cert.facts.certification_body
        if v is None or not cb or v.verdict not in _UNACCREDITED:
            continue
        if any(i.code in _CB_CODES for i in v.issues):
            continue
        yield ctx.finding(
            FindingCode.CB_NOT_ACCREDITED,
            title=_TITLES[FindingCode.CB_NOT_ACCREDITED],
            detail=f"{describe(cert)}: the certification body '{cb}' is not accredited for this "
            "standard by any recognised accreditation body in the reference data"
            + (f" (looked up: {v.record})." if v.record else "."),
            evidence=cert.cite("certification_body"),
            ask_vendor=_ASK[FindingCode.CB_NOT_ACCREDITED].format(cb=cb, ab=""),
        )


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
    mark, but the reference data holds no record of that CB: it cannot be confirmed either
    way"."""
    return iter(())
