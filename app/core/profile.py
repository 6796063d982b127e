"""The vendor profile that assessments are made against (CONTRACT.md §3)."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


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
