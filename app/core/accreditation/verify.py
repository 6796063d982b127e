"""Look-up of a printed certification-body name and verification of a certificate's
accreditation against the reference data (CONTRACT.md §4 accreditation findings, §6
`accreditation lookup`).

`lookup` turns a printed name into a match, a score, alternatives and a verdict;
`verify_certification` adds the printed accreditation mark and returns the §4 issues, each
naming the data record that decided it and that record's provenance.
"""

import re
from dataclasses import dataclass

from app.core.accreditation.match import MATCH_THRESHOLD, Candidate, match_name
from app.core.accreditation.registry import (
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
from app.core.findings import FindingCode

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


@dataclass(frozen=True)
class _Draft:
    """An issue before its detail is written: the sentence, the deciding record, its provenance."""

    code: FindingCode
    sentence: str
    record: str
    provenance: Provenance | None

    def issue(self) -> VerificationIssue:
        """The detail names the deciding record and how far it can be trusted."""
        detail = f"{self.sentence} Decided by: {self.record}."
        return VerificationIssue(self.code, detail, self.record, self.provenance)


def same_number(printed: str, known: str) -> bool:
    """Accreditation numbers equal up to punctuation, case and leading zeros (0003 = 003)."""

    def key(n: str) -> str:
        compact = re.sub(r"[^A-Z0-9]", "", n.upper())
        return re.sub(r"(?<![0-9])0+(?=[0-9])", "", compact)

    return key(printed) == key(known)


def _check_mark(
    registry: Registry, printed: str | None, standard: str
) -> tuple[_Draft | None, str | None]:
    """(AB issue, note) for the printed accreditation body."""
    if not printed or not printed.strip():
        rec = "certificate facts: accreditation_body is null (no accreditation mark or name read)"
        return _Draft(
            FindingCode.CERT_NO_ACCREDITATION_MARK,
            "The certificate shows no accreditation body.",
            rec,
            None,
        ), None
    fake = registry.lookalike(printed)
    if fake is not None:
        rec = f"lookalike_bodies.csv: {fake.name} - {fake.assessment} ({fake.source.describe()})"
        sentence = f"{fake.name} (printed as {printed!r}) is a look-alike 'accreditation' body, not an IAF MLA signatory."
        return _Draft(FindingCode.AB_NOT_RECOGNISED, sentence, rec, fake.source.provenance), None
    ab = registry.accreditation_body(printed)
    if ab is None:
        rec = f"accreditation_bodies.csv (data {registry.version}): no body {printed!r}"
        sentence = f"{printed!r} is not an IAF MLA signatory in the reference data."
        return _Draft(FindingCode.AB_NOT_RECOGNISED, sentence, rec, None), None
    scope = ab.sub_scope(standard)
    rec = (
        f"accreditation_bodies.csv: {ab.code} IAF MLA {ab.iaf_mla_ms.value}, sub-scope for "
        f"ISO/IEC {standard} {scope.value} ({ab.source.describe()})"
    )
    if scope is SubScope.not_recognised:
        sentence = f"{ab.code} is not an IAF MLA signatory for the sub-scope of ISO/IEC {standard}."
        return _Draft(FindingCode.AB_NOT_RECOGNISED, sentence, rec, ab.source.provenance), None
    if scope is SubScope.unknown:
        return None, f"{ab.code}'s IAF MLA sub-scope for ISO/IEC {standard} is not confirmed: {rec}"
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


def _check_cb(registry: Registry, name: str, result: LookupResult) -> _Draft | None:
    """The §4 issue, if any, from the CB look-up verdict."""
    std, cb = result.standard, result.match
    if not name:
        rec = "certificate facts: certification_body is null"
        return _Draft(
            FindingCode.CB_NOT_ACCREDITED,
            "No certification body name was read from the certificate.",
            rec,
            None,
        )
    if result.verdict is LookupVerdict.not_found:
        sentence = f"The certification body {name!r} is not in the reference data as accredited for ISO/IEC {std}."
        return _Draft(FindingCode.CB_NOT_ACCREDITED, sentence, result.record, None)
    if cb is None:
        return None
    if result.verdict is LookupVerdict.suspended:
        sentence = f"The reference data marks {cb.name}'s accreditation for ISO/IEC {std} suspended or withdrawn."
        return _Draft(
            FindingCode.CB_ACCREDITATION_SUSPENDED, sentence, result.record, result.provenance
        )
    if result.verdict is not LookupVerdict.not_accredited_for_standard:
        return None
    # Accredited for this standard only by a body not recognised for it is no accreditation.
    held_here = any(a.counts and a.standard == std for a in cb.accreditations)
    if cb.standards() and not held_here:
        sentence = f"{cb.name} is accredited for ISO/IEC {', '.join(cb.standards())}, not for ISO/IEC {std}."
        return _Draft(
            FindingCode.CB_ACCREDITATION_SCOPE, sentence, result.record, result.provenance
        )
    sentence = f"{cb.name} is not accredited for ISO/IEC {std} by any recognised accreditation body in the reference data."
    return _Draft(FindingCode.CB_NOT_ACCREDITED, sentence, result.record, result.provenance)


def _check_pairing(
    registry: Registry, cb: CertificationBody, printed: str, number: str | None
) -> _Draft | None:
    """AB_MISMATCH: the printed AB does not accredit this CB, or the printed number differs."""
    ab = registry.accreditation_body(printed)
    real = [a for a in cb.accreditations if a.counts]
    if ab is None or not real:
        return None
    by_ab = [a for a in real if a.body == ab.code]
    if not by_ab:
        bodies = ", ".join(sorted({a.body for a in real}))
        sentence = f"The certificate names {ab.code}, but the reference data shows {cb.name} accredited by {bodies}."
        held = "; ".join(a.describe(cb) for a in real)
        return _Draft(FindingCode.AB_MISMATCH, sentence, held, real[0].source.provenance)
    known = [a for a in by_ab if a.number]
    if number and known and not any(same_number(number, a.number or "") for a in known):
        sentence = f"The certificate prints {ab.code} number {number!r}; the reference data has {cb.name} as {ab.code} {known[0].number}."
        return _Draft(
            FindingCode.AB_MISMATCH, sentence, known[0].describe(cb), known[0].source.provenance
        )
    return None


def _combine(mark: _Draft | None, cb: _Draft | None, note: str | None) -> list[_Draft]:
    """A look-alike or unrecognised AB on a CB with no accreditation is one issue, not two:
    AB_NOT_RECOGNISED is the specific reason. An unconfirmed AB sub-scope is told in the CB issue."""
    if cb is not None and note and cb.code is FindingCode.CB_NOT_ACCREDITED:
        cb = _Draft(cb.code, f"{cb.sentence} {note}.", cb.record, cb.provenance)
    if (
        mark is not None and cb is not None
        and mark.code is FindingCode.AB_NOT_RECOGNISED and cb.code is FindingCode.CB_NOT_ACCREDITED
    ):  # fmt: skip
        merged = _Draft(
            mark.code,
            f"{mark.sentence} {cb.sentence}",
            f"{mark.record}; {cb.record}",
            mark.provenance,
        )
        return [merged]
    return [d for d in (mark, cb) if d is not None]


def verify_certification(
    registry: Registry,
    *,
    certification_body: str | None,
    accreditation_body: str | None,
    accreditation_number: str | None,
    standard: str,
) -> Verification:
    """Check a certificate's CB and printed accreditation body for `standard` ("27001", "42001", "27701").

    Issues follow CONTRACT §4, each naming the data record that decided it and its provenance.
    A group name alone ("SGS") is narrowed by the printed AB and number when exactly one entity
    fits; otherwise the verdict stays `ambiguous` and no CB issue is raised (the look-up cannot
    tell which entity issued the certificate; the reviewer sees the candidates).
    """
    mark, note = _check_mark(registry, accreditation_body, standard)
    name = (certification_body or "").strip()
    result = _narrow(
        registry, lookup(registry, name, standard), accreditation_body, accreditation_number
    )
    drafts = _combine(mark, _check_cb(registry, name, result), note)
    if result.match is not None and accreditation_body and mark is None:
        pairing = _check_pairing(registry, result.match, accreditation_body, accreditation_number)
        drafts += [pairing] if pairing else []
    matched = result.match.name if result.match else None
    notes = (note,) if note else ()
    return Verification(
        result.verdict, matched, tuple(d.issue() for d in drafts), result.provenance,
        result.record, notes, registry.version,
    )  # fmt: skip
