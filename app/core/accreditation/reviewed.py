"""Reviewer-verified accreditation records in force on a date (CONTRACT.md §4, §7
`/accreditation/verifications`).

A reviewer who read a CB's entry in an AB's register records it; from then on every assessment
uses that record with provenance `verified` (who checked it, when, where) in place of what the
data files say for the same CB, AB and standard. A record checked more than
`review_max_age_days` before `as_of` ages out: the data files decide again, as unverified. A
`verified` row of the data files themselves (an imported register) ages the same way: it is
then shown as reported ("verified on ..., older than N days"), never as verified.
"""

import re
from dataclasses import replace
from datetime import date, timedelta

from app.core import names as cb_names
from app.core.accreditation.match import match_name
from app.core.accreditation.registry import (
    Accreditation,
    CertificationBody,
    Provenance,
    Registry,
    ReviewedRecord,
    Source,
)

__all__ = ["in_force", "reviewed_source"]


def reviewed_source(record: ReviewedRecord) -> Source:
    """The provenance of a reviewer's record: verified, by whom, when and where."""
    note = f" ({record.note})" if record.note else ""
    return Source(
        Provenance.verified,
        f"checked in the register by {record.checked_by}{note}",
        record.checked_on.isoformat(),
        record.source_url,
        record.checked_on,
        record.checked_by,
    )


def _slug(name: str) -> str:
    return "reviewed-" + (re.sub(r"[^a-z0-9]+", "-", cb_names.fold(name)).strip("-") or "cb")


def _aged(row: Accreditation, oldest: date) -> Accreditation:
    """A data-file `verified` row checked before `oldest`, shown as what it now is: a report."""
    src = row.source
    if src.provenance is not Provenance.verified or src.verified_on is None:
        return row
    if src.verified_on >= oldest:
        return row
    aged = Source(
        Provenance.reported,
        f"{src.source} (verified in {src.register} on {src.verified_on}, older than the "
        "re-check period: read the register again)",
        src.verified_on.isoformat(),
        src.register,
    )
    return replace(row, source=aged)


def _target(base: Registry, cbs: dict[str, CertificationBody], record: ReviewedRecord) -> str:
    """The id of the CB a record is about: the one its name matches, else a new record."""
    found = match_name(base, record.certification_body)
    if found.match is not None:
        return found.match.cb.id
    key = cb_names.normalise(record.certification_body)
    for cb in cbs.values():
        if cb.id.startswith("reviewed-") and key in cb.name_keys:
            return cb.id
    cb_id, n = _slug(record.certification_body), 2
    while cb_id in cbs:
        cb_id, n = f"{_slug(record.certification_body)}-{n}", n + 1
    cbs[cb_id] = CertificationBody(
        cb_id, record.certification_body, reviewed_source(record), group=found.group
    )
    return cb_id


def _apply(base: Registry, as_of: date) -> Registry:
    oldest = as_of - timedelta(days=base.review_max_age_days)
    cbs = {
        cb.id: replace(cb, accreditations=tuple(_aged(a, oldest) for a in cb.accreditations))
        for cb in base.certification_bodies
    }
    fresh = [r for r in base.reviewed if oldest <= r.checked_on <= as_of]
    for record in sorted(fresh, key=lambda r: r.checked_on):
        cb_id = _target(base, cbs, record)
        cb = cbs[cb_id]
        row = Accreditation(
            record.accreditation_body,
            record.standard,
            record.status,
            reviewed_source(record),
            record.number,
            record.checked_on,
            record.note,
        )
        kept = tuple(
            a
            for a in cb.accreditations
            if (a.body, a.standard) != (record.accreditation_body, record.standard)
        )
        cbs[cb_id] = replace(cb, accreditations=(*kept, row))
    return replace(base, certification_bodies=tuple(cbs.values()), reviewed=())


def in_force(registry: Registry, as_of: date | None) -> Registry:
    """`registry` as of `as_of`: reviewed records younger than the re-check period applied,
    older ones (and old `verified` data rows) aged out. Without a date, the data as it is."""
    if as_of is None or not (registry.reviewed or registry.has_verified_rows):
        return registry
    memo = registry.overlay_memo
    if as_of not in memo:
        memo[as_of] = _apply(registry, as_of)
    return memo[as_of]
