"""Look-up of a printed certification-body name and verification of a certificate's
accreditation against the reference data (CONTRACT.md §4 accreditation findings, §6
`accreditation lookup`).

`lookup` turns a printed name into a match, a score, alternatives and a verdict;
`verify_certification` adds the printed accreditation mark and returns the §4 issues, each
naming the data record that decided it and that record's provenance.
"""

import re
from dataclasses import dataclass

from app.core import cb_names
from app.core.findings import FindingCode
from app.core.registry import (
    STANDARDS,
    Accreditation,
    AccreditationBody,
    AccreditationStatus,
    CertificationBody,
    LookalikeBody,
    LookupVerdict,
    MlaStatus,
    Provenance,
    RegionalGroup,
    Registry,
    Source,
    SubScope,
)

__all__ = [
    "STANDARDS",
    "Accreditation",
    "AccreditationBody",
    "AccreditationStatus",
    "Candidate",
    "CertificationBody",
    "LookalikeBody",
    "LookupResult",
    "LookupVerdict",
    "MlaStatus",
    "Provenance",
    "RegionalGroup",
    "Registry",
    "Source",
    "SubScope",
    "Verification",
    "VerificationIssue",
    "lookup",
    "verify_certification",
]

MATCH_THRESHOLD = 88.0
# Two bodies scoring within this many points of each other cannot be told apart by name.
TIE_MARGIN = 2.0


@dataclass(frozen=True)
class Candidate:
    cb: CertificationBody
    score: float


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


def _score(cb: CertificationBody, parts: tuple[str, ...]) -> tuple[float, bool]:
    """Best similarity over the CB's names and the query's dba parts, and containment."""
    best, contained = 0.0, False
    keys = [cb_names.normalise(n) for n in cb.names]
    group = cb_names.normalise(cb.group) if cb.group else None
    for part in parts:
        q = cb_names.normalise(part)
        best = max([best, *(cb_names.similarity(q, k) for k in keys)])
        contained = contained or q == group or any(cb_names.is_contained(q, k) for k in keys)
    return best, contained


def rank(registry: Registry, name: str) -> tuple[list[Candidate], list[Candidate]]:
    """All CBs by similarity (best first), and those whose names contain the query."""
    parts = cb_names.split_dba(name)
    scored, contained = [], []
    for cb in registry.certification_bodies:
        score, inside = _score(cb, parts)
        scored.append(Candidate(cb, round(score, 1)))
        if inside:
            contained.append(Candidate(cb, 100.0))
    scored.sort(key=lambda c: (-c.score, c.cb.name))
    return scored, contained


def match_name(
    registry: Registry, name: str
) -> tuple[Candidate | None, tuple[Candidate, ...], bool]:
    """(match, alternatives, ambiguous) for a printed name; never the nearest name below the
    threshold. A group name alone ("SGS", "TÜV") fitting several national entities is ambiguous."""
    scored, contained = rank(registry, name)
    strong = [c for c in scored if c.score >= MATCH_THRESHOLD]
    if strong:
        top = strong[0]
        tied = [c for c in strong[1:] if c.score >= top.score - TIE_MARGIN]
        others = tuple(c for c in scored[1:4] if c.score >= 50)
        return (None, (top, *tied), True) if tied else (top, others, False)
    if len(contained) == 1:
        return (
            contained[0],
            tuple(c for c in scored[:3] if c.cb != contained[0].cb and c.score >= 50),
            False,
        )
    if contained:
        return None, tuple(sorted(contained, key=lambda c: c.cb.name)), True
    return None, tuple(c for c in scored[:3] if c.score >= 50), False


_PROVENANCE_RANK = {Provenance.verified: 0, Provenance.reported: 1, Provenance.curated: 2}


def recognised_for(registry: Registry, body: str, standard: str) -> bool:
    """An AB whose MLA sub-scope is not known to exclude `standard`, and not a look-alike."""
    ab = registry.accreditation_body(body)
    return ab is not None and ab.sub_scope(standard) is not SubScope.not_recognised


def judge(
    registry: Registry, cb: CertificationBody, standard: str
) -> tuple[LookupVerdict, str, Provenance | None]:
    """Verdict for a known CB and the record that decided it (best provenance first)."""
    rows = [a for a in cb.accreditations if a.counts and a.standard == standard]
    rows.sort(key=lambda a: _PROVENANCE_RANK[a.source.provenance])
    active = [
        a
        for a in rows
        if a.status is AccreditationStatus.active and recognised_for(registry, a.body, standard)
    ]
    if active:
        return LookupVerdict.accredited, active[0].describe(cb), active[0].source.provenance
    lapsed = [
        a
        for a in rows
        if a.status in (AccreditationStatus.suspended, AccreditationStatus.withdrawn)
    ]
    if lapsed:
        return LookupVerdict.suspended, lapsed[0].describe(cb), lapsed[0].source.provenance
    held = ", ".join(cb.standards()) or "none"
    claims = "; ".join(
        f"claimed on a certificate: {a.body} {a.number or ''}".strip()
        for a in cb.accreditations
        if not a.counts
    )
    detail = f"{cb.describe()}; accredited standards in data: {held}" + (
        f"; {claims}" if claims else ""
    )
    return LookupVerdict.not_accredited_for_standard, detail, cb.source.provenance


