"""Required frameworks derived from the buyer profile and the vendor's data categories
(CONTRACT.md §3), each with its reason."""

import pytest
from pydantic import ValidationError

from app.core.profile import BuyerProfile, Framework, required_frameworks
from tests.builders import make_profile

F = Framework


@pytest.mark.parametrize(
    ("buyer", "categories", "expected"),
    [
        (None, ["health", "payment"], set()),
        (BuyerProfile(), ["personal"], set()),
        (BuyerProfile(regions=["US"]), ["health"], {F.HIPAA}),
        (BuyerProfile(regions=["DE"]), ["health"], {F.GDPR}),
        (BuyerProfile(sector="healthcare", regions=["US"]), ["personal"], {F.HIPAA}),
        (BuyerProfile(), ["payment"], {F.PCI_DSS}),
        (BuyerProfile(us_federal=True), ["confidential"], {F.FedRAMP, F.NDAA_889}),
        (BuyerProfile(us_federal=True), ["health"], {F.FedRAMP, F.NDAA_889, F.HIPAA}),
        (BuyerProfile(sector="law_enforcement"), ["confidential"], {F.CJIS}),
        (BuyerProfile(sector="law_enforcement", regions=["GB"]), ["confidential"], set()),
        (BuyerProfile(regions=["US"]), ["criminal_justice"], {F.CJIS}),
        (BuyerProfile(regions=["EU"]), ["personal"], {F.GDPR}),
        (BuyerProfile(regions=["UK"]), ["personal"], {F.GDPR}),
        (BuyerProfile(regions=["EU"]), ["confidential"], set()),
        (BuyerProfile(regions=["IN"]), [], {F.DPDP}),
    ],
    ids=[
        "no-buyer", "neutral-buyer", "us-health", "eu-health", "us-healthcare-buyer",
        "payment-data", "us-federal", "us-federal-health", "law-enforcement",
        "law-enforcement-outside-us", "us-criminal-justice-data", "eu-personal", "uk-personal",
        "eu-no-personal-data", "india-unknown-data",
    ],
)  # fmt: skip
def test_derivation(buyer: BuyerProfile | None, categories: list[str], expected: set[F]) -> None:
    vendor = make_profile(data_categories=categories)
    derived = required_frameworks(vendor, buyer)
    assert {r.framework for r in derived} == expected
    assert all(r.reasons for r in derived)


def test_the_vendor_list_adds_and_both_reasons_are_kept() -> None:
    vendor = make_profile(data_categories=["payment"], required_frameworks=["PCI DSS", "SOC 2"])
    derived = {r.framework: r.reasons for r in required_frameworks(vendor, BuyerProfile())}
    assert set(derived) == {F.PCI_DSS, F.SOC_2}
    assert derived[F.PCI_DSS] == [
        "listed in the vendor's required frameworks",
        "the vendor handles payment (cardholder) data",
    ]


def test_regions_are_codes() -> None:
    assert BuyerProfile(regions=[" us", "eu", "US"]).regions == ["US", "EU"]
    with pytest.raises(ValidationError):
        BuyerProfile(regions=["United States"])
    with pytest.raises(ValidationError):
        BuyerProfile.model_validate({"sector": "retail"})
