"""How well a sector evidence document supports a required framework (CONTRACT.md §9).

Each document of a kind that can evidence the framework (PCI DSS AoC, FedRAMP authorization,
HIPAA attestation, DPA naming the law, CJIS addendum, NDAA 889 representation) gets a
`Standing`: the problems that make it weak evidence, in words a reviewer can check. No
problem means the framework is evidenced; problems raise FRAMEWORK_EVIDENCE_WEAK instead.
Documents dated after `as_of` did not exist yet and are left out.

Problems: non-compliant (a PCI AoC marked non-compliant, HIPAA exceptions, a Section 889
representation that covered equipment is provided, a CJIS addendum not signed, FedRAMP
Ready or In Process rather than authorized); stale (an AoC, HIPAA attestation or Section 889
representation older than 12 months); for another entity (the attested organisation is
none of the vendor's names); for another service (the services, offering or scope name
none of the vendor's products); facts that decide it could not be read.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.core.checks.context import CheckContext, Doc, add_months, fmt
from app.core.checks.scope import product_named
from app.core.facts import (
    CjisFacts,
    ComplianceStatus,
    DpaFacts,
    FedrampFacts,
    FedrampStatus,
    HipaaConclusion,
    HipaaFacts,
    Ndaa889Facts,
    Ndaa889Representation,
    PciDssAocFacts,
)
from app.core.kinds import SECTOR_FRAMEWORKS, DocumentKind
from app.core.names import names_match
from app.core.profile import Framework

# An attestation older than this is stale (PCI DSS AoCs and SAM representations are annual).
MAX_AGE_MONTHS = 12
# DPA `laws` value -> the framework it evidences.
_DPA_LAWS = {"GDPR": Framework.GDPR, "UK GDPR": Framework.GDPR, "DPDP": Framework.DPDP}


@dataclass(frozen=True)
class Standing:
    """One document offered as evidence of a framework, and what is wrong with it."""

    doc: Doc[Any]
    problems: tuple[str, ...]
    cited: tuple[str, ...]

    @property
    def sufficient(self) -> bool:
        return not self.problems


class _Judge:
    """Collects the problems of one document, noting facts read with low confidence."""

    def __init__(self, ctx: CheckContext, doc: Doc[Any]) -> None:
        self.ctx, self.doc, self.problems, self.cited = ctx, doc, list[str](), list[str]()

    def problem(self, fact: str, text: str) -> None:
        unsure = not self.doc.parsed.is_confident(fact) and fact in self.doc.parsed.evidence
        self.problems.append(text + (" (read with low confidence)" if unsure else ""))
        self.cited.append(fact)

    def unread(self, fact: str, what: str) -> None:
        self.problems.append(f"its {what} could not be read")

    def age(self, fact: str, when: date | None, what: str) -> None:
        if when is None:
            self.unread(fact, "date")
        elif add_months(when, MAX_AGE_MONTHS) < self.ctx.as_of:
            self.problem(
                fact,
                f"the {what} is dated {fmt(when)}, more than {MAX_AGE_MONTHS} months before {fmt(self.ctx.as_of)}",
            )

    def entity(self, fact: str, name: str | None) -> None:
        profile = self.ctx.profile
        names = [profile.name, *profile.legal_names]
        threshold = self.ctx.model.holder_match_threshold
        if name and not any(names_match(name, n, threshold) for n in names):
            self.problem(fact, f"it is for {name}, not {profile.name}")

    def services(self, fact: str, services: list[str], what: str) -> None:
        products = self.ctx.profile.products
        if (
            products
            and services
            and not any(product_named(p, s) for p in products for s in services)
        ):
            self.problem(fact, f"it covers {what} {'; '.join(services)}, not {', '.join(products)}")


def _pci(j: _Judge, f: PciDssAocFacts) -> None:
    if f.compliance_status is ComplianceStatus.non_compliant:
        j.problem("compliance_status", "it reports the entity non-compliant with PCI DSS")
    elif f.compliance_status is None:
        j.unread("compliance_status", "compliance status")
    j.age("aoc_date", f.aoc_date, "Attestation of Compliance")
    j.entity("entity", f.entity)
    j.services("services", f.services, "the services")


def _fedramp(j: _Judge, f: FedrampFacts) -> None:
    if f.status is None:
        j.unread("status", "authorization status")
    elif f.status is not FedrampStatus.authorized:
        label = {
            FedrampStatus.ready: "FedRAMP Ready",
            FedrampStatus.in_process: "FedRAMP In Process",
        }
        j.problem("status", f"it shows {label[f.status]}, which is not an authorization")
    j.entity("csp", f.csp)
    j.services("cso", [f.cso] if f.cso else [], "the offering")


def _hipaa(j: _Judge, f: HipaaFacts) -> None:
    if f.conclusion is HipaaConclusion.exceptions:
        j.problem("conclusion", "the assessor reports exceptions (non-compliance)")
    elif f.conclusion is None:
        j.unread("conclusion", "conclusion")
    j.age("report_date", f.report_date, "attestation")
    j.entity("entity", f.entity)
    if (
        f.scope
        and j.ctx.profile.products
        and not any(product_named(p, f.scope) for p in j.ctx.profile.products)
    ):
        j.problem(
            "scope", f"its scope ({f.scope}) names none of {', '.join(j.ctx.profile.products)}"
        )


def _dpa(j: _Judge, f: DpaFacts) -> None:
    j.entity("processor", f.processor)


def _cjis(j: _Judge, f: CjisFacts) -> None:
    if f.signed is False:
        j.problem("signed", "it is not signed")
    elif f.signed is None:
        j.unread("signed", "signature")
    j.entity("entity", f.entity)


def _ndaa(j: _Judge, f: Ndaa889Facts) -> None:
    if f.representation is Ndaa889Representation.provides:
        j.problem(
            "representation",
            "it represents that covered telecommunications equipment or services are provided",
        )
    elif f.representation is None:
        j.unread("representation", "representation")
    j.age("date", f.date, "representation")
    j.entity("entity", f.entity)


_JUDGES: dict[DocumentKind, Callable[[_Judge, Any], None]] = {
    DocumentKind.pci_dss_aoc: _pci,
    DocumentKind.fedramp_authorization: _fedramp,
    DocumentKind.hipaa_attestation: _hipaa,
    DocumentKind.dpa: _dpa,
    DocumentKind.cjis_addendum: _cjis,
    DocumentKind.ndaa889_representation: _ndaa,
}
_DATE_FACT = {
    DocumentKind.pci_dss_aoc: "aoc_date",
    DocumentKind.fedramp_authorization: "authorization_date",
    DocumentKind.hipaa_attestation: "report_date",
    DocumentKind.dpa: "date",
    DocumentKind.cjis_addendum: "date",
    DocumentKind.ndaa889_representation: "date",
}
_IDENTITY = ("entity", "csp", "cso", "processor", "compliance_status", "status", "conclusion",
             "signed", "representation")  # fmt: skip


def _offers(doc: Doc[Any], framework: Framework) -> bool:
    if framework not in SECTOR_FRAMEWORKS.get(doc.kind, ()):
        return False
    if isinstance(doc.facts, DpaFacts):  # a DPA evidences the laws it names
        return any(_DPA_LAWS.get(law) is framework for law in doc.facts.laws)
    return True


def standings(ctx: CheckContext, framework: Framework) -> list[Standing]:
    """Every sector document supplied as evidence of `framework`, with its problems."""
    out: list[Standing] = []
    for doc in _sector_docs(ctx):
        if not _offers(doc, framework):
            continue
        dated = getattr(doc.facts, _DATE_FACT[doc.kind])
        if isinstance(dated, date) and dated > ctx.as_of:
            continue
        judge = _Judge(ctx, doc)
        _JUDGES[doc.kind](judge, doc.facts)
        cited = tuple(dict.fromkeys([_DATE_FACT[doc.kind], *judge.cited, *_IDENTITY]))
        out.append(Standing(doc, tuple(judge.problems), cited))
    return out


def _sector_docs(ctx: CheckContext) -> Iterator[Doc[Any]]:
    for d in ctx.documents:
        if d.parsed is not None and d.parsed.kind in _JUDGES:
            yield Doc(d.ref, d.parsed.kind, d.parsed, d.parsed.facts)
