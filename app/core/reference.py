"""Accreditation reference data as a frozen value, and the verdicts drawn from it (CONTRACT.md §4, §6).

STUB: the types and signatures below are the agreed interface; the implementation is being
written (issue 5). Keep the signatures.
"""

from dataclasses import dataclass
from enum import StrEnum

from app.core.findings import FindingCode


class Provenance(StrEnum):
    verified = "verified"
    reported = "reported"
    curated = "curated"


class LookupVerdict(StrEnum):
    accredited = "accredited"
    not_accredited_for_standard = "not_accredited_for_standard"
    suspended = "suspended"
    not_found = "not_found"
    ambiguous = "ambiguous"


@dataclass(frozen=True)
class VerificationIssue:
    """One accreditation problem with a certificate, and the data record that decided it."""

    code: FindingCode
    detail: str
    record: str
    provenance: Provenance | None


@dataclass(frozen=True)
class Verification:
    """The outcome of checking a certificate's CB and accreditation mark against the data."""

    verdict: LookupVerdict
    matched_cb: str | None
    issues: tuple[VerificationIssue, ...]
    provenance: Provenance | None


@dataclass(frozen=True)
class Registry:
    """All reference data in force, with its version."""

    version: str


def verify_certification(
    registry: Registry,
    *,
    certification_body: str | None,
    accreditation_body: str | None,
    accreditation_number: str | None,
    standard: str,
) -> Verification:
    """Check a certificate's CB and printed accreditation body for `standard` ("27001", "42001", "27701")."""
    raise NotImplementedError
