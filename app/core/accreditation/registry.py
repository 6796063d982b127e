"""Accreditation reference data as frozen values (CONTRACT.md §4, §6): accreditation bodies
with their IAF MLA status per sub-scope, look-alike "accreditation" names, certification bodies
(legal entities, grouped by brand) with their accreditations per standard, the mark vocabulary,
Annex A control lists, standard facts, and the reviewers' recorded checks. Every record carries
its provenance (`verified` / `reported` / `curated`) and says so when described.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cached_property

from app.core import names as cb_names
from app.core.accreditation.vocabulary import MarkRule, MarkTerm, MarkVocabulary, build_vocabulary

STANDARDS = ("27001", "42001", "27701")
# A standard certified as an extension of another (ISO/IEC 27701 extends an ISO/IEC 27001
# ISMS): when the data holds no record of a CB for the extension, its accreditation for the
# base standard is what the data can say (and the record says so).
EXTENSION_OF: dict[str, str] = {"27701": "27001"}


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


class MlaStatus(StrEnum):
    signatory = "signatory"
    not_signatory = "not_signatory"
    unknown = "unknown"


class SubScope(StrEnum):
    """Whether an AB's IAF MLA recognition covers a sub-scope (ISMS/27006, AIMS/42006)."""

    recognised = "recognised"
    not_recognised = "not_recognised"
    unknown = "unknown"


class AccreditationStatus(StrEnum):
    active = "active"
    suspended = "suspended"
    withdrawn = "withdrawn"
    # Claimed on a certificate or by the CB, confirmed by no register: evidence of nothing.
    claimed = "claimed"
    # A source (or a reviewer reading the register) says the CB is not accredited by this AB
    # for this standard.
    not_accredited = "not_accredited"


@dataclass(frozen=True)
class Source:
    """Where a record comes from and how far it has been checked."""

    provenance: Provenance
    source: str
    source_date: str | None = None
    register: str | None = None
    verified_on: date | None = None
    # Who read the register (a reviewer's recorded check, or "IAF CertSearch").
    checked_by: str | None = None

    def describe(self) -> str:
        """How a reviewer should read the record: never shows curated/reported as verified."""
        if self.provenance is Provenance.verified:
            who = f" by {self.checked_by}" if self.checked_by else ""
            return f"verified in {self.register or self.source} on {self.verified_on}{who}"
        if self.provenance is Provenance.reported:
            when = f" ({self.source_date})" if self.source_date else ""
            return f"reported, not verified: {self.source}{when}"
        return f"curated, not verified: check {self.register or 'the AB register'}"


@dataclass(frozen=True)
class AccreditationBody:
    code: str
    name: str
    country: str
    iaf_mla_ms: MlaStatus
    isms: SubScope
    aims: SubScope
    source: Source
    aliases: tuple[str, ...] = ()
    regional_group: str | None = None
    notes: str = ""
    # The AB's public directory of the bodies it accredits: where a CB is checked.
    directory: str | None = None

    def sub_scope(self, standard: str) -> SubScope:
        """ISMS (ISO/IEC 27006) covers 27001 and its 27701 extension; AIMS covers 42001."""
        if self.iaf_mla_ms is MlaStatus.not_signatory:
            return SubScope.not_recognised
        return self.aims if standard == "42001" else self.isms


@dataclass(frozen=True)
class LookalikeBody:
    code: str
    name: str
    observed_as: str
    assessment: str
    source: Source
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegionalGroup:
    code: str
    name: str
    region: str
    iaf_mla_ms: MlaStatus
    source: Source
    isms: SubScope = SubScope.unknown
    notes: str = ""


@dataclass(frozen=True)
class CbGroup:
    """A certification brand ("BSI", "SGS", "TÜV SÜD") whose legal entities each hold their own
    accreditations; `aliases` are names that mean the group, not one entity."""

    name: str
    source: Source
    aliases: tuple[str, ...] = ()
    notes: str = ""

    @cached_property
    def keys(self) -> tuple[str, ...]:
        return tuple(k for k in (cb_names.normalise(n) for n in (self.name, *self.aliases)) if k)


@dataclass(frozen=True)
class ReviewedRecord:
    """A reviewer's (or a registry adapter's) recorded check of a CB in an AB's register:
    provenance `verified` while younger than the registry's `review_max_age_days`."""

    certification_body: str
    accreditation_body: str
    standard: str
    status: AccreditationStatus
    checked_on: date
    checked_by: str
    source_url: str
    number: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Accreditation:
    body: str
    standard: str
    status: AccreditationStatus
    source: Source
    number: str | None = None
    status_date: date | None = None
    notes: str = ""

    @property
    def counts(self) -> bool:
        """A record of an accreditation (held, or held and lapsed); claims and negative
        findings are not."""
        return self.status in _HELD

    @property
    def evidence(self) -> bool:
        """Says something about the CB's accreditation either way (a claim says nothing)."""
        return self.status is not AccreditationStatus.claimed

    def describe(self, cb: "CertificationBody") -> str:
        number = f" {self.number}" if self.number else ""
        since = f" since {self.status_date}" if self.status_date else ""
        return (
            f"accreditations.csv: {cb.name} - {self.body}{number} ISO/IEC {self.standard} "
            f"{self.status.value}{since} ({self.source.describe()})"
        )


