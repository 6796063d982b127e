"""Required frameworks, the strength of their evidence, and ISO/IEC 42001 for AI vendors."""

from datetime import date
from typing import Any

import pytest

from app.core.checks.context import AssessedDocument
from app.core.facts import (
    CjisFacts,
    DpaFacts,
    FedrampFacts,
    HipaaFacts,
    Iso42001ReadinessFacts,
    Ndaa889Facts,
    PciDssAocFacts,
)
from app.core.findings import FindingCode, Severity
from app.core.kinds import DocumentKind
from app.core.profile import BuyerProfile, Framework
from tests.builders import (
    AS_OF,
    doc,
    make_certificate_facts,
    make_context,
    make_profile,
    make_soc2_facts,
    raised,
)

C = FindingCode
CERT = doc("cert.pdf", make_certificate_facts())
EXPIRED = doc("old.pdf", make_certificate_facts(expiry_date=date(2026, 1, 1)))
CERT42 = doc(
    "ai.pdf", make_certificate_facts(standard="ISO/IEC 42001"), DocumentKind.iso42001_certificate
)
HIPAA_SCOPE = doc(
    "c.pdf",
    make_certificate_facts(
        scope="Hosting of the Northwind Vision platform for HIPAA-covered entities."
    ),
)
SOC2 = doc("soc2.pdf", make_soc2_facts())
PRIVACY = doc(
    "pims.pdf", make_certificate_facts(standard="ISO/IEC 27701"), DocumentKind.iso27701_certificate
)


def aoc(**overrides: Any) -> AssessedDocument:
    base: dict[str, Any] = {
        "entity": "Northwind Analytics Ltd",
        "assessor_company": "Halberd Assurance LLC",
        "assessment_type": "service_provider",
        "pci_dss_version": "4.0.1",
        "aoc_date": date(2026, 3, 1),
        "compliance_status": "compliant",
        "services": ["Northwind Vision Payments"],
    }
    return doc("aoc.pdf", PciDssAocFacts(**{**base, **overrides}))


def fedramp(**overrides: Any) -> AssessedDocument:
    base: dict[str, Any] = {
        "csp": "Northwind Analytics Ltd",
        "cso": "Northwind Vision",
        "impact_level": "moderate",
        "status": "authorized",
        "authorization_date": date(2024, 5, 1),
        "authorizing_body": "General Services Administration",
    }
    return doc("ato.pdf", FedrampFacts(**{**base, **overrides}))


def hipaa(**overrides: Any) -> AssessedDocument:
    base: dict[str, Any] = {
        "entity": "Northwind Analytics Ltd",
        "assessor": "Marlowe & Finch LLP",
        "report_date": date(2026, 6, 1),
        "conclusion": "compliant",
        "scope": "the Northwind Vision platform and its production environment",
    }
    return doc("hipaa.pdf", HipaaFacts(**{**base, **overrides}))


def dpa(**overrides: Any) -> AssessedDocument:
    base: dict[str, Any] = {
        "controller": "Buyer Corp",
        "processor": "Northwind Analytics Ltd",
        "date": date(2025, 1, 20),
        "laws": ["GDPR"],
        "transfer_mechanism": "SCCs",
        "subprocessors": ["Amazon Web Services, Inc."],
    }
    return doc("dpa.pdf", DpaFacts(**{**base, **overrides}))


def cjis(**overrides: Any) -> AssessedDocument:
    base: dict[str, Any] = {
        "entity": "Northwind Analytics Ltd",
        "date": date(2025, 2, 14),
        "signed": True,
    }
    return doc("cjis.pdf", CjisFacts(**{**base, **overrides}))


def ndaa(**overrides: Any) -> AssessedDocument:
    base: dict[str, Any] = {
        "entity": "Northwind Analytics Ltd",
        "date": date(2026, 4, 15),
        "representation": "does_not_provide",
        "far_clauses": ["52.204-24"],
    }
    return doc("889.pdf", Ndaa889Facts(**{**base, **overrides}))


def readiness(**overrides: Any) -> AssessedDocument:
    base: dict[str, Any] = {
        "organization": "Northwind Analytics Ltd",
        "certification_body": "Halden Certification Ltd",
        "stage": "stage1",
        "date": date(2026, 9, 15),
    }
    return doc("stage1.pdf", Iso42001ReadinessFacts(**{**base, **overrides}))


