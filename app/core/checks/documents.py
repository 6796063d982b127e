"""Documents that cannot be read, contradict themselves or each other (CONTRACT.md §4).

DOCUMENT_UNREADABLE, DOCUMENT_INCONSISTENT and CERT_NUMBER_MISMATCH: problems with the
evidence itself rather than with the vendor's security, reported so a reviewer does not
rely on a document that cannot bear the weight.
"""

from collections.abc import Iterator
from typing import Any

from app.core.checks.certificate import describe
from app.core.checks.context import (
    CheckContext,
    Doc,
    add_months,
    fmt,
    normalise_number,
)
from app.core.facts import (
    BridgeLetterFacts,
    CertificateFacts,
    SoaFacts,
    Soc2ReportFacts,
    SurveillanceFacts,
)
from app.core.findings import Finding, FindingCode, FindingEvidence
from app.core.kinds import DocumentKind
from app.core.names import names_match


def document_unreadable(ctx: CheckContext) -> Iterator[Finding]:
    """DOCUMENT_UNREADABLE: "a document could not be parsed (encrypted, corrupt, no text even
    after OCR)"."""
    for doc in ctx.documents:
        if doc.parsed is not None:
            continue
        yield ctx.finding(
            FindingCode.DOCUMENT_UNREADABLE,
            title="Document could not be read",
            detail=f"{doc.ref} could not be parsed: {doc.error or 'no reason recorded'}. "
            "Nothing in it was used in this assessment.",
            evidence=[FindingEvidence(document=doc.ref)],
            ask_vendor=f"We could not read {doc.ref}. Please send it again as an unencrypted PDF "
            "with a text layer (or a clear scan).",
        )


def _certificate_contradictions(ctx: CheckContext, cert: Doc[CertificateFacts]) -> list[str]:
    f = cert.facts
    issues: list[str] = []
    if f.issue_date and f.expiry_date and f.expiry_date < f.issue_date:
        issues.append(
            f"it expires ({fmt(f.expiry_date)}) before it was issued ({fmt(f.issue_date)})"
        )
    years = f.stated_validity_years
    if years and f.issue_date and f.expiry_date and f.expiry_date >= f.issue_date:
        expected = add_months(f.issue_date, 12 * years)
        off = abs((f.expiry_date - expected).days)
        # A certificate re-issued mid-cycle keeps the cycle's expiry: shorter is then expected.
        reissued = (
            f.original_certification_date is not None
            and f.original_certification_date < f.issue_date
            and f.expiry_date < expected
        )
        if off > ctx.model.stated_validity_tolerance_days and not reissued:
            issues.append(
                f"it states a validity of {years} year(s) but runs from {fmt(f.issue_date)} to "
                f"{fmt(f.expiry_date)} ({(f.expiry_date - f.issue_date).days} days)"
            )
    return issues


def _other_contradictions(ctx: CheckContext) -> Iterator[tuple[Doc[Any], str, list[str]]]:
    for letter in ctx.docs(DocumentKind.soc2_bridge_letter, BridgeLetterFacts):
        lf = letter.facts
        if lf.report_date and lf.letter_date and lf.report_date > lf.letter_date:
            yield (
                letter,
                f"the letter dated {fmt(lf.letter_date)} cites a SOC 2 report dated "
                f"{fmt(lf.report_date)}, after the letter itself",
                ["letter_date", "report_date"],
            )
    for report in ctx.docs(DocumentKind.soc2_report, Soc2ReportFacts):
        rf = report.facts
        if rf.period_start and rf.period_end and rf.period_end < rf.period_start:
            yield (
                report,
                f"its period ends ({fmt(rf.period_end)}) before it starts ({fmt(rf.period_start)})",
                ["period_start", "period_end"],
            )


def document_inconsistent(ctx: CheckContext) -> Iterator[Finding]:
    """DOCUMENT_INCONSISTENT: "a document contradicts itself: expiry before issue, a stated
    validity period that the dates do not match, a letter citing a report dated after the
    letter"."""
    found: list[tuple[Doc[Any], str, list[str]]] = [
        (cert, f"the {describe(cert)}: {issue}", ["issue_date", "expiry_date"])
        for cert in ctx.certificates()
        for issue in _certificate_contradictions(ctx, cert)
    ]
    found += list(_other_contradictions(ctx))
    for doc, what, fields in found:
        yield ctx.finding(
            FindingCode.DOCUMENT_INCONSISTENT,
            title="Document contradicts itself",
            detail=f"In {doc.ref}, {what}.",
            evidence=doc.cite(*fields),
            ask_vendor=f"{doc.ref} contradicts itself ({what}). Please explain the discrepancy "
            "and send a corrected copy, confirmed by its issuer.",
        )


def _mismatch(ctx: CheckContext, number: str | None, holder: str | None) -> str | None:
    """Why a referenced certificate number or holder matches no certificate supplied."""
    certs = [c.facts for c in ctx.certificates()]
    numbers = {normalise_number(c.certificate_number) for c in certs if c.certificate_number}
    if number and numbers and normalise_number(number) not in numbers:
        listed = ", ".join(c.certificate_number for c in certs if c.certificate_number)
        return f"certificate number {number}, but the certificate(s) supplied are {listed}"
    holders = [c.holder for c in certs if c.holder]
    threshold = ctx.model.holder_match_threshold
    if holder and holders and not any(names_match(holder, h, threshold) for h in holders):
        return f"holder '{holder}', but the certificate(s) are held by {'; '.join(holders)}"
    return None


def cert_number_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    """CERT_NUMBER_MISMATCH: "surveillance evidence or SoA refers to a different certificate
    number or holder"."""
    referring: list[tuple[Doc[SurveillanceFacts] | Doc[SoaFacts], str | None, str | None]] = [
        (a, a.facts.certificate_number, a.facts.holder)
        for a in ctx.docs(DocumentKind.surveillance_evidence, SurveillanceFacts)
    ]
    referring += [
        (s, s.facts.certificate_number, s.facts.holder)
        for s in ctx.docs(DocumentKind.soa, SoaFacts)
    ]
    for doc, number, holder in referring:
        why = _mismatch(ctx, number, holder)
        if why is None:
            continue
        yield ctx.finding(
            FindingCode.CERT_NUMBER_MISMATCH,
            title="Document refers to a different certificate",
            detail=f"{doc.ref} refers to {why}.",
            evidence=doc.cite("certificate_number", "holder"),
            ask_vendor=f"{doc.ref} refers to a different certificate or organisation ({why}). "
            "Please send the document that belongs to your certificate, or explain how the two "
            "relate.",
        )


def fact_not_read(ctx: CheckContext) -> Iterator[Finding]:
    """FACT_NOT_READ: "a fact that a check needs could not be read with confidence (the
    extractor abstained or is unsure)"."""
    return iter(())
