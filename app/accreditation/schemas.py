"""Request and response models of the accreditation API: the look-up (CONTRACT.md §6 shape,
plus provenance fields), the data listing, imports, and reviewers' recorded checks (§7
`/accreditation/verifications`)."""

import re
import uuid
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.core import LookupVerdict, Provenance


class _Read(BaseModel):
    model_config = ConfigDict(frozen=True)


class AccreditationRead(_Read):
    body: str
    number: str | None
    standards: list[str]
    status: str
    source: str
    source_date: str | None
    provenance: Provenance
    verify_at: str | None
    verified_on: date | None
    checked_by: str | None = None


class MatchRead(_Read):
    name: str
    score: float
    accreditations: list[AccreditationRead]
    id: str
    aliases: list[str]
    provenance: Provenance
    source: str
    verify_at: str | None


class AlternativeRead(_Read):
    name: str
    score: float


class LookupRead(_Read):
    query: str
    standard: str
    match: MatchRead | None
    alternatives: list[AlternativeRead]
    verdict: LookupVerdict
    reference_data: str
    provenance: Provenance | None
    record: str
    group: str | None = None


class AccreditationBodyRead(_Read):
    code: str
    name: str
    country: str
    regional_group: str | None
    iaf_mla_ms: str
    isms: str
    aims: str
    provenance: Provenance
    source: str
    source_date: str | None
    verify_at: str | None
    verified_on: date | None


class LookalikeRead(_Read):
    code: str
    name: str
    observed_as: str
    assessment: str
    provenance: Provenance
    source: str


class CertificationBodyRead(_Read):
    id: str
    name: str
    aliases: list[str]
    group: str | None
    country: str | None
    standards: list[str]
    accreditations: list[AccreditationRead]
    provenance: Provenance
    source: str
    verify_at: str | None


class BodiesRead(_Read):
    reference_data: str
    accreditation_bodies: list[AccreditationBodyRead]
    lookalike_bodies: list[LookalikeRead]
    certification_bodies: list[CertificationBodyRead]


class ImportRead(_Read):
    reference_data: str
    added: list[str]
    removed: list[str]
    changed: list[str]


class VerificationStatus(StrEnum):
    """What the reviewer read in the AB's register."""

    accredited = "accredited"
    not_accredited = "not_accredited"
    suspended = "suspended"
    withdrawn = "withdrawn"


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _no_control_characters(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("control characters are not allowed")
    return value.strip()


class VerificationCreate(BaseModel):
    """A reviewer's check of a CB in an AB's register, as recorded."""

    model_config = ConfigDict(extra="forbid")

    certification_body: str = Field(
        min_length=2, max_length=300, description="The CB's legal entity name, as in the register"
    )
    accreditation_body: str = Field(
        min_length=2, max_length=80, description="The AB's code or name (UKAS, ANAB, ...)"
    )
    standard: str = Field(min_length=4, max_length=20, description="27001, 42001 or 27701")
    number: str | None = Field(
        default=None, max_length=80, description="The CB's accreditation number in that register"
    )
    status: VerificationStatus
    checked_on: date = Field(description="The day the register was read")
    source_url: str = Field(
        min_length=8, max_length=2000, description="Where it was read (the register entry)"
    )
    note: str = Field(default="", max_length=2000)

    @field_validator("certification_body", "accreditation_body", "standard", "note")
    @classmethod
    def _plain(cls, value: str) -> str:
        return _no_control_characters(value)

    @field_validator("number")
    @classmethod
    def _plain_number(cls, value: str | None) -> str | None:
        return _no_control_characters(value) or None if value is not None else None

    @field_validator("source_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = _no_control_characters(value)
        if not re.match(r"https?://[^\s/]+", value):
            raise ValueError("source_url must be an http(s) address")
        return value


class VerificationRead(_Read):
    model_config = ConfigDict(frozen=True, from_attributes=True)

    id: uuid.UUID
    certification_body: str
    accreditation_body: str
    standard: str
    number: str | None
    status: VerificationStatus
    checked_on: date
    source_url: str
    note: str
    origin: str
    checked_by: str
    created_at: datetime
    # The day the record stops counting as verified (checked_on + the re-check period).
    verified_until: date
    # The certification body of the data it applies to ("new record" when the data had none).
    applies_to: str | None = None


class CertSearchRunRead(_Read):
    """What one round of IAF CertSearch look-ups did."""

    enabled: bool
    looked_up: int
    cached: int
    hits: int
    misses: int
    skipped: list[str]
    stopped: str | None
