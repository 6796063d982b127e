"""diff_assessments: opened/resolved keyed by (code, document), score and tier change."""

from datetime import date

from app.core.accreditation.verify import Registry
from app.core.assessment import assess
from app.core.diff import diff_assessments
from app.core.findings import FindingCode
from tests.builders import (
    MODEL,
    accredited,
    doc,
    make_certificate_facts,
    make_profile,
    make_soa_facts,
)

REGISTRY = Registry(version="r1")


def _assess(as_of: date, **profile: object):  # type: ignore[no-untyped-def]
    documents = [
        doc(
            "cert.pdf",
            make_certificate_facts(issue_date=date(2024, 5, 20), expiry_date=date(2027, 5, 19)),
        ),
        doc("soa.pdf", make_soa_facts()),
    ]
    return assess(
        documents,
        make_profile(**profile),
        REGISTRY,
        as_of=as_of,
        model=MODEL,
        verify=lambda *a, **k: accredited(),
    )


def test_opened_findings_and_tier_change() -> None:
    old = _assess(date(2025, 5, 1))
    new = _assess(date(2027, 6, 1))
    diff = diff_assessments(old, new)
    assert {f.code for f in diff.opened} == {FindingCode.CERT_EXPIRED}
    assert diff.resolved == []
    assert diff.score_change == new.score - old.score > 0
    assert diff.tier_changed


def test_same_finding_with_moved_detail_is_unchanged() -> None:
    a, b = _assess(date(2026, 1, 1)), _assess(date(2026, 3, 1))
    assert [f.code for f in a.findings] == [FindingCode.SURVEILLANCE_OVERDUE]
    assert a.findings[0].detail != b.findings[0].detail
    diff = diff_assessments(a, b)
    assert (diff.opened, diff.resolved, diff.unchanged) == ([], [], 1)


def test_resolved_per_framework_by_title() -> None:
    old = _assess(date(2026, 1, 1), required_frameworks=["HIPAA", "PCI DSS"])
    new = _assess(date(2026, 1, 1), required_frameworks=["PCI DSS"])
    diff = diff_assessments(old, new)
    assert [f.title for f in diff.resolved] == ["Required framework HIPAA not evidenced"]
    assert diff.opened == []
    assert not diff.risk_model_changed