@dataclass(frozen=True)
class CertificationBody:
    id: str
    name: str
    source: Source
    aliases: tuple[str, ...] = ()
    group: str | None = None
    country: str | None = None
    accreditations: tuple[Accreditation, ...] = ()
    notes: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)

    @cached_property
    def name_keys(self) -> tuple[str, ...]:
        """Normal forms of the legal name and aliases, computed once per record (matching
        runs for every certificate of every vendor in a re-check)."""
        return tuple(cb_names.normalise(n) for n in self.names)

    @cached_property
    def group_key(self) -> str | None:
        return cb_names.normalise(self.group) if self.group else None

    @cached_property
    def country_key(self) -> str | None:
        return cb_names.normalise(self.country) if self.country else None

    def standards(self) -> tuple[str, ...]:
        """Standards with a counting (non-claimed) accreditation record, in STANDARDS order."""
        held = {a.standard for a in self.accreditations if a.counts}
        return tuple(s for s in STANDARDS if s in held)

    def describe(self) -> str:
        return f"certification_bodies.csv: {self.name} ({self.source.describe()})"


_HELD = frozenset(
    {AccreditationStatus.active, AccreditationStatus.suspended, AccreditationStatus.withdrawn}
)


@dataclass(frozen=True)
class Registry:
    """All reference data in force, with its version."""

    version: str
    accreditation_bodies: tuple[AccreditationBody, ...] = ()
    certification_bodies: tuple[CertificationBody, ...] = ()
    lookalikes: tuple[LookalikeBody, ...] = ()
    regional_groups: tuple[RegionalGroup, ...] = ()
    annex_a: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    facts: dict[str, str] = field(default_factory=dict, hash=False)
    groups: tuple[CbGroup, ...] = ()
    mark_rules: tuple[MarkRule, ...] = ()
    # Reviewers' recorded checks, applied per `as_of` (see accreditation.reviewed).
    reviewed: tuple[ReviewedRecord, ...] = ()
    review_max_age_days: int = 365

    @cached_property
    def match_memo(self) -> dict[str, object]:
        """Printed name -> match result (see cb_match.match_name); filled on use."""
        return {}

    @cached_property
    def overlay_memo(self) -> dict[object, "Registry"]:
        """as_of -> this registry with the reviewed records in force applied; filled on use."""
        return {}

    @cached_property
    def has_verified_rows(self) -> bool:
        """True when some accreditation row was read in a register (it may age out)."""
        return any(
            a.source.provenance is Provenance.verified
            for cb in self.certification_bodies
            for a in cb.accreditations
        )

    @cached_property
    def marks(self) -> MarkVocabulary:
        """The mark reader's vocabulary: every AB and look-alike with its names and aliases."""
        terms = [MarkTerm(b.code, (b.name, *b.aliases)) for b in self.accreditation_bodies]
        terms += [MarkTerm(b.code, (b.name, *b.aliases), lookalike=True) for b in self.lookalikes]
        return build_vocabulary(terms, self.mark_rules)

    @cached_property
    def countries(self) -> tuple[str, ...]:
        """Country names the data knows (of CBs and ABs), folded, longest first."""
        names = {cb_names.normalise(c.country) for c in self.certification_bodies if c.country}
        names |= {cb_names.normalise(b.country) for b in self.accreditation_bodies}
        return tuple(sorted((n for n in names if n), key=lambda n: (-len(n), n)))

    def mentioned_countries(self, name: str) -> frozenset[str]:
        """Countries of the data that a printed name mentions ("BSI Group Japan K.K." -> japan)."""
        words = cb_names.normalise(name).split()
        found = set()
        for country in self.countries:
            key = country.split()
            if any(words[i : i + len(key)] == key for i in range(len(words) - len(key) + 1)):
                found.add(country)
        return frozenset(found)

    def group(self, name: str | None) -> CbGroup | None:
        """The group record called `name` (a CB's `group` column), if the data describes it."""
        if not name:
            return None
        key = cb_names.normalise(name)
        return next((g for g in self.groups if cb_names.normalise(g.name) == key), None)

    def members(self, group: str) -> tuple[CertificationBody, ...]:
        """The legal entities of a group, in data order."""
        key = cb_names.normalise(group)
        return tuple(c for c in self.certification_bodies if c.group_key == key)

    @cached_property
    def _ab_index(self) -> dict[str, AccreditationBody]:
        index: dict[str, AccreditationBody] = {}
        for ab in self.accreditation_bodies:
            for n in (ab.code, ab.name, *ab.aliases):
                index.setdefault(cb_names.fold(n).replace("-", " ").strip(), ab)
        return index

    def accreditation_body(self, code_or_name: str) -> AccreditationBody | None:
        """The AB with this code, name or alias (case, accents and spacing ignored)."""
        return self._ab_index.get(cb_names.fold(code_or_name).replace("-", " ").strip())

    @cached_property
    def _lookalike_index(self) -> dict[str, LookalikeBody]:
        index: dict[str, LookalikeBody] = {}
        for body in self.lookalikes:
            for n in (body.code, body.name, *body.aliases):
                index.setdefault(cb_names.fold(n).replace("-", " ").strip(), body)
        return index

    def lookalike(self, code_or_name: str) -> LookalikeBody | None:
        """The look-alike body with this code, name or alias (case, accents, spacing ignored)."""
        return self._lookalike_index.get(cb_names.fold(code_or_name).replace("-", " ").strip())
