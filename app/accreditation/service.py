"""Accreditation look-up and listing for the API and CLI: core values in, §6 shapes out."""

from datetime import date

from app.accreditation import schemas
from app.accreditation.errors import InvalidStandard
from app.core import (
    STANDARDS,
    Accreditation,
    CertificationBody,
    LookupResult,
    Registry,
    lookup,
)


def _accreditations(rows: tuple[Accreditation, ...]) -> list[schemas.AccreditationRead]:
    """One entry per body/number/status/source, listing the standards it covers (§6 shape)."""
    grouped: dict[tuple[object, ...], list[str]] = {}
    first: dict[tuple[object, ...], Accreditation] = {}
    for a in rows:
        key = (a.body, a.number, a.status, a.source)
        grouped.setdefault(key, []).append(a.standard)
        first.setdefault(key, a)
    return [
        schemas.AccreditationRead(
            body=a.body, number=a.number, standards=grouped[k], status=a.status.value,
            source=a.source.source, source_date=a.source.source_date, provenance=a.source.provenance,
            verify_at=a.source.register, verified_on=a.source.verified_on,
            checked_by=a.source.checked_by,
        )
        for k, a in first.items()
    ]  # fmt: skip


def _match(result: LookupResult) -> schemas.MatchRead | None:
    cb = result.match
    if cb is None or result.score is None:
        return None
    return schemas.MatchRead(
        name=cb.name, score=result.score, accreditations=_accreditations(cb.accreditations),
        id=cb.id, aliases=list(cb.aliases), provenance=cb.source.provenance,
        source=cb.source.source, verify_at=cb.source.register,
    )  # fmt: skip


def check_standard(standard: str) -> str:
    """The standard code ("27001"), accepting "ISO/IEC 27001" too; InvalidStandard otherwise."""
    code = standard.upper().replace("ISO/IEC", "").replace("ISO", "").strip()
    if code not in STANDARDS:
        raise InvalidStandard(f"standard must be one of {', '.join(STANDARDS)}, not {standard!r}")
    return code


def lookup_body(
    registry: Registry, *, name: str, standard: str, as_of: date | None = None
) -> schemas.LookupRead:
    """The CONTRACT §6 look-up answer for a printed CB name, with the reviewers' recorded checks
    in force on `as_of`."""
    result = lookup(registry, name, check_standard(standard), as_of=as_of)
    return schemas.LookupRead(
        query=result.query, standard=result.standard, match=_match(result),
        alternatives=[schemas.AlternativeRead(name=c.cb.name, score=c.score) for c in result.alternatives],
        verdict=result.verdict, reference_data=registry.version,
        provenance=result.provenance, record=result.record, group=result.group,
    )  # fmt: skip


def _cb(cb: CertificationBody) -> schemas.CertificationBodyRead:
    return schemas.CertificationBodyRead(
        id=cb.id, name=cb.name, aliases=list(cb.aliases), group=cb.group, country=cb.country,
        standards=list(cb.standards()), accreditations=_accreditations(cb.accreditations),
        provenance=cb.source.provenance, source=cb.source.source, verify_at=cb.source.register,
    )  # fmt: skip


def list_bodies(registry: Registry) -> schemas.BodiesRead:
    """Every accreditation body, look-alike and certification body in the data in force."""
    abs_ = [
        schemas.AccreditationBodyRead(
            code=ab.code, name=ab.name, country=ab.country, regional_group=ab.regional_group,
            iaf_mla_ms=ab.iaf_mla_ms.value, isms=ab.isms.value, aims=ab.aims.value,
            provenance=ab.source.provenance, source=ab.source.source,
            source_date=ab.source.source_date, verify_at=ab.source.register,
            verified_on=ab.source.verified_on,
        )
        for ab in registry.accreditation_bodies
    ]  # fmt: skip
    fakes = [
        schemas.LookalikeRead(
            code=f.code, name=f.name, observed_as=f.observed_as, assessment=f.assessment,
            provenance=f.source.provenance, source=f.source.source,
        )
        for f in registry.lookalikes
    ]  # fmt: skip
    cbs = [_cb(cb) for cb in registry.certification_bodies]
    return schemas.BodiesRead(
        reference_data=registry.version, accreditation_bodies=abs_, lookalike_bodies=fakes,
        certification_bodies=cbs,
    )  # fmt: skip
