"""implied_events(): the outbox events an assessment implies come from the same findings as
the checks (CONTRACT §8): deadline notices at thresholds derived from the risk model, once
each by key; transitions from the diff with the previous assessment."""

from datetime import date, timedelta

import pytest

from app.core import Assessment, RiskModel, assess, expiring_thresholds, implied_events
from app.core.accreditation.verify import Registry
from app.core.checks.context import AssessedDocument
from app.core.findings import FindingCode
from tests.builders import (
    MODEL,
    accredited,
    doc,
    make_certificate_facts,
    make_profile,
    verification_with,
)

REGISTRY = Registry(version="ref-1")
EXPIRY = date(2027, 3, 1)


def _assess(docs: list[AssessedDocument], as_of: date, registry: Registry = REGISTRY) -> Assessment:
    return assess(
        docs,
        make_profile(),
        registry,
        as_of=as_of,
        model=MODEL,
        verify=lambda *a, **k: accredited(),
    )


def _types(drafts: object) -> list[str]:
    return [d.type for d in drafts]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("window", "expected"),
    [(90, (90, 60, 30)), (30, (30, 20, 10)), (1, (1,)), (0, ())],
    ids=["default", "short", "one-day", "off"],
)
def test_notice_thresholds_derive_from_the_expiring_window(
    window: int, expected: tuple[int, ...]
) -> None:
    assert expiring_thresholds(RiskModel(version="t", expiring_window_days=window)) == expected


@pytest.mark.parametrize(
    ("days_left", "threshold"),
    [(91, None), (90, 90), (61, 90), (60, 60), (31, 60), (30, 30), (0, 30)],
)
def test_certificate_expiring_at_the_tightest_threshold_crossed(
    days_left: int, threshold: int | None
) -> None:
    docs = [
        doc("cert.pdf", make_certificate_facts(issue_date=date(2026, 3, 2), expiry_date=EXPIRY))
    ]
    as_of = EXPIRY - timedelta(days=days_left)
    drafts = [d for d in implied_events(None, _assess(docs, as_of), docs, MODEL, changed=False)]
    if threshold is None:
        assert drafts == []
        return
    (draft,) = drafts
    assert (draft.type, draft.data["threshold_days"]) == ("certificate.expiring", threshold)
    assert draft.data["document_id"] == "cert.pdf" and draft.data["days_left"] == days_left
    assert draft.dedupe_key == f"certificate.expiring:cert.pdf:{EXPIRY}:{threshold}"


def test_certificate_expired_once_per_certificate_and_expiry() -> None:
    docs = [
        doc("cert.pdf", make_certificate_facts(issue_date=date(2026, 3, 2), expiry_date=EXPIRY))
    ]
    keys = {
        d.dedupe_key
        for day in (1, 2, 40)
        for d in implied_events(
            None, _assess(docs, EXPIRY + timedelta(days=day)), docs, MODEL, changed=False
        )
    }
    assert keys == {f"certificate.expired:cert.pdf:{EXPIRY}"}


def test_a_renewed_certificate_raises_neither_cert_expiring_nor_an_expiring_event() -> None:
    """The old certificate expires in 20 days, but its renewal is in force: the checks say
    nothing about the old one, and neither do the events."""
    old = make_certificate_facts(issue_date=date(2024, 3, 2), expiry_date=EXPIRY)
    renewal = make_certificate_facts(issue_date=date(2027, 1, 15), expiry_date=date(2030, 1, 14))
    docs = [doc("old.pdf", old), doc("renewal.pdf", renewal)]
    as_of = EXPIRY - timedelta(days=20)
    result = _assess(docs, as_of)
    assert FindingCode.CERT_EXPIRING not in {f.code for f in result.findings}
    drafts = implied_events(None, result, docs, MODEL, changed=True)
    assert "certificate.expiring" not in _types(drafts)
    # Without the renewal the same certificate does raise both.
    alone = [doc("old.pdf", old)]
    lone = _assess(alone, as_of)
    assert FindingCode.CERT_EXPIRING in {f.code for f in lone.findings}
    assert "certificate.expiring" in _types(implied_events(None, lone, alone, MODEL, changed=False))


def test_a_renewal_not_yet_in_force_does_not_hide_the_expiry() -> None:
    old = make_certificate_facts(issue_date=date(2024, 3, 2), expiry_date=EXPIRY)
    future = make_certificate_facts(issue_date=date(2027, 2, 25), expiry_date=date(2030, 2, 24))
    docs = [doc("old.pdf", old), doc("renewal.pdf", future)]
    drafts = implied_events(
        None, _assess(docs, EXPIRY - timedelta(days=20)), docs, MODEL, changed=False
    )
    assert _types(drafts) == ["certificate.expiring"]


def test_transitions_only_when_the_outcome_changed() -> None:
    docs = [
        doc("cert.pdf", make_certificate_facts(issue_date=date(2026, 3, 2), expiry_date=EXPIRY))
    ]
    before = _assess(docs, EXPIRY - timedelta(days=100))
    after = _assess(docs, EXPIRY + timedelta(days=1))
    changed = implied_events(before, after, docs, MODEL, changed=True)
    types = _types(changed)
    assert "certificate.expired" in types and "finding.opened" in types
    assert "assessment.tier_changed" in types
    tier = next(d for d in changed if d.type == "assessment.tier_changed")
    assert (tier.data["tier_from"], tier.data["tier_to"]) == (before.tier.value, after.tier.value)
    assert all(d.needs_snapshot for d in changed if d.type != "certificate.expired")
    unchanged = implied_events(before, after, docs, MODEL, changed=False)
    assert _types(unchanged) == ["certificate.expired"]


def test_surveillance_overdue_opens_with_its_event() -> None:
    cert = make_certificate_facts(issue_date=date(2025, 1, 10), expiry_date=date(2028, 1, 9))
    docs = [doc("cert.pdf", cert)]
    before, after = _assess(docs, date(2025, 6, 1)), _assess(docs, date(2026, 6, 1))
    drafts = implied_events(before, after, docs, MODEL, changed=True)
    overdue = [d for d in drafts if d.type == "surveillance.overdue"]
    assert len(overdue) == 1 and overdue[0].data["finding"] == "SURVEILLANCE_OVERDUE"


def test_accreditation_changed_needs_new_reference_data() -> None:
    docs = [doc("cert.pdf", make_certificate_facts())]
    day = date(2026, 11, 23)
    good = _assess(docs, day)
    flagged = assess(
        docs,
        make_profile(),
        Registry(version="ref-2"),
        as_of=day,
        model=MODEL,
        verify=lambda *a, **k: verification_with(FindingCode.CB_ACCREDITATION_SUSPENDED),
    )
    drafts = implied_events(good, flagged, docs, MODEL, changed=True)
    (changed,) = [d for d in drafts if d.type == "accreditation.changed"]
    assert changed.data["findings_after"] == ["CB_ACCREDITATION_SUSPENDED"]
    assert (changed.data["reference_data_before"], changed.data["reference_data_after"]) == (
        "ref-1",
        "ref-2",
    )
