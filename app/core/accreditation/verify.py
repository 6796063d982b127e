"""Look-up of a printed certification-body name and verification of a certificate's
accreditation against the reference data (CONTRACT.md §4 accreditation findings, §6
`accreditation lookup`).

`lookup` turns a printed name into a match, a score, alternatives and a verdict;
`verify_certification` adds the printed accreditation mark and returns the §4 issues in three
states: accredited (no issue), not accredited (the evidence shows it: CB_NOT_ACCREDITED,
CB_ACCREDITATION_SCOPE, AB_NOT_RECOGNISED, AB_MISMATCH, CB_ACCREDITATION_SUSPENDED), and
unverified (a recognised body's mark, but no record of that CB: CB_ACCREDITATION_UNVERIFIED,
with where to check). Each issue names the record that decided it and that record's provenance.
"""

from dataclasses import dataclass
from datetime import date

from app.core.accreditation.issues import (
    Draft,
    MarkReading,
    read_mark,
    recognised_for,
    same_number,
)
from app.core.accreditation.match import MATCH_THRESHOLD, Candidate, NameMatch, match_name
from app.core.accreditation.registry import (
    EXTENSION_OF,
    STANDARDS,
    Accreditation,
    AccreditationBody,
    AccreditationStatus,
    CbGroup,
    CertificationBody,
    LookalikeBody,
    LookupVerdict,
    MlaStatus,
    Provenance,
    RegionalGroup,
    Registry,
    ReviewedRecord,
    Source,
    SubScope,
)
from app.core.accreditation.reviewed import in_force
from app.core.accreditation.verdicts import entity_issues, group_issues, unknown_issues
from app.core.findings import FindingCode

__all__ = [
    "STANDARDS",
    "Accreditation",
    "AccreditationBody",
    "AccreditationStatus",
    "Candidate",
    "CbGroup",
    "CertificationBody",
    "LookalikeBody",
    "LookupResult",
    "LookupVerdict",
    "MlaStatus",
    "Provenance",
    "RegionalGroup",
    "Registry",
    "ReviewedRecord",
    "Source",
    "SubScope",
    "Verification",
    "VerificationIssue",
    "judge",
    "lookup",
    "verify_certification",
]


@dataclass(frozen=True)
class LookupResult:
    """The answer to "who is this printed CB name, and is it accredited for `standard`?"."""

    query: str
    standard: str
    verdict: LookupVerdict
    match: CertificationBody | None
    score: float | None
    alternatives: tuple[Candidate, ...]
    record: str
    provenance: Provenance | None
    version: str
    group: str | None = None


_PROVENANCE_RANK = {Provenance.verified: 0, Provenance.reported: 1, Provenance.curated: 2}


def judge(
    registry: Registry, cb: CertificationBody, standard: str
) -> tuple[LookupVerdict, str, Provenance | None]:
    """Verdict for a known CB and the record that decided it (best provenance first)."""
    rows = [a for a in cb.accreditations if a.evidence and a.standard == standard]
    base = EXTENSION_OF.get(standard)
    via = ""
    if not rows and base is not None:
        rows = [a for a in cb.accreditations if a.evidence and a.standard == base]
        via = f" (the data holds no ISO/IEC {standard} record; {standard} extends {base})"
    rows.sort(key=lambda a: _PROVENANCE_RANK[a.source.provenance])
    active = [
        a
        for a in rows
        if a.status is AccreditationStatus.active and recognised_for(registry, a.body, standard)
    ]
    if active:
        return LookupVerdict.accredited, active[0].describe(cb) + via, active[0].source.provenance
    lapsed = [
        a
        for a in rows
        if a.status in (AccreditationStatus.suspended, AccreditationStatus.withdrawn)
    ]
    if lapsed:
        return LookupVerdict.suspended, lapsed[0].describe(cb), lapsed[0].source.provenance
    held = ", ".join(cb.standards()) or "none"
    others = "; ".join(
        ("claimed, not confirmed: " if not a.evidence else "")
        + f"{a.body} {a.number or ''} ISO/IEC {a.standard} {a.status.value}".replace("  ", " ")
        for a in cb.accreditations
        if not a.counts
    )
    detail = f"{cb.describe()}; accredited standards in data: {held}" + (
        f"; {others}" if others else ""
    )
    negative = [a for a in rows if a.status is AccreditationStatus.not_accredited]
    provenance = negative[0].source.provenance if negative else cb.source.provenance
    return LookupVerdict.not_accredited_for_standard, detail, provenance


def _unmatched_record(registry: Registry, name: str, found: NameMatch) -> str:
    shown = ", ".join(f"{c.cb.name} ({c.score:g})" for c in found.alternatives) or "none"
    if found.group:
        why = f"a {found.group} group name; the data holds these {found.group} entities"
    elif found.ambiguous:
        why = "several bodies match"
    else:
        why = f"no certification body scores >= {MATCH_THRESHOLD:g}"
    return f"certification_bodies.csv (data {registry.version}): {why} for {name!r}; candidates: {shown}"


