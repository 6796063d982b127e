"""Documents that cannot be read, contradict themselves or each other (CONTRACT.md §4).

DOCUMENT_UNREADABLE, DOCUMENT_INCONSISTENT and CERT_NUMBER_MISMATCH: problems with the
evidence itself rather than with the vendor's security, reported so a reviewer does not
rely on a document that cannot bear the weight.
"""

from collections.abc import Iterator
from typing import Any

from app.core.checks.certificate import describe
from app.core.checks.confidence import unsure_facts
from app.core.checks.context import CheckContext, Doc, add_months, fmt
from app.core.facts import (
    BridgeLetterFacts,
    CertificateFacts,
    SoaFacts,
    Soc2ReportFacts,
    SurveillanceFacts,
)
from app.core.findings import Finding, FindingCode, FindingEvidence
from app.core.kinds import CERTIFICATE_KINDS, DocumentKind
from app.core.names import names_match
from app.core.reconcile import numbers_agree


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


def _quoted(doc: Doc[Any], fact: str) -> str:
    """A reading as a reviewer checks it: the value, and the page it was read on."""
    value = getattr(doc.facts, fact)
    ev = doc.parsed.evidence.get(fact)
    return f"'{value}' ({doc.ref}" + (f", page {ev.page})" if ev else ")")


def _disagreement(ctx: CheckContext, doc: Doc[Any]) -> tuple[str, list[FindingEvidence]] | None:
    """Why `doc` refers to another certificate than those supplied, quoting both readings; None
    when it agrees, is linked, or the readings that would disagree are not confident."""
    if ctx.reconciliation.certificate_of(doc.ref) is not None:
        return None
    certs = ctx.certificates()
    number = getattr(doc.facts, "certificate_number", None)
    numbered = [c for c in certs if c.facts.certificate_number]
    if number and numbered:
        if not ctx.confident(doc, "certificate_number"):
            return None
        sure = [c for c in numbered if ctx.confident(c, "certificate_number")]
        if not sure or any(numbers_agree(number, c.facts.certificate_number or "") for c in certs):
            return None
        listed = ", ".join(_quoted(c, "certificate_number") for c in sure)
        evidence = doc.cite("certificate_number") + [
            e for c in sure for e in c.cite("certificate_number")
        ]
        return (
            f"certificate number {_quoted(doc, 'certificate_number')}; the certificate(s) supplied read {listed}",
            evidence,
        )
    holder = getattr(doc.facts, "holder", None)
    held = [c for c in certs if c.facts.holder and ctx.confident(c, "holder")]
    threshold = ctx.model.holder_match_threshold
    names = [ctx.profile.name, *ctx.profile.legal_names]
    if not holder or not held or not ctx.confident(doc, "holder"):
        return None
    if any(names_match(holder, n, threshold) for n in names) or any(
        names_match(holder, c.facts.holder or "", threshold) for c in certs
    ):
        return None
    listed = "; ".join(_quoted(c, "holder") for c in held)
    evidence = doc.cite("holder") + [e for c in held for e in c.cite("holder")]
    return f"holder {_quoted(doc, 'holder')}; the certificate(s) are held by {listed}", evidence


def cert_number_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    """CERT_NUMBER_MISMATCH: "surveillance evidence or SoA refers to a different certificate
    number or holder" (both readings confident, and quoted: a misread is no mismatch)."""
    referring: list[Doc[Any]] = [
        *ctx.docs(DocumentKind.surveillance_evidence, SurveillanceFacts),
        *ctx.docs(DocumentKind.soa, SoaFacts),
    ]
    for doc in referring:
        found = _disagreement(ctx, doc)
        if found is None:
            continue
        why, evidence = found
        yield ctx.finding(
            FindingCode.CERT_NUMBER_MISMATCH,
            title="Document refers to a different certificate",
            detail=f"{doc.ref} refers to {why}.",
            evidence=evidence,
            ask_vendor=f"{doc.ref} refers to a different certificate or organisation ({why}). "
            "Please send the document that belongs to your certificate, or explain how the two "
            "relate.",
        )


# The facts a check needs, per kind: what FACT_NOT_READ asks for when they were not read.
_NEEDED: dict[DocumentKind, tuple[str, ...]] = {
    **{
        kind: (
            "certification_body", "holder", "standard_version", "issue_date", "expiry_date",
            "scope",
        )
        for kind in CERTIFICATE_KINDS
    },
    DocumentKind.surveillance_evidence: (
        "certificate_number", "holder", "audit_date", "outcome", "major_nonconformities",
    ),
    DocumentKind.soc2_report: ("report_type", "period_end", "opinion", "exceptions_count"),
    DocumentKind.soc1_report: ("period_end", "opinion"),
    DocumentKind.soc3_report: ("period_end", "opinion"),
    DocumentKind.soc2_bridge_letter: ("bridge_period_end", "material_changes"),
    DocumentKind.scope_statement: ("scope",),
}  # fmt: skip
_ASK = {
    "certification_body": "the certification body that issued it",
    "holder": "the organisation it certifies",
    "standard_version": "the edition of the standard (e.g. 2022)",
    "issue_date": "its issue (certification decision) date",
    "expiry_date": "its expiry date",
    "scope": "the certified scope",
    "certificate_number": "the certificate number it refers to",
    "audit_date": "the audit date",
    "outcome": "the outcome of the audit (certification continued, suspended or withdrawn)",
    "major_nonconformities": "the number of major nonconformities",
    "report_type": "whether it is a Type 1 or Type 2 report",
    "period_end": "the end of the period it covers",
    "opinion": "the auditor's opinion",
    "exceptions_count": "how many tested controls had exceptions",
    "bridge_period_end": "the date through which it asserts no material change",
    "material_changes": "whether there were material changes",
}


def fact_not_read(ctx: CheckContext) -> Iterator[Finding]:
    """FACT_NOT_READ: "a fact that a check needs could not be read with confidence (the
    extractor abstained or is unsure); the detail names the document and facts, and
    `ask_vendor` asks for them"."""
    for assessed in ctx.documents:
        parsed = assessed.parsed
        if parsed is None or parsed.kind not in _NEEDED:
            continue
        doc: Doc[Any] = Doc(assessed.ref, parsed.kind, parsed, parsed.facts)
        unsure = unsure_facts(ctx, doc, _NEEDED[parsed.kind])
        if not unsure:
            continue
        seen = [w for w in parsed.warnings if w.split(":", 1)[0].strip() in unsure]
        read = [
            f"{f} read as '{getattr(doc.facts, f)}' with low confidence"
            for f in unsure
            if getattr(doc.facts, f) not in (None, [], "")
        ]
        detail = (
            f"In {doc.ref}, these facts could not be read with confidence: {', '.join(unsure)}."
        )
        if read:
            detail += " " + "; ".join(read) + "."
        if seen:
            detail += " What was seen: " + " | ".join(seen)
        wanted = "; ".join(_ASK.get(f, f) for f in unsure)
        yield ctx.finding(
            FindingCode.FACT_NOT_READ,
            title="Facts could not be read with confidence",
            detail=detail,
            evidence=doc.cite(*unsure),
            ask_vendor=f"We could not read with confidence from {doc.ref}: {wanted}. Please "
            "confirm them, or send a clearer copy of the document.",
        )
