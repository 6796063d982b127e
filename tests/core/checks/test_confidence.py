"""High and critical findings rest on confident facts; FACT_NOT_READ asks for the others
(CONTRACT §4, last paragraph)."""

from datetime import date

from app.core.checks import run_rules
from app.core.checks.confidence import gate
from app.core.checks.context import AssessedDocument, CheckContext
from app.core.facts import Confidence, ParsedDocument
from app.core.findings import FindingCode, Severity
from app.core.reconcile import reconcile
from tests.builders import (
    codes,
    make_certificate_facts,
    make_context,
    make_parsed,
    make_profile,
    make_soa_facts,
    make_surveillance_facts,
    raised,
    verification_with,
)

C = FindingCode


def low(parsed: ParsedDocument, *facts: str) -> ParsedDocument:
    return parsed.model_copy(
        update={"confidence": {**parsed.confidence, **dict.fromkeys(facts, Confidence.low)}}
    )


def reconciled(ctx: CheckContext) -> CheckContext:
    docs = [(d.ref, d.parsed) for d in ctx.documents if d.parsed is not None]
    rec = reconcile(docs, ctx.profile, threshold=ctx.model.holder_match_threshold)
    return CheckContext(
        ctx.documents, ctx.profile, ctx.as_of, ctx.model, ctx.verifications, reconciliation=rec
    )


EXPIRED = make_certificate_facts(issue_date=date(2022, 1, 1), expiry_date=date(2025, 1, 1))


def test_expired_on_a_confident_date_stays_critical() -> None:
    ctx = make_context(AssessedDocument("cert.pdf", make_parsed(EXPIRED)))
    (finding,) = [f for f in gate(ctx, run_rules(ctx)) if f.code is C.CERT_EXPIRED]
    assert finding.severity is Severity.critical


def test_expired_on_a_low_confidence_date_is_capped_and_asked_for() -> None:
    ctx = make_context(AssessedDocument("cert.pdf", low(make_parsed(EXPIRED), "expiry_date")))
    findings = gate(ctx, run_rules(ctx))
    (expired,) = [f for f in findings if f.code is C.CERT_EXPIRED]
    assert expired.severity is Severity.medium
    assert "cert.pdf: expiry_date" in expired.detail and "capped at medium" in expired.detail
    (asked,) = [f for f in findings if f.code is C.FACT_NOT_READ]
    assert "its expiry date" in asked.ask_vendor
    assert asked.evidence[0].document == "cert.pdf"


def test_unread_certification_body_caps_the_accreditation_verdict() -> None:
    facts = make_certificate_facts(certification_body=None)
    ctx = make_context(
        AssessedDocument("cert.pdf", make_parsed(facts)),
        verifications={"cert.pdf": verification_with(C.CB_NOT_ACCREDITED)},
    )
    findings = gate(ctx, run_rules(ctx))
    (cb,) = [f for f in findings if f.code is C.CB_NOT_ACCREDITED]
    assert cb.severity is Severity.medium
    (asked,) = [f for f in findings if f.code is C.FACT_NOT_READ]
    assert "the certification body that issued it" in asked.ask_vendor


def test_an_abstention_is_not_read_a_plain_absence_is_not_asked_for() -> None:
    abstained = make_parsed(make_certificate_facts(scope=None)).model_copy(
        update={"warnings": ["scope: not read with confidence; candidates 'A' (label); 'B' (box)"]}
    )
    absent = make_parsed(make_certificate_facts(soa_reference=None))
    asked = raised(make_context(AssessedDocument("a.pdf", abstained)), C.FACT_NOT_READ)
    assert len(asked) == 1 and "What was seen: scope: not read" in asked[0].detail
    assert not raised(make_context(AssessedDocument("b.pdf", absent)), C.FACT_NOT_READ)


def test_confirmation_by_the_profile_lifts_a_low_confidence_holder() -> None:
    parsed = low(make_parsed(make_certificate_facts(holder="Someone Else Ltd")), "holder")
    ctx = make_context(AssessedDocument("cert.pdf", parsed))
    findings = gate(ctx, run_rules(ctx))
    (mismatch,) = [f for f in findings if f.code is C.CERT_HOLDER_MISMATCH]
    assert mismatch.severity is Severity.medium
    confirmed = reconciled(
        make_context(
            AssessedDocument("cert.pdf", low(make_parsed(make_certificate_facts()), "holder"))
        )
    )
    assert C.FACT_NOT_READ not in codes(run_rules(confirmed))


def test_holder_misread_by_a_label_with_the_same_number_is_no_mismatch() -> None:
    """Issue 11: "a holder that differs only by a misread label raised CERT_NUMBER_MISMATCH"."""
    cert = make_parsed(make_certificate_facts())
    letter = make_parsed(make_surveillance_facts(holder="Northwind Analytics Ltd Internal"))
    ctx = reconciled(
        make_context(AssessedDocument("c.pdf", cert), AssessedDocument("l.pdf", letter))
    )
    assert not raised(ctx, C.CERT_NUMBER_MISMATCH)


def test_confident_readings_that_disagree_are_quoted_both() -> None:
    cert = make_parsed(make_certificate_facts())
    soa = make_parsed(make_soa_facts(certificate_number="IS 999999"))
    ctx = reconciled(make_context(AssessedDocument("c.pdf", cert), AssessedDocument("s.pdf", soa)))
    (finding,) = raised(ctx, C.CERT_NUMBER_MISMATCH)
    assert "'IS 999999' (s.pdf, page 1)" in finding.detail
    assert "'IS 712345' (c.pdf, page 1)" in finding.detail
    assert {e.document for e in finding.evidence} == {"c.pdf", "s.pdf"}


def test_a_low_confidence_number_is_no_mismatch() -> None:
    cert = make_parsed(make_certificate_facts())
    soa = low(make_parsed(make_soa_facts(certificate_number="IS 999999")), "certificate_number")
    ctx = reconciled(make_context(AssessedDocument("c.pdf", cert), AssessedDocument("s.pdf", soa)))
    assert not raised(ctx, C.CERT_NUMBER_MISMATCH)


def test_holder_of_a_letter_without_number_names_the_vendor() -> None:
    cert = make_parsed(make_certificate_facts(holder="Northwind Analytics Ltd"))
    letter = make_parsed(
        make_surveillance_facts(certificate_number=None, holder="Northwind Analytics")
    )
    ctx = reconciled(
        make_context(
            AssessedDocument("c.pdf", cert),
            AssessedDocument("l.pdf", letter),
            profile=make_profile(),
        )
    )
    assert not raised(ctx, C.CERT_NUMBER_MISMATCH)