@pytest.mark.parametrize(
    ("framework", "documents", "expected"),
    [
        (Framework.ISO_27001, [CERT], False),
        (Framework.ISO_27001, [EXPIRED], True),
        (Framework.ISO_27001, [], True),
        (Framework.ISO_42001, [CERT42], False),
        (Framework.ISO_42001, [CERT], True),
        (Framework.SOC_2, [SOC2], False),
        (Framework.SOC_2, [CERT], True),
        (Framework.HIPAA, [HIPAA_SCOPE], True),
        (Framework.HIPAA, [hipaa()], False),
        (Framework.HIPAA, [CERT, SOC2], True),
        (Framework.GDPR, [PRIVACY], False),
        (Framework.GDPR, [dpa()], False),
        (Framework.GDPR, [dpa(laws=["DPDP"])], True),
        (Framework.DPDP, [dpa(laws=["DPDP"])], False),
        (Framework.PCI_DSS, [CERT], True),
        (Framework.PCI_DSS, [aoc()], False),
        (Framework.PCI_DSS, [aoc(aoc_date=date(2027, 1, 5))], True),
        (Framework.FedRAMP, [fedramp()], False),
        (Framework.CJIS, [cjis()], False),
        (Framework.NDAA_889, [ndaa()], False),
    ],
    ids=[
        "27001-valid", "27001-expired", "27001-none", "42001-present", "42001-absent",
        "soc2-present", "soc2-absent", "hipaa-mentioned-in-scope-only", "hipaa-attestation",
        "hipaa-unmentioned", "gdpr-27701", "gdpr-dpa", "gdpr-dpa-naming-dpdp-only", "dpdp-dpa",
        "pci-none", "pci-aoc", "pci-aoc-dated-after-as-of", "fedramp-ato", "cjis-signed",
        "ndaa-representation",
    ],
)  # fmt: skip
def test_required_framework_missing(
    framework: Framework, documents: list[AssessedDocument], expected: bool
) -> None:
    ctx = make_context(*documents, profile=make_profile(required_frameworks=[framework]))
    found = raised(ctx, C.FRAMEWORK_REQUIRED_MISSING)
    assert bool(found) is expected
    if found:
        assert framework.value in found[0].title
        assert "listed in the vendor's required frameworks" in found[0].detail


def test_a_mention_is_not_evidence_and_the_finding_says_where() -> None:
    profile = make_profile(required_frameworks=[Framework.HIPAA])
    [finding] = raised(make_context(HIPAA_SCOPE, profile=profile), C.FRAMEWORK_REQUIRED_MISSING)
    assert "mentioned in c.pdf" in finding.detail
    assert finding.evidence[0].document == "c.pdf"


def test_one_finding_per_missing_framework() -> None:
    profile = make_profile(required_frameworks=["HIPAA", "PCI DSS", "ISO 27001"])
    found = raised(make_context(CERT, profile=profile), C.FRAMEWORK_REQUIRED_MISSING)
    assert sorted(f.title for f in found) == [
        "Required framework HIPAA not evidenced",
        "Required framework PCI DSS not evidenced",
    ]


@pytest.mark.parametrize(
    ("framework", "documents", "why"),
    [
        (Framework.PCI_DSS, [aoc(aoc_date=date(2025, 11, 22))], "more than 12 months before 2026-11-23"),
        (Framework.PCI_DSS, [aoc(compliance_status="non_compliant")], "non-compliant"),
        (Framework.PCI_DSS, [aoc(entity="Southwind Payments Inc.")], "for Southwind Payments Inc."),
        (Framework.PCI_DSS, [aoc(services=["Card Issuing Platform"])], "covers the services Card Issuing Platform"),
        (Framework.PCI_DSS, [aoc(compliance_status=None)], "compliance status could not be read"),
        (Framework.FedRAMP, [fedramp(status="ready", authorization_date=None)], "FedRAMP Ready"),
        (Framework.FedRAMP, [fedramp(cso="Other Offering")], "covers the offering Other Offering"),
        (Framework.HIPAA, [hipaa(conclusion="exceptions")], "reports exceptions"),
        (Framework.HIPAA, [hipaa(report_date=date(2025, 6, 1))], "more than 12 months"),
        (Framework.GDPR, [dpa(processor="Someone Else GmbH")], "for Someone Else GmbH"),
        (Framework.CJIS, [cjis(signed=False, date=None)], "not signed"),
        (Framework.NDAA_889, [ndaa(representation="provides")], "are provided"),
        (Framework.NDAA_889, [ndaa(date=date(2025, 10, 1))], "more than 12 months"),
    ],
    ids=[
        "pci-stale", "pci-non-compliant", "pci-other-entity", "pci-other-service",
        "pci-status-unread", "fedramp-ready", "fedramp-other-offering", "hipaa-exceptions",
        "hipaa-stale", "dpa-other-processor", "cjis-unsigned", "ndaa-provides", "ndaa-stale",
    ],
)  # fmt: skip
def test_weak_evidence(framework: Framework, documents: list[AssessedDocument], why: str) -> None:
    ctx = make_context(*documents, profile=make_profile(required_frameworks=[framework]))
    [finding] = raised(ctx, C.FRAMEWORK_EVIDENCE_WEAK)
    assert why in finding.detail
    assert finding.severity is Severity.medium
    assert finding.evidence[0].document == documents[0].ref
    assert raised(ctx, C.FRAMEWORK_REQUIRED_MISSING) == []


