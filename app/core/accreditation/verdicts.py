"""Which accreditation issues a certificate raises, in three states (CONTRACT.md §4):
accredited, not accredited on the evidence, or unverified because the data holds no record.

- An unknown CB (or one the data knows only from claims) is not accredited when its
  certificate shows no recognised accreditation (no mark, a look-alike's, an unrecognised
  body's); with a recognised AB's mark it is unverified, and the issue says where to check.
- A known CB is judged on its records: SCOPE when it is accredited for other standards only,
  NOT_ACCREDITED when its records for this standard show no recognised accreditation,
  SUSPENDED when they are suspended or withdrawn.
- The printed AB must accredit the entity (AB_MISMATCH), unless the entity's group holds
  accreditations from several ABs or from the printed one through another entity: then the
  pairing is unverified, not wrong.
"""

from app.core.accreditation.issues import (
    BOTH_FACTS,
    CB_FACTS,
    Draft,
    MarkReading,
    recognised_for,
    same_number,
    where_to_check,
)
from app.core.accreditation.match import NameMatch
from app.core.accreditation.registry import (
    EXTENSION_OF,
    AccreditationStatus,
    CertificationBody,
    LookupVerdict,
    Registry,
)
from app.core.findings import FindingCode

_C = FindingCode


def _ask(cb: str, mark: MarkReading, where: str) -> str:
    ab = mark.ab.code if mark.ab else "the accreditation body"
    return (
        f"We could not confirm that {cb} is accredited by {ab} for ISO/IEC {mark.standard}: our "
        "reference data holds no record of it (which does not mean it is not accredited). "
        f"Please send {cb}'s accreditation certificate or schedule from {ab} (accreditation "
        f"number and a scope covering ISO/IEC {mark.standard}), or a link to its entry in "
        f"{where}."
    )


def unverified(cb: str, mark: MarkReading, sentence: str, record: str) -> Draft:
    """CB_ACCREDITATION_UNVERIFIED: a recognised body's mark, no record that settles it."""
    where = where_to_check(mark.ab)
    ab = mark.ab.code if mark.ab else "a recognised accreditation body"
    note = f" {mark.note}." if mark.note else ""
    full = (
        f"The certificate carries {ab}'s mark, but {sentence} It cannot be confirmed either way "
        f"from the data ('not found' is not 'invalid').{note} Where to check: {where}."
    )
    return Draft(
        _C.CB_ACCREDITATION_UNVERIFIED, full, record, None, BOTH_FACTS, where, _ask(cb, mark, where)
    )


def unknown_issues(
    registry: Registry, name: str, mark: MarkReading, record: str, known: CertificationBody | None
) -> list[Draft]:
    """Issues for a CB without any record of its accreditation (unknown, or claims only)."""
    if not name:
        if mark.recognised:
            return [
                unverified(
                    "the certification body",
                    mark,
                    "no certification body name was read from the certificate.",
                    "certificate facts: certification_body is null",
                )
            ]
        return [Draft(_C.CB_NOT_ACCREDITED, "No certification body name was read from the "
                      "certificate, and it shows no recognised accreditation.",
                      "certificate facts: certification_body is null", None)]  # fmt: skip
    what = (
        f"the data knows {known.name} only from claims, not from any accreditation record"
        if known
        else f"the certification body {name!r} is not in the reference data"
    )
    if mark.recognised:
        return [unverified(name, mark, f"{what}.", record)]
    shown = (
        "no accreditation mark"
        if mark.printed is None
        else f"only {mark.printed!r}, not a recognised accreditation body"
    )
    sentence = f"{what[0].upper()}{what[1:]}, and the certificate shows {shown}: nothing shows it is accredited for ISO/IEC {mark.standard}."
    provenance = known.source.provenance if known else None
    return [Draft(_C.CB_NOT_ACCREDITED, sentence, record, provenance)]


def group_issues(
    registry: Registry, found: NameMatch, name: str, mark: MarkReading, record: str
) -> list[Draft]:
    """A group name (or an entity of a group the data does not hold) that the printed mark did
    not resolve: unverified with a recognised mark; otherwise the mark's own issue only (the
    brand is known, so it is not an unknown CB)."""
    if not mark.recognised:
        return []
    entities = "; ".join(
        f"{c.cb.name} ({', '.join(sorted({a.body for a in c.cb.accreditations if a.counts})) or 'no record'})"
        for c in found.alternatives
    )  # fmt: skip
    brand = found.group or "these bodies"
    sentence = (
        f"{name!r} names the {brand} brand, and none of its entities in the data ({entities}) "
        f"is recorded as accredited by {mark.ab.code if mark.ab else 'that body'} for the entity printed."
    )
    return [unverified(name, mark, sentence, record)]


