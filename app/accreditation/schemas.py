"""Response models of the accreditation look-up (CONTRACT.md §6 shape, plus provenance fields)."""

from datetime import date

from pydantic import BaseModel, ConfigDict

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