@pytest.mark.parametrize(
    ("aoc_date", "stale"),
    [(date(2025, 11, 23), False), (date(2025, 11, 22), True)],
    ids=["FRAMEWORK_EVIDENCE_WEAK-aoc-12-months-old", "FRAMEWORK_EVIDENCE_WEAK-aoc-a-day-older"],
)
def test_aoc_age_boundary(aoc_date: date, stale: bool) -> None:
    ctx = make_context(
        aoc(aoc_date=aoc_date), profile=make_profile(required_frameworks=["PCI DSS"])
    )
    assert bool(raised(ctx, C.FRAMEWORK_EVIDENCE_WEAK)) is stale


def test_one_sufficient_document_is_enough() -> None:
    profile = make_profile(required_frameworks=["PCI DSS"])
    ctx = make_context(aoc(aoc_date=date(2024, 1, 20)), aoc(), profile=profile)
    assert raised(ctx, C.FRAMEWORK_EVIDENCE_WEAK) == []
    assert raised(ctx, C.FRAMEWORK_REQUIRED_MISSING) == []


def test_weak_evidence_only_for_required_frameworks() -> None:
    ctx = make_context(aoc(compliance_status="non_compliant"))
    assert raised(ctx, C.FRAMEWORK_EVIDENCE_WEAK) == []


def test_the_buyer_derives_frameworks_with_their_reasons() -> None:
    profile = make_profile(data_categories=["personal", "health"])
    buyer = BuyerProfile(sector="healthcare", regions=["US", "DE"])
    found = raised(make_context(CERT, profile=profile, buyer=buyer), C.FRAMEWORK_REQUIRED_MISSING)
    details = {f.title: f.detail for f in found}
    assert set(details) == {
        "Required framework HIPAA not evidenced",
        "Required framework GDPR not evidenced",
    }
    assert (
        "health data and the buyer is in the US"
        in details["Required framework HIPAA not evidenced"]
    )
    assert raised(make_context(CERT, profile=profile), C.FRAMEWORK_REQUIRED_MISSING) == []


def test_low_confidence_facts_are_said_to_be() -> None:
    weak = aoc(compliance_status="non_compliant")
    assert weak.parsed is not None
    parsed = weak.parsed.model_copy(
        update={"confidence": {**weak.parsed.confidence, "compliance_status": "low"}}
    )
    ctx = make_context(
        AssessedDocument(ref="aoc.pdf", parsed=parsed),
        profile=make_profile(required_frameworks=["PCI DSS"]),
    )
    [finding] = raised(ctx, C.FRAMEWORK_EVIDENCE_WEAK)
    assert "(read with low confidence)" in finding.detail


@pytest.mark.parametrize(
    ("ai_vendor", "documents", "expected"),
    [
        (True, [CERT], Severity.medium),
        (True, [CERT, CERT42], None),
        (False, [CERT], None),
        (True, [CERT, readiness()], Severity.low),
        (True, [CERT, readiness(date=date(2027, 1, 10))], Severity.medium),
        (
            True,
            [CERT, doc("ai.pdf", make_certificate_facts(expiry_date=date(2026, 2, 1)), DocumentKind.iso42001_certificate)],
            Severity.medium,
        ),
    ],
    ids=[
        "ISO42001_ABSENT-ai", "ISO42001_ABSENT-ai-certified", "ISO42001_ABSENT-not-ai",
        "ISO42001_ABSENT-readiness-low", "ISO42001_ABSENT-readiness-after-as-of",
        "ISO42001_ABSENT-expired-42001",
    ],
)  # fmt: skip
def test_iso42001_absent(
    ai_vendor: bool, documents: list[AssessedDocument], expected: Severity | None
) -> None:
    ctx = make_context(*documents, profile=make_profile(ai_vendor=ai_vendor), as_of=AS_OF)
    found = raised(ctx, C.ISO42001_ABSENT)
    assert (found[0].severity if found else None) is expected


def test_readiness_is_shown_with_its_date_never_as_certification() -> None:
    ctx = make_context(CERT, readiness(), profile=make_profile(ai_vendor=True))
    [finding] = raised(ctx, C.ISO42001_ABSENT)
    assert "Stage 1 audit report from Halden Certification Ltd dated 2026-09-15" in finding.detail
    assert "not certification" in finding.detail
    assert {e.document for e in finding.evidence} == {"stage1.pdf"}