def lookup(registry: Registry, name: str, standard: str = "27001") -> LookupResult:
    """Match a printed CB name and say whether that CB is accredited for `standard`."""
    match, alternatives, ambiguous = match_name(registry, name)
    if match is None:
        verdict = LookupVerdict.ambiguous if ambiguous else LookupVerdict.not_found
        shown = ", ".join(f"{c.cb.name} ({c.score:g})" for c in alternatives) or "none"
        why = (
            "several bodies match"
            if ambiguous
            else f"no certification body scores >= {MATCH_THRESHOLD:g}"
        )
        record = f"certification_bodies.csv (data {registry.version}): {why} for {name!r}; candidates: {shown}"
        return LookupResult(
            name, standard, verdict, None, None, alternatives, record, None, registry.version
        )
    verdict, record, provenance = judge(registry, match.cb, standard)
    return LookupResult(
        name,
        standard,
        verdict,
        match.cb,
        match.score,
        alternatives,
        record,
        provenance,
        registry.version,
    )


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
    record: str = ""
    notes: tuple[str, ...] = ()
    version: str = ""


def same_number(printed: str, known: str) -> bool:
    """Accreditation numbers equal up to punctuation, case and leading zeros (0003 = 003)."""

    def key(n: str) -> str:
        compact = re.sub(r"[^A-Z0-9]", "", n.upper())
        return re.sub(r"(?<![0-9])0+(?=[0-9])", "", compact)

    return key(printed) == key(known)


def _check_mark(
    registry: Registry, printed: str | None, standard: str
) -> tuple[VerificationIssue | None, str | None]:
    """(AB issue, note) for the printed accreditation body."""
    if not printed or not printed.strip():
        rec = "certificate facts: accreditation_body is null (no accreditation mark or name read)"
        return VerificationIssue(
            FindingCode.CERT_NO_ACCREDITATION_MARK,
            "The certificate shows no accreditation body.",
            rec,
            None,
        ), None
    fake = registry.lookalike(printed)
    if fake is not None:
        rec = f"lookalike_bodies.csv: {fake.name} - {fake.assessment} ({fake.source.describe()})"
        detail = f"{printed!r} is a look-alike 'accreditation' body ({fake.observed_as}), not an IAF MLA signatory."
        return VerificationIssue(
            FindingCode.AB_NOT_RECOGNISED, detail, rec, fake.source.provenance
        ), None
    ab = registry.accreditation_body(printed)
    if ab is None:
        rec = f"accreditation_bodies.csv (data {registry.version}): no body {printed!r}"
        detail = f"{printed!r} is not an IAF MLA signatory in the reference data."
        return VerificationIssue(FindingCode.AB_NOT_RECOGNISED, detail, rec, None), None
    scope = ab.sub_scope(standard)
    rec = f"accreditation_bodies.csv: {ab.code} IAF MLA {ab.iaf_mla_ms.value}, sub-scope for {standard} {scope.value} ({ab.source.describe()})"
    if scope is SubScope.not_recognised:
        detail = f"{ab.code} is not an IAF MLA signatory for the sub-scope of ISO/IEC {standard}."
        return VerificationIssue(
            FindingCode.AB_NOT_RECOGNISED, detail, rec, ab.source.provenance
        ), None
    if scope is SubScope.unknown:
        return (
            None,
            f"{ab.code}'s IAF MLA sub-scope for ISO/IEC {standard} is not confirmed by the data: {rec}",
        )
    return None, None


def _narrow(
    registry: Registry, result: LookupResult, ab: str | None, number: str | None
) -> LookupResult:
    """An ambiguous group name resolved by the printed AB (and number) when exactly one fits."""
    if result.verdict is not LookupVerdict.ambiguous or not ab:
        return result
    code = registry.accreditation_body(ab) or registry.lookalike(ab)
    wanted = code.code if code else ab
    fits = [
        c for c in result.alternatives
        if any(a.counts and a.body == wanted and (not number or not a.number or same_number(number, a.number)) for a in c.cb.accreditations)
    ]  # fmt: skip
    if len(fits) != 1:
        return result
    verdict, record, provenance = judge(registry, fits[0].cb, result.standard)
    return LookupResult(
        result.query,
        result.standard,
        verdict,
        fits[0].cb,
        fits[0].score,
        result.alternatives,
        record,
        provenance,
        result.version,
    )


