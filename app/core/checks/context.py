"""What every check sees, and the small helpers checks share (CONTRACT.md §4).

A `CheckContext` is a plain value: the vendor's documents (parsed facts or the parse error),
the vendor profile, `as_of`, the risk model, and the accreditation verification of each
certificate, computed beforehand by `assess`. Rules never look anywhere else, so the same
context always yields the same findings.
"""

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from app.core.accreditation.verify import Verification
from app.core.facts import CertificateFacts, Facts, ParsedDocument
from app.core.findings import Finding, FindingCode, FindingEvidence, Severity
from app.core.kinds import CERTIFICATE_KINDS, DocumentKind
from app.core.names import names_match
from app.core.profile import BuyerProfile, VendorProfile
from app.core.risk_model import RiskModel

F = TypeVar("F", bound=Facts)


@dataclass(frozen=True)
class AssessedDocument:
    """A vendor document as an assessment sees it: its reference and facts, or why not."""

    ref: str
    parsed: ParsedDocument | None
    error: str | None = None


@dataclass(frozen=True)
class Doc(Generic[F]):
    """One parsed document with its facts typed for its kind."""

    ref: str
    kind: DocumentKind
    parsed: ParsedDocument
    facts: F

    def cite(self, *fields: str) -> list[FindingEvidence]:
        """Evidence for the named facts (those that have it), else a bare document pointer."""
        cited = [
            FindingEvidence(document=self.ref, page=ev.page, quote=ev.quote)
            for name in fields
            if (ev := self.parsed.evidence.get(name)) is not None
        ]
        unique = list(dict.fromkeys(cited))
        return unique or [FindingEvidence(document=self.ref)]


@dataclass(frozen=True)
class CheckContext:
    """Everything a rule may look at."""

    documents: tuple[AssessedDocument, ...]
    profile: VendorProfile
    as_of: date
    model: RiskModel
    # Accreditation verification per certificate document ref.
    verifications: Mapping[str, Verification] = field(default_factory=dict)
    # The buying organisation: with the profile's data categories it derives required
    # frameworks (CONTRACT §3). None: nothing derived, only the profile's own list counts.
    buyer: BuyerProfile | None = None

    def docs(self, kind: DocumentKind, facts_type: type[F]) -> list[Doc[F]]:
        """Parsed documents of `kind`, in the order supplied."""
        return [
            Doc(d.ref, d.parsed.kind, d.parsed, d.parsed.facts)
            for d in self.documents
            if d.parsed is not None
            and d.parsed.kind is kind
            and isinstance(d.parsed.facts, facts_type)
        ]

    def certificates(self) -> list[Doc[CertificateFacts]]:
        """Every ISO certificate (27001, 42001, 27701), in the order supplied."""
        return [
            Doc(d.ref, d.parsed.kind, d.parsed, d.parsed.facts)
            for d in self.documents
            if d.parsed is not None
            and d.parsed.kind in CERTIFICATE_KINDS
            and isinstance(d.parsed.facts, CertificateFacts)
        ]

    def current_certificates(self) -> list[Doc[CertificateFacts]]:
        """Certificates not replaced by a later one of the same standard and holder.

        Vendors often upload the previous certificate next to its renewal; the old one's
        expiry or missed surveillance says nothing about the certification in force.
        """
        certs = self.certificates()
        threshold = self.model.holder_match_threshold

        def replaces(new: CertificateFacts, old: CertificateFacts) -> bool:
            if not (new.issue_date and old.issue_date) or new.issue_date > self.as_of:
                return False
            same_holder = not (new.holder and old.holder) or names_match(
                new.holder, old.holder, threshold
            )
            return new.issue_date > old.issue_date and same_holder

        return [
            c
            for c in certs
            if not any(o.kind is c.kind and replaces(o.facts, c.facts) for o in certs if o is not c)
        ]

    def finding(
        self,
        code: FindingCode,
        *,
        title: str,
        detail: str,
        evidence: Iterable[FindingEvidence],
        ask_vendor: str,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding with the model's severity for `code` unless the rule sets one."""
        return Finding(
            code=code,
            severity=severity or self.model.severity(code),
            title=title,
            detail=detail,
            evidence=list(evidence),
            ask_vendor=ask_vendor,
        )


def add_months(d: date, months: int) -> date:
    """`d` moved by whole calendar months, clamped to the month's last day (31 Jan + 1 = 28 Feb)."""
    total = d.year * 12 + d.month - 1 + months
    year, month = divmod(total, 12)
    day = min(d.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def fmt(d: date) -> str:
    """Dates in details are ISO 8601, as everywhere in the contract."""
    return d.isoformat()


def normalise_number(number: str) -> str:
    """Certificate numbers compared on letters and digits only ("IS 702219" == "IS-702219")."""
    return re.sub(r"[^0-9A-Z]", "", number.upper())