def lookup(
    registry: Registry, name: str, standard: str = "27001", *, as_of: date | None = None
) -> LookupResult:
    """Match a printed CB name and say whether that CB is accredited for `standard` (with the
    reviewers' records in force on `as_of` when given)."""
    registry = in_force(registry, as_of)
    found = match_name(registry, name)
    if found.match is None:
        verdict = LookupVerdict.ambiguous if found.ambiguous else LookupVerdict.not_found
        record = _unmatched_record(registry, name, found)
        return LookupResult(
            name, standard, verdict, None, None, found.alternatives, record, None,
            registry.version, found.group,
        )  # fmt: skip
    verdict, record, provenance = judge(registry, found.match.cb, standard)
    return LookupResult(
        name, standard, verdict, found.match.cb, found.match.score, found.alternatives, record,
        provenance, registry.version, found.group,
    )  # fmt: skip


@dataclass(frozen=True)
class VerificationIssue:
    """One accreditation problem with a certificate, and the data record that decided it.

    `facts` are the certificate facts the issue rests on (a check lowers its severity when one
    of them was read with low confidence); `where` says where a reviewer can check the CB;
    `ask` is the question for the vendor when the issue needs a specific one."""

    code: FindingCode
    detail: str
    record: str
    provenance: Provenance | None
    facts: tuple[str, ...] = ("certification_body", "accreditation_body")
    where: str | None = None
    ask: str | None = None


@dataclass(frozen=True)
class Verification:
    """The outcome of checking a certificate's CB and accreditation mark against the data."""

    verdict: LookupVerdict
    matched_cb: str | None
    issues: tuple[VerificationIssue, ...]
    provenance: Provenance | None
    record: str = ""
    notes: tuple[str, ...] = ()
    version: str = ""


def _issue(draft: Draft) -> VerificationIssue:
    """The detail names the deciding record and how far it can be trusted."""
    detail = f"{draft.sentence} Decided by: {draft.record}."
    return VerificationIssue(
        draft.code, detail, draft.record, draft.provenance, draft.facts, draft.where, draft.ask
    )


def _entity(
    registry: Registry, found: NameMatch, name: str, mark: MarkReading, number: str | None
) -> tuple[CertificationBody | None, str]:
    """The legal entity that issued the certificate, and how it was known: by its printed name,
    or, for a group name, by the printed AB (and number) and the country the name mentions."""
    if found.match is not None:
        return found.match.cb, "name"
    if not found.ambiguous:
        return None, "unknown"
    candidates = [c.cb for c in found.alternatives]
    mentioned = registry.mentioned_countries(name)
    if mentioned:
        candidates = [c for c in candidates if c.country and c.country_key in mentioned]
    if mark.ab is None or not mark.recognised:
        return None, "group"
    code = mark.ab.code
    fits = [
        c for c in candidates
        if any(a.counts and a.body == code and (not number or not a.number or same_number(number, a.number))
               for a in c.accreditations)
    ]  # fmt: skip
    verdicts = {judge(registry, c, mark.standard)[0] for c in fits}
    if fits and len(verdicts) == 1:
        return fits[0], "mark"
    return None, "group"


def verify_certification(
    registry: Registry,
    *,
    certification_body: str | None,
    accreditation_body: str | None,
    accreditation_number: str | None,
    standard: str,
    as_of: date | None = None,
) -> Verification:
    """Check a certificate's CB and printed accreditation body for `standard` ("27001",
    "42001", "27701"), with the reviewers' records in force on `as_of` when given.

    Not accredited needs evidence: a CB known without a recognised accreditation for the
    standard, or an unknown CB whose certificate shows no recognised accreditation (no mark, or
    a look-alike's). A recognised AB's mark on a CB the data does not hold (or a group entity it
    does not hold) is unverified, never not accredited, and a group accredited through several
    entities by several ABs never yields AB_MISMATCH for one of them.
    """
    registry = in_force(registry, as_of)
    mark = read_mark(registry, accreditation_body, standard)
    name = (certification_body or "").strip()
    found = match_name(registry, name) if name else NameMatch(None, (), False)
    entity, how = _entity(registry, found, name, mark, accreditation_number)
    if entity is not None:
        verdict, record, provenance = judge(registry, entity, standard)
        drafts = entity_issues(registry, entity, how, mark, accreditation_number, verdict, record)
    elif found.ambiguous:
        verdict, record, provenance = (
            LookupVerdict.ambiguous,
            _unmatched_record(registry, name, found),
            None,
        )
        drafts = group_issues(registry, found, name, mark, record)
    else:
        verdict, record, provenance = (
            LookupVerdict.not_found,
            _unmatched_record(registry, name, found),
            None,
        )
        drafts = unknown_issues(registry, name, mark, record, None)
    issues = [mark.draft] if mark.draft else []
    notes = (mark.note,) if mark.note else ()
    return Verification(
        verdict, entity.name if entity else None, tuple(_issue(d) for d in (*issues, *drafts)),
        provenance, record, notes, registry.version,
    )  # fmt: skip
