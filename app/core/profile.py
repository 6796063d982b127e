"""The vendor profile and the buyer profile that assessments are made against (CONTRACT.md §3),
and the frameworks they require, each with its reason.
"""

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Criticality(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"
    critical = "critical"


class Framework(StrEnum):
    HIPAA = "HIPAA"
    PCI_DSS = "PCI DSS"
    FedRAMP = "FedRAMP"
    GDPR = "GDPR"
    DPDP = "DPDP"
    CJIS = "CJIS"
    NDAA_889 = "NDAA 889"
    SOC_2 = "SOC 2"
    ISO_27001 = "ISO 27001"
    ISO_42001 = "ISO 42001"


class VendorProfile(BaseModel):
    """What the buyer knows about the vendor; everything but `name` is optional."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=300)
    legal_names: list[str] = Field(default_factory=list)
    products: list[str] = Field(default_factory=list)
    ai_vendor: bool = False
    data_categories: list[str] = Field(default_factory=list)
    required_frameworks: list[Framework] = Field(default_factory=list)
    criticality: Criticality = Criticality.medium


class BuyerSector(StrEnum):
    healthcare = "healthcare"
    payments = "payments"
    financial = "financial"
    government = "government"
    law_enforcement = "law_enforcement"
    other = "other"


class BuyerProfile(BaseModel):
    """The buying organisation (CONTRACT.md §3): one per deployment, set by an admin.

    Regions are upper-case codes ("US", "EU", "IN", or an EU member state such as "DE")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sector: BuyerSector = BuyerSector.other
    regions: list[str] = Field(default_factory=list, max_length=50)
    us_federal: bool = False

    @field_validator("regions")
    @classmethod
    def _upper_regions(cls, regions: list[str]) -> list[str]:
        cleaned = [r.strip().upper() for r in regions]
        bad = [r for r in cleaned if not re.fullmatch(r"[A-Z]{2,3}", r)]
        if bad:
            raise ValueError(f"regions are 2-3 letter codes such as US, EU, IN: {bad}")
        return list(dict.fromkeys(cleaned))

    def in_region(self, *codes: str) -> bool:
        """True when the buyer operates in any of `codes` (EU counts every member state)."""
        wanted = set(codes)
        if "EU" in wanted:
            wanted |= EU_MEMBER_STATES | {"EEA"}
        return bool(wanted & set(self.regions)) or ("US" in wanted and self.us_federal)


EU_MEMBER_STATES = frozenset(
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "IE", "IT",
        "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
    }
)  # fmt: skip
# UK GDPR is the GDPR as retained in UK law: the same framework for evidence purposes.
_UK = frozenset({"UK", "GB"})
# Data categories that are personal data (GDPR, DPDP apply only to personal data).
PERSONAL_CATEGORIES = frozenset(
    {"personal", "health", "biometric", "children", "criminal_justice", "payment", "financial"}
)


class RequiredFramework(BaseModel):
    """A framework the assessment requires, and why (each reason shown in findings)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    framework: Framework
    reasons: list[str]


def required_frameworks(
    vendor: VendorProfile, buyer: BuyerProfile | None
) -> list[RequiredFramework]:
    """The frameworks the vendor must evidence, each with its reasons (CONTRACT.md §3).

    The vendor profile's `required_frameworks` always count. With a buyer profile, the
    buyer's sector and regions and the vendor's data categories add: health data for a US
    buyer (or personal data for a US healthcare buyer) -> HIPAA; payment data -> PCI DSS;
    a US federal buyer -> FedRAMP and NDAA 889; a law-enforcement buyer or criminal-justice
    data in the US -> CJIS; personal data for an EU or UK buyer -> GDPR; for an Indian buyer
    -> DPDP. Without a buyer profile nothing is derived."""
    reasons: dict[Framework, list[str]] = {}
    for framework in vendor.required_frameworks:
        reasons.setdefault(framework, []).append("listed in the vendor's required frameworks")
    if buyer is not None:
        for framework, reason in _derived(vendor, buyer):
            reasons.setdefault(framework, []).append(reason)
    return [RequiredFramework(framework=f, reasons=r) for f, r in reasons.items()]


def _derived(vendor: VendorProfile, buyer: BuyerProfile) -> list[tuple[Framework, str]]:
    categories = {c.strip().lower() for c in vendor.data_categories}
    personal = bool(categories & PERSONAL_CATEGORIES) or not categories
    us = buyer.in_region("US")
    out: list[tuple[Framework, str]] = []
    if "health" in categories and us:
        out.append((Framework.HIPAA, "the vendor handles health data and the buyer is in the US"))
    elif buyer.sector is BuyerSector.healthcare and us and personal:
        out.append(
            (Framework.HIPAA, "the buyer is a US healthcare organisation sharing personal data")
        )
    if "payment" in categories:
        out.append((Framework.PCI_DSS, "the vendor handles payment (cardholder) data"))
    if buyer.us_federal:
        out.append((Framework.FedRAMP, "the buyer is a US federal agency buying a cloud service"))
        out.append((Framework.NDAA_889, "the buyer is a US federal agency (FAR 52.204-24/-26)"))
    if buyer.sector is BuyerSector.law_enforcement and (us or not buyer.regions):
        out.append((Framework.CJIS, "the buyer is a law-enforcement agency"))
    elif "criminal_justice" in categories and us:
        out.append((Framework.CJIS, "the vendor handles criminal-justice data for a US buyer"))
    if personal and buyer.in_region("EU"):
        out.append(
            (Framework.GDPR, "the buyer is in the EU and the vendor processes personal data")
        )
    elif personal and set(buyer.regions) & _UK:
        out.append(
            (
                Framework.GDPR,
                "the buyer is in the UK (UK GDPR) and the vendor processes personal data",
            )
        )
    if personal and buyer.in_region("IN"):
        out.append((Framework.DPDP, "the buyer is in India and the vendor processes personal data"))
    return out
