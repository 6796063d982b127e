"""Required frameworks and ISO/IEC 42001 for AI vendors."""

from datetime import date

import pytest

from app.core.findings import FindingCode
from app.core.kinds import DocumentKind
from app.core.profile import Framework
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
        (Framework.HIPAA, [HIPAA_SCOPE], False),
        (Framework.HIPAA, [CERT, SOC2], True),
        (Framework.GDPR, [PRIVACY], False),
        (Framework.PCI_DSS, [CERT], True),
    ],
    ids=[
        "FRAMEWORK_REQUIRED_MISSING-27001-valid", "FRAMEWORK_REQUIRED_MISSING-27001-expired",
        "FRAMEWORK_REQUIRED_MISSING-27001-none", "FRAMEWORK_REQUIRED_MISSING-42001-present",
        "FRAMEWORK_REQUIRED_MISSING-42001-absent", "FRAMEWORK_REQUIRED_MISSING-soc2-present",
        "FRAMEWORK_REQUIRED_MISSING-soc2-absent", "FRAMEWORK_REQUIRED_MISSING-hipaa-in-scope",
        "FRAMEWORK_REQUIRED_MISSING-hipaa-unmentioned", "FRAMEWORK_REQUIRED_MISSING-gdpr-27701",
        "FRAMEWORK_REQUIRED_MISSING-pci-unmentioned",
    ],
)  # fmt: skip
def test_required_framework(framework: Framework, documents: list, expected: bool) -> None:  # type: ignore[type-arg]
    ctx = make_context(*documents, profile=make_profile(required_frameworks=[framework]))
    found = raised(ctx, C.FRAMEWORK_REQUIRED_MISSING)
    assert bool(found) is expected
    if found:
        assert framework.value in found[0].title


def test_one_finding_per_missing_framework() -> None:
    profile = make_profile(required_frameworks=["HIPAA", "PCI DSS", "ISO 27001"])
    found = raised(make_context(CERT, profile=profile), C.FRAMEWORK_REQUIRED_MISSING)
    assert sorted(f.title for f in found) == [
        "Required framework HIPAA not evidenced",
        "Required framework PCI DSS not evidenced",
    ]


@pytest.mark.parametrize(
    ("ai_vendor", "documents", "expected"),
    [(True, [CERT], True), (True, [CERT, CERT42], False), (False, [CERT], False)],
    ids=["ISO42001_ABSENT-ai", "ISO42001_ABSENT-ai-certified", "ISO42001_ABSENT-not-ai"],
)
def test_iso42001_absent(ai_vendor: bool, documents: list, expected: bool) -> None:  # type: ignore[type-arg]
    ctx = make_context(*documents, profile=make_profile(ai_vendor=ai_vendor), as_of=AS_OF)
    assert bool(raised(ctx, C.ISO42001_ABSENT)) is expected
