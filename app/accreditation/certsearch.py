"""Optional IAF CertSearch look-ups of the certificates whose accreditation is not verified
(issue 12 point 5). Without `ASSAY_IAF_CERTSEARCH_API_KEY` nothing calls out.

One round: read the current certificates (a short transaction), look each up by number and
holder outside any transaction (answers cached with their date for `iaf_certsearch_cache_days`,
at most `iaf_certsearch_max_lookups` look-ups, stopping at once on a rate limit or when the
credits run out, and not calling again before the limit's `Retry-After`), then store the
answers. A hit is recorded as a check (origin `iaf_certsearch`, provenance `verified`), as a
reviewer's would be; a miss changes nothing: "not found" is not "invalid".
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx
import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from app.accreditation import schemas, verifications
from app.accreditation.errors import CertSearchUnavailable, InvalidVerification
from app.adapters.certsearch import CertificateHit, CertSearchClient, CertSearchError, RateLimited
from app.core import (
    CERTIFICATE_KINDS,
    CERTIFICATE_STANDARD,
    CertificateFacts,
    LookupVerdict,
    Provenance,
    Registry,
    normalise_name,
    read_accreditation_marks,
    verify_certification,
)
from app.documents.parsed import load_parsed
from app.platform.models import CertSearchAnswer, Document, Vendor
from app.platform.settings import Settings

if TYPE_CHECKING:
    from app.platform.state import AppState

log = structlog.get_logger(__name__)
BLOCKED = "__blocked__"
ACTOR = "iaf-certsearch"
PUBLIC_URL = "https://www.iafcertsearch.org/"
_STATUS = {
    "": schemas.VerificationStatus.accredited,
    "active": schemas.VerificationStatus.accredited,
    "valid": schemas.VerificationStatus.accredited,
    "suspended": schemas.VerificationStatus.suspended,
    "withdrawn": schemas.VerificationStatus.withdrawn,
    "cancelled": schemas.VerificationStatus.withdrawn,
}


@dataclass(frozen=True)
class CertificateQuery:
    number: str
    holder: str
    country: str
    standard: str

    @property
    def key(self) -> str:
        number = "".join(c for c in self.number.upper() if c.isalnum())
        return f"cert:{number}|{normalise_name(self.holder)}|{self.country.casefold()}"[:400]


@dataclass
class _Round:
    queries: list[CertificateQuery] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    cached: int = 0


def require_configured(settings: Settings) -> str:
    """The API key; CertSearchUnavailable (409) when none is configured."""
    if settings.iaf_certsearch_api_key is None:
        raise CertSearchUnavailable(
            "set ASSAY_IAF_CERTSEARCH_API_KEY to look certificates up in IAF CertSearch"
        )
    return settings.iaf_certsearch_api_key.get_secret_value()


def client_for(settings: Settings, http: httpx.Client) -> CertSearchClient:
    return CertSearchClient(
        http, base_url=settings.iaf_certsearch_url, api_key=require_configured(settings)
    )


def holder_country(facts: CertificateFacts) -> str | None:
    """The country of the certified entity: the last part of its first site address, when it
    is a plain name ("..., London SW1A 2AA, United Kingdom" -> "United Kingdom")."""
    for site in facts.sites or []:
        last = site.rsplit(",", 1)[-1].strip(" .")
        if 2 <= len(last) <= 40 and all(ch.isalpha() or ch in " -'" for ch in last):
            return last
    return None


def _query(doc: Document, registry: Registry, as_of: date) -> CertificateQuery | str:
    parsed = load_parsed(doc)
    facts = parsed.facts
    if not isinstance(facts, CertificateFacts):
        return f"{doc.id}: not a certificate"
    standard = CERTIFICATE_STANDARD[parsed.kind]
    v = verify_certification(
        registry, certification_body=facts.certification_body, accreditation_body=facts.accreditation_body,
        accreditation_number=facts.accreditation_number, standard=standard, as_of=as_of,
    )  # fmt: skip
    if v.verdict is LookupVerdict.accredited and v.provenance is Provenance.verified:
        return f"{doc.id}: already verified"
    country = holder_country(facts)
    if not (facts.certificate_number and facts.holder and country):
        return f"{doc.id}: certificate number, holder or the holder's country not read"
    return CertificateQuery(facts.certificate_number, facts.holder, country, standard)


def _plan(session: Session, registry: Registry, settings: Settings, now: datetime) -> _Round:
    plan = _Round()
    docs = session.scalars(
        select(Document).join(Vendor, Vendor.id == Document.vendor_id).where(
            Document.status == "parsed", Document.deleted_at.is_(None), Vendor.archived_at.is_(None),
            Document.kind.in_([k.value for k in CERTIFICATE_KINDS]),
        ).order_by(Document.uploaded_at)
    ).all()  # fmt: skip
    fresh_after = now - timedelta(days=settings.iaf_certsearch_cache_days)
    seen: set[str] = set()
    for doc in docs:
        query = _query(doc, registry, now.date())
        if isinstance(query, str):
            plan.skipped.append(query)
            continue
        if query.key in seen:
            continue
        seen.add(query.key)
        cached = session.scalar(
            select(CertSearchAnswer).where(CertSearchAnswer.query_key == query.key)
        )
        if cached is not None and _aware(cached.fetched_at) >= fresh_after:
            plan.cached += 1
            continue
        plan.queries.append(query)
    return plan


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _blocked_until(session: Session) -> datetime | None:
    row = session.scalar(select(CertSearchAnswer).where(CertSearchAnswer.query_key == BLOCKED))
    until = row.answer.get("until") if row is not None else None
    return datetime.fromisoformat(until) if isinstance(until, str) else None


def _put(session: Session, key: str, hit: bool, answer: dict[str, Any], now: datetime) -> None:
    row = session.scalar(select(CertSearchAnswer).where(CertSearchAnswer.query_key == key))
    if row is None:
        row = CertSearchAnswer(query_key=key)
        session.add(row)
    row.hit, row.answer, row.fetched_at = hit, answer, now


def _record_hit(
    session: Session,
    registry: Registry,
    query: CertificateQuery,
    hit: CertificateHit,
    now: datetime,
) -> str | None:
    """Record a hit as a verified check; the reason when it cannot be used."""
    status = _STATUS.get(hit.certification_status)
    marks = read_accreditation_marks(hit.accreditation_body, registry.marks)
    ab = registry.accreditation_body(hit.accreditation_body) or (
        registry.accreditation_body(marks[0].code) if marks else None
    )
    if status is None or not hit.accredited_mla or ab is None:
        return f"{query.number}: found, but not usable ({hit.certification_status or 'no status'}, {hit.accreditation_body or 'no AB'})"
    data = schemas.VerificationCreate(
        certification_body=hit.certification_body, accreditation_body=ab.code, standard=query.standard,
        number=None, status=status, checked_on=now.date(), source_url=PUBLIC_URL,
        note=f"IAF CertSearch certificate {hit.cert_id} ({hit.certification_number}) held by {hit.certified_entity}",
    )  # fmt: skip
    try:
        verifications.create_verification(
            session, data=data, actor=ACTOR, registry=registry, today=now.date(), now=now,
            origin="iaf_certsearch",
        )  # fmt: skip
    except InvalidVerification as exc:
        return f"{query.number}: found, not recorded ({exc.detail})"
    return None


def run(
    sessions: sessionmaker[Session],
    *,
    client: CertSearchClient,
    registry: Registry,
    settings: Settings,
    now: datetime,
) -> schemas.CertSearchRunRead:
    """One round of look-ups (see the module docstring)."""
    with sessions.begin() as session:
        until = _blocked_until(session)
        if until is not None and until > now:
            return schemas.CertSearchRunRead(enabled=True, looked_up=0, cached=0, hits=0, misses=0,
                                             skipped=[], stopped=f"rate limited until {until.isoformat()}")  # fmt: skip
        plan = _plan(session, registry, settings, now)
    answers: list[tuple[CertificateQuery, CertificateHit | None]] = []
    stopped: str | None = None
    blocked: datetime | None = None
    for query in plan.queries[: settings.iaf_certsearch_max_lookups]:
        try:
            answers.append(
                (
                    query,
                    client.find_certificate(
                        number=query.number, holder=query.holder, country=query.country
                    ),
                )
            )
        except RateLimited as exc:
            stopped, blocked = str(exc), now + timedelta(seconds=exc.retry_after)
            break
        except CertSearchError as exc:
            stopped = str(exc)
            break
    if len(plan.queries) > settings.iaf_certsearch_max_lookups and stopped is None:
        stopped = f"look-up budget of {settings.iaf_certsearch_max_lookups} reached"
    skipped = list(plan.skipped)
    with sessions.begin() as session:
        for query, hit in answers:
            _put(session, query.key, hit is not None, _answer(hit), now)
            reason = _record_hit(session, registry, query, hit, now) if hit is not None else None
            if reason:
                skipped.append(reason)
        if blocked is not None:
            _put(session, BLOCKED, False, {"until": blocked.isoformat(), "reason": stopped}, now)
    hits = sum(1 for _, hit in answers if hit is not None)
    log.info(
        "certsearch_round", looked_up=len(answers), hits=hits, cached=plan.cached, stopped=stopped
    )
    return schemas.CertSearchRunRead(
        enabled=True, looked_up=len(answers), cached=plan.cached, hits=hits,
        misses=len(answers) - hits, skipped=skipped, stopped=stopped,
    )  # fmt: skip


def _answer(hit: CertificateHit | None) -> dict[str, Any]:
    if hit is None:
        return {"found": False}
    return {
        "found": True, "cert_id": hit.cert_id, "certification_number": hit.certification_number,
        "certification_status": hit.certification_status, "certification_body": hit.certification_body,
        "accreditation_body": hit.accreditation_body, "standards": list(hit.standards),
        "accredited_mla": hit.accredited_mla, "certified_entity": hit.certified_entity,
    }  # fmt: skip


def run_in_background(state: "AppState") -> None:
    """The API's round: look up, then re-check the vendors when a hit was recorded."""
    from app.rechecks.runner import run_after_import

    result = run(
        state.sessions, client=client_for(state.settings, state.http),
        registry=state.registry_store.current(), settings=state.settings, now=datetime.now(UTC),
    )  # fmt: skip
    if result.hits:
        state.registry_store.invalidate()
        run_after_import(state)