def _check_cb(registry: Registry, result: LookupResult) -> VerificationIssue | None:
    """The §4 issue, if any, from the CB look-up verdict."""
    if result.verdict is LookupVerdict.not_found:
        detail = f"The certification body {result.query!r} is not in the reference data as accredited for ISO/IEC {result.standard}."
        return VerificationIssue(FindingCode.CB_NOT_ACCREDITED, detail, result.record, None)
    cb = result.match
    if cb is None:
        return None
    if result.verdict is LookupVerdict.suspended:
        detail = f"The reference data marks {cb.name}'s accreditation for ISO/IEC {result.standard} suspended or withdrawn."
        return VerificationIssue(
            FindingCode.CB_ACCREDITATION_SUSPENDED, detail, result.record, result.provenance
        )
    if result.verdict is LookupVerdict.not_accredited_for_standard:
        if cb.standards():
            detail = f"{cb.name} is accredited for ISO/IEC {', '.join(cb.standards())}, not for ISO/IEC {result.standard}."
            return VerificationIssue(
                FindingCode.CB_ACCREDITATION_SCOPE, detail, result.record, result.provenance
            )
        detail = f"{cb.name} is not accredited for ISO/IEC {result.standard} by any recognised accreditation body in the reference data."
        return VerificationIssue(
            FindingCode.CB_NOT_ACCREDITED, detail, result.record, result.provenance
        )
    return None


def _check_pairing(
    registry: Registry, cb: CertificationBody, printed: str, number: str | None
) -> VerificationIssue | None:
    """AB_MISMATCH: the printed AB does not accredit this CB, or the printed number differs."""
    ab = registry.accreditation_body(printed)
    real = [a for a in cb.accreditations if a.counts]
    if ab is None or not real:
        return None
    by_ab = [a for a in real if a.body == ab.code]
    held = "; ".join(a.describe(cb) for a in real)
    if not by_ab:
        detail = f"The certificate names {ab.code}, but the reference data shows {cb.name} accredited by {', '.join(sorted({a.body for a in real}))}."
        return VerificationIssue(FindingCode.AB_MISMATCH, detail, held, real[0].source.provenance)
    known = [a for a in by_ab if a.number]
    if number and known and not any(same_number(number, a.number or "") for a in known):
        detail = f"The certificate prints {ab.code} number {number!r}; the reference data has {cb.name} as {ab.code} {known[0].number}."
        return VerificationIssue(
            FindingCode.AB_MISMATCH, detail, known[0].describe(cb), known[0].source.provenance
        )
    return None


def verify_certification(
    registry: Registry,
    *,
    certification_body: str | None,
    accreditation_body: str | None,
    accreditation_number: str | None,
    standard: str,
) -> Verification:
    """Check a certificate's CB and printed accreditation body for `standard` ("27001", "42001", "27701").

    Issues follow CONTRACT §4. When the printed AB is a look-alike or unrecognised and the CB has
    no counting accreditation either, only AB_NOT_RECOGNISED is raised (it is the specific
    reason); its detail also says the CB is not accredited in the data.
    """
    mark_issue, note = _check_mark(registry, accreditation_body, standard)
    name = (certification_body or "").strip()
    result = _narrow(
        registry, lookup(registry, name, standard), accreditation_body, accreditation_number
    )
    cb_issue = _check_cb(registry, result) if name else VerificationIssue(
        FindingCode.CB_NOT_ACCREDITED, "No certification body name was read from the certificate.", "certificate facts: certification_body is null", None
    )  # fmt: skip
    issues: list[VerificationIssue] = []
    if (
        mark_issue is not None
        and mark_issue.code is FindingCode.AB_NOT_RECOGNISED
        and cb_issue is not None
        and cb_issue.code is FindingCode.CB_NOT_ACCREDITED
    ):
        mark_issue = VerificationIssue(
            mark_issue.code,
            f"{mark_issue.detail} {cb_issue.detail}",
            f"{mark_issue.record}; {cb_issue.record}",
            mark_issue.provenance,
        )
        cb_issue = None
    issues += [i for i in (mark_issue, cb_issue) if i is not None]
    if result.match is not None and accreditation_body and mark_issue is None:
        pairing = _check_pairing(registry, result.match, accreditation_body, accreditation_number)
        issues += [pairing] if pairing else []
    notes = tuple(n for n in (note,) if n)
    matched = result.match.name if result.match else None
    return Verification(
        result.verdict,
        matched,
        tuple(issues),
        result.provenance,
        result.record,
        notes,
        registry.version,
    )