def _pairing(
    registry: Registry, cb: CertificationBody, mark: MarkReading, number: str | None
) -> list[Draft]:
    """AB_MISMATCH (or unverified, for multi-AB groups): the printed AB does not accredit this
    CB, or the printed number differs from the recorded one."""
    ab = mark.ab
    held = [a for a in cb.accreditations if a.counts]
    if ab is None or not mark.recognised or not held:
        return []
    by_ab = [a for a in held if a.body == ab.code]
    if not by_ab:
        bodies = ", ".join(sorted({a.body for a in held}))
        records = "; ".join(a.describe(cb) for a in held)
        siblings = [c for c in registry.members(cb.group) if c != cb] if cb.group else []
        group_abs = {a.body for c in (cb, *siblings) for a in c.accreditations if a.counts}
        elsewhere = [
            c.name
            for c in siblings
            if any(a.counts and a.body == ab.code for a in c.accreditations)
        ]
        if elsewhere or len(group_abs) > 1:
            through = f"; {ab.code} accredits {', '.join(elsewhere)}" if elsewhere else ""
            sentence = (
                f"the data records {cb.name} as accredited by {bodies} only, and the {cb.group} "
                f"group is accredited by {', '.join(sorted(group_abs))} through different "
                f"entities{through}: the entity accredited by {ab.code} is not confirmed."
            )
            return [unverified(cb.name, mark, sentence, records)]
        sentence = f"The certificate names {ab.code}, but the reference data shows {cb.name} accredited by {bodies}."
        return [Draft(_C.AB_MISMATCH, sentence, records, held[0].source.provenance)]
    known = [a for a in by_ab if a.number]
    if number and known and not any(same_number(number, a.number or "") for a in known):
        sentence = f"The certificate prints {ab.code} number {number!r}; the reference data has {cb.name} as {ab.code} {known[0].number}."
        facts = (*BOTH_FACTS, "accreditation_number")
        return [
            Draft(
                _C.AB_MISMATCH, sentence, known[0].describe(cb), known[0].source.provenance, facts
            )
        ]
    return []


def entity_issues(
    registry: Registry,
    cb: CertificationBody,
    how: str,
    mark: MarkReading,
    number: str | None,
    verdict: LookupVerdict,
    record: str,
) -> list[Draft]:
    """Issues for a known legal entity, picked by its name or (in a group) by the mark."""
    std = mark.standard
    drafts: list[Draft] = []
    if verdict is LookupVerdict.suspended:
        sentence = f"The reference data marks {cb.name}'s accreditation for ISO/IEC {std} suspended or withdrawn."
        lapsed = next(a for a in cb.accreditations if a.standard in (std, EXTENSION_OF.get(std)) and
                      a.status in (AccreditationStatus.suspended, AccreditationStatus.withdrawn))  # fmt: skip
        drafts.append(
            Draft(
                _C.CB_ACCREDITATION_SUSPENDED, sentence, record, lapsed.source.provenance, CB_FACTS
            )
        )
    elif verdict is LookupVerdict.not_accredited_for_standard:
        drafts += _not_accredited(registry, cb, mark, record)
    if how == "name":
        drafts += _pairing(registry, cb, mark, number)
    return drafts


def _not_accredited(
    registry: Registry, cb: CertificationBody, mark: MarkReading, record: str
) -> list[Draft]:
    std = mark.standard
    rows = [a for a in cb.accreditations if a.evidence and a.standard == std]
    others = sorted({
        a.standard for a in cb.accreditations
        if a.status is AccreditationStatus.active and a.standard != std and recognised_for(registry, a.body, a.standard)
    })  # fmt: skip
    if others:
        sentence = (
            f"{cb.name} is accredited for ISO/IEC {', '.join(others)}, not for ISO/IEC {std}."
        )
        return [Draft(_C.CB_ACCREDITATION_SCOPE, sentence, record, cb.source.provenance, CB_FACTS)]
    if not rows:
        return unknown_issues(registry, cb.name, mark, record, cb)
    negative = [a for a in rows if a.status is AccreditationStatus.not_accredited]
    provenance = (negative or rows)[0].source.provenance
    sentence = f"{cb.name} is not accredited for ISO/IEC {std} by any recognised accreditation body in the reference data."
    return [Draft(_C.CB_NOT_ACCREDITED, sentence, record, provenance, CB_FACTS)]
