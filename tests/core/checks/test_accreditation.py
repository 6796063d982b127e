"""Accreditation rules turn each verification issue into one finding, naming its record."""

import pytest

from app.core.accreditation.verify import LookupVerdict
from app.core.findings import FindingCode
from tests.builders import (
    accredited,
    doc,
    make_certificate_facts,
    make_context,
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


def test_unknown_cb_folded_into_lookalike_issue_still_raises_cb_not_accredited() -> None:
    folded = verification_with(FindingCode.AB_NOT_RECOGNISED, verdict=LookupVerdict.not_found)
    ctx = make_context(
        doc("cert.pdf", make_certificate_facts(certification_body="Harbourline Certification Ltd")),
        verifications={"cert.pdf": folded},
    )
    (finding,) = raised(ctx, C.CB_NOT_ACCREDITED)
    assert "Harbourline Certification Ltd" in finding.detail
    assert raised(ctx, C.AB_NOT_RECOGNISED)


@pytest.mark.parametrize(
    ("verdict", "extra", "expected"),
    [
        (LookupVerdict.not_accredited_for_standard, (), True),
        (LookupVerdict.not_accredited_for_standard, (C.CB_ACCREDITATION_SCOPE,), False),
        (LookupVerdict.accredited, (), False),
        (LookupVerdict.ambiguous, (), False),
    ],
    ids=[
        "CB_NOT_ACCREDITED-folded-known-cb",
        "CB_NOT_ACCREDITED-scope-issue-instead",
        "CB_NOT_ACCREDITED-accredited",
        "CB_NOT_ACCREDITED-ambiguous",
    ],
)
def test_folded_cb_issue_by_verdict(
    verdict: LookupVerdict, extra: tuple[FindingCode, ...], expected: bool
) -> None:
    v = verification_with(C.AB_NOT_RECOGNISED, *extra, verdict=verdict)
    ctx = make_context(doc("cert.pdf", make_certificate_facts()), verifications={"cert.pdf": v})
    assert bool(raised(ctx, C.CB_NOT_ACCREDITED)) is expected
