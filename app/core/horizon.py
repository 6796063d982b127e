"""When could an assessment change with no new input, and what are its inputs (issue 14).

The checks compare `as_of` with dates read from the documents and with dates derived from
them by the risk model: an expiry (CERT_EXPIRED the day after, CERT_EXPIRING and the
`certificate.expiring` notices 90/60/30 days before), a surveillance clock (12 months after
the issue date or the latest audit, plus the grace), the SOC 2 ageing (12 months after the
period or the bridge), sector evidence ageing (12 months), the certification cycle, the
27001:2013 transition end. Between two such dates every comparison keeps its answer, so the
outcome (findings by code, severity, title and document; score; tier) and the deadline events
cannot change: a re-check may skip the vendor until `changes_after` says so.

`changes_after` is deliberately generous: every date printed in any fact (of any kind, so a
new kind's dates count without a change here), the day itself and the day after, moved by
every month offset the model knows and, for expiry dates, by every notice threshold. An extra
date only costs one needless re-assessment; a missing one would hide a change, which the
property test in `tests/core/test_horizon.py` (random documents, random dates) guards.

`inputs_digest` is the fingerprint of everything else an assessment depends on: the
documents' facts, the vendor profile and the versions of the reference data, the risk model
and the extractor. `outcome_digest` is the fingerprint of the outcome.
"""

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from app.core.assessment import AssessedDocument, Assessment
from app.core.checks.context import add_months
from app.core.events import expiring_thresholds
from app.core.profile import VendorProfile
from app.core.risk_model import RiskModel

__all__ = ["changes_after", "inputs_digest", "outcome_digest", "pivot_dates"]

# Ageing rules whose length is not (yet) a model parameter: sector evidence "older than 12
# months" (CONTRACT §9).
_FIXED_MONTHS = (12,)
_ONE_DAY = timedelta(days=1)


def _dates(value: Any) -> Iterator[date]:
    if isinstance(value, date):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _dates(item)


def _fact_dates(documents: Sequence[AssessedDocument]) -> Iterator[tuple[str, date]]:
    """(fact name, date) for every date in every parsed document's facts."""
    for doc in documents:
        if doc.parsed is None:
            continue
        facts = doc.parsed.facts
        for name in type(facts).model_fields:
            for day in _dates(getattr(facts, name)):
                yield name, day


def _month_offsets(model: RiskModel) -> set[int]:
    interval, grace = model.surveillance_interval_months, model.surveillance_grace_months
    return {
        interval,
        interval + grace,
        model.soc2_max_age_months,
        12 * model.certification_cycle_years,
        *_FIXED_MONTHS,
    }


def pivot_dates(documents: Sequence[AssessedDocument], model: RiskModel) -> set[date]:
    """Every date on which, or the day after which, a rule or a notice may flip."""
    months = _month_offsets(model)
    thresholds = (model.expiring_window_days, *expiring_thresholds(model))
    pivots = {model.iso27001_2013_transition_end}
    for name, day in _fact_dates(documents):
        pivots.add(day)
        for m in months:
            pivots.add(_shift(day, m))
        if "expiry" in name:
            pivots.update(day - timedelta(days=t) for t in thresholds)
    return pivots | {d + _ONE_DAY for d in pivots if d < date.max}


def _shift(day: date, months: int) -> date:
    try:
        return add_months(day, months)
    except (ValueError, OverflowError):  # past year 9999
        return date.max


def changes_after(
    documents: Sequence[AssessedDocument], *, as_of: date, model: RiskModel
) -> date | None:
    """The earliest date after `as_of` on which the same inputs could give another outcome
    or a deadline event; None when no date can (no dates at all)."""
    later = [d for d in pivot_dates(documents, model) if d > as_of]
    return min(later) if later else None


def _digest(payload: object) -> str:
    # Default separators: stored outcome digests made before this module keep matching.
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def inputs_digest(
    documents: Iterable[tuple[str, str, dict[str, Any] | None, str | None]],
    profile: VendorProfile,
    *,
    versions: dict[str, str],
) -> str:
    """Fingerprint of an assessment's inputs: each document as (ref, kind or status, facts as
    JSON, error), the vendor profile, and the versions of the data, model and extractor."""
    return _digest(
        [
            sorted([list(d) for d in documents], key=lambda d: str(d[0])),
            profile.model_dump(mode="json"),
            sorted(versions.items()),
        ]
    )


def outcome_digest(assessment: Assessment) -> str:
    """Fingerprint of an outcome: findings (code, severity, title, documents cited), score,
    tier, documents and versions. Wording and day counts in details are left out, so a
    countdown moving on is not a change."""
    findings = sorted(
        (f.code.value, f.severity.value, f.title, sorted({e.document for e in f.evidence}))
        for f in assessment.findings
    )
    return _digest(
        [
            findings,
            assessment.score,
            assessment.tier.value,
            sorted(assessment.documents),
            assessment.reference_data,
            assessment.risk_model,
        ]
    )
