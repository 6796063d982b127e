"""Accreditation rules turn each verification issue into one finding, naming its record."""

import pytest

from app.core.accreditation.verify import (
    LookupVerdict,
    Provenance,
    Verification,
    VerificationIssue,
)
from app.core.checks.context import AssessedDocument
from app.core.facts import Confidence, ParsedDocument
from app.core.findings import FindingCode, Severity
from tests.builders import (
    accredited,
    doc,
    make_certificate_facts,
    make_context,
    make_parsed,
    raised,
    verification_with,
)

C = FindingCode
_FROM_VERIFICATION = [
    C.CB_NOT_ACCREDITED,
    C.CB_ACCREDITATION_SCOPE,
    C.AB_NOT_RECOGNISED,
    C.AB_MISMATCH,
    C.CB_ACCREDITATION_SUSPENDED,
    C.CB_ACCREDITATION_UNVERIFIED,
]


@pytest.mark.parametrize("code", _FROM_VERIFICATION, ids=[c.value for c in _FROM_VERIFICATION])
def test_issue_raises_its_code_only(code: FindingCode) -> None:
    ctx = make_context(
        doc("cert.pdf", make_certificate_facts()),
        verifications={"cert.pdf": verification_with(code)},
    )
    (finding,) = raised(ctx, code)
    assert "test-record" in finding.detail
    assert "Provenance: curated" in finding.detail
    assert finding.evidence[0].document == "cert.pdf"
    for other in _FROM_VERIFICATION:
        if other is not code:
            assert not raised(ctx, other)


@pytest.mark.parametrize("code", _FROM_VERIFICATION, ids=[c.value for c in _FROM_VERIFICATION])
def test_accredited_certificate_raises_nothing(code: FindingCode) -> None:
    ctx = make_context(
        doc("cert.pdf", make_certificate_facts()), verifications={"cert.pdf": accredited()}
    )
    assert not raised(ctx, code)


@pytest.mark.parametrize(
    ("accreditation_body", "expected"),
    [(None, True), ("UKAS", False)],
    ids=["CERT_NO_ACCREDITATION_MARK-none", "CERT_NO_ACCREDITATION_MARK-ukas"],
)
def test_no_accreditation_mark(accreditation_body: str | None, expected: bool) -> None:
    ctx = make_context(
        doc("cert.pdf", make_certificate_facts(accreditation_body=accreditation_body))
    )
    assert bool(raised(ctx, C.CERT_NO_ACCREDITATION_MARK)) is expected


def _low(parsed: ParsedDocument, *facts: str) -> ParsedDocument:
    confidence = {**parsed.confidence, **dict.fromkeys(facts, Confidence.low)}
    return parsed.model_copy(update={"confidence": confidence})


@pytest.mark.parametrize(
    ("code", "low", "expected"),
    [
        (C.CB_NOT_ACCREDITED, (), Severity.critical),
        (C.CB_NOT_ACCREDITED, ("certification_body",), Severity.medium),
        (C.AB_NOT_RECOGNISED, ("accreditation_body",), Severity.medium),
        (C.AB_NOT_RECOGNISED, ("certification_body",), Severity.critical),
        (C.CB_ACCREDITATION_UNVERIFIED, ("accreditation_body",), Severity.medium),
        (C.AB_MISMATCH, ("holder",), Severity.high),
    ],
    ids=["CB_NOT_ACCREDITED-confident", "CB_NOT_ACCREDITED-low-cb", "AB_NOT_RECOGNISED-low-ab",
         "AB_NOT_RECOGNISED-low-other-fact", "CB_ACCREDITATION_UNVERIFIED-low-ab", "AB_MISMATCH-low-unrelated"],
)  # fmt: skip
def test_no_high_or_critical_finding_on_a_low_confidence_fact(
    code: FindingCode, low: tuple[str, ...], expected: Severity
) -> None:
    parsed = _low(make_parsed(make_certificate_facts()), *low)
    issue = VerificationIssue(
        code, "per test data", "test-record", Provenance.curated,
        ("accreditation_body",) if code is C.AB_NOT_RECOGNISED else ("certification_body", "accreditation_body"),
    )  # fmt: skip
    verification = Verification(LookupVerdict.not_found, None, (issue,), None)
    ctx = make_context(
        AssessedDocument("cert.pdf", parsed), verifications={"cert.pdf": verification}
    )
    (finding,) = raised(ctx, code)
    assert finding.severity is expected
    assert ("not read with confidence" in finding.detail) is bool(set(low) & set(issue.facts))


def test_cb_name_not_read_caps_at_medium() -> None:
    facts = make_certificate_facts(certification_body=None, accreditation_body=None)
    ctx = make_context(
        doc("cert.pdf", facts), verifications={"cert.pdf": verification_with(C.CB_NOT_ACCREDITED)}
    )
    (finding,) = raised(ctx, C.CB_NOT_ACCREDITED)
    assert finding.severity is Severity.medium
    assert "certification_body not read with confidence" in finding.detail


def test_unverified_uses_the_issue_question_and_place_to_check() -> None:
    issue = VerificationIssue(
        C.CB_ACCREDITATION_UNVERIFIED, "Where to check: ANAB's directory https://anab.example/.",
        "certification_bodies.csv: no record", None, where="https://anab.example/",
        ask="Please send Northgate's ANAB accreditation certificate.",
    )  # fmt: skip
    verification = Verification(LookupVerdict.not_found, None, (issue,), None)
    ctx = make_context(
        doc("cert.pdf", make_certificate_facts()), verifications={"cert.pdf": verification}
    )
    (finding,) = raised(ctx, C.CB_ACCREDITATION_UNVERIFIED)
    assert finding.severity is Severity.high
    assert finding.ask_vendor == "Please send Northgate's ANAB accreditation certificate."
    assert "https://anab.example/" in finding.detail
