"""changes_after(): between an assessment's date and its horizon nothing can change without
new input. Proved as a property on random vendors (certificates and renewals, surveillance
letters, SOC 2 reports and bridge letters, sector evidence) and random dates: any day before
the horizon gives the same outcome and the same deadline events as the assessment day."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import (
    AssessedDocument,
    DocumentKind,
    assess,
    changes_after,
    deadline_events,
    inputs_digest,
    outcome_digest,
)
from app.core.accreditation.verify import Registry
from app.core.facts import HipaaFacts, PciDssAocFacts
from app.core.horizon import pivot_dates
from tests.builders import (
    MODEL,
    accredited,
    doc,
    make_bridge_facts,
    make_certificate_facts,
    make_profile,
    make_soc2_facts,
    make_surveillance_facts,
)

REGISTRY = Registry(version="ref-1")
PROFILE = make_profile(ai_vendor=True, required_frameworks=["PCI DSS", "HIPAA", "SOC 2"])
DAYS = st.dates(min_value=date(2021, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def certificates(draw: st.DrawFn, ref: str) -> AssessedDocument:
    issue = draw(DAYS)
    expiry = issue + timedelta(days=draw(st.integers(200, 1300)))
    due = draw(st.lists(st.integers(100, 900), max_size=2))
    last_audit = draw(st.none() | st.integers(30, 800))
    return doc(
        ref,
        make_certificate_facts(
            standard_version=draw(st.sampled_from(["2022", "2013"])),
            issue_date=issue,
            expiry_date=expiry,
            surveillance_due_dates=sorted(issue + timedelta(days=d) for d in due),
            last_audit_date=issue + timedelta(days=last_audit) if last_audit else None,
        ),
        draw(
            st.sampled_from([DocumentKind.iso27001_certificate, DocumentKind.iso42001_certificate])
        ),
    )


@st.composite
def others(draw: st.DrawFn, ref: str) -> AssessedDocument:
    kind = draw(st.sampled_from(["surveillance", "soc2", "bridge", "pci", "hipaa"]))
    day = draw(DAYS)
    if kind == "surveillance":
        outcome = draw(st.sampled_from(["continued", "suspended", None]))
        return doc(ref, make_surveillance_facts(audit_date=day, outcome=outcome))
    if kind == "soc2":
        start = day - timedelta(days=draw(st.integers(0, 365)))
        return doc(ref, make_soc2_facts(period_start=start, period_end=day))
    if kind == "bridge":
        end = day - timedelta(days=draw(st.integers(30, 200)))
        return doc(
            ref,
            make_bridge_facts(
                letter_date=day,
                report_period_end=end,
                bridge_period_end=day,
                material_changes=False,
            ),
        )
    if kind == "pci":
        return doc(
            ref,
            PciDssAocFacts(
                entity="Northwind Analytics Ltd", aoc_date=day, compliance_status="compliant"
            ),
            DocumentKind.pci_dss_aoc,
        )
    return doc(
        ref,
        HipaaFacts(entity="Northwind Analytics Ltd", report_date=day, conclusion="compliant"),
        DocumentKind.hipaa_attestation,
    )


@st.composite
def vendors(draw: st.DrawFn) -> list[AssessedDocument]:
    certs = [draw(certificates(f"cert{i}.pdf")) for i in range(draw(st.integers(0, 3)))]
    rest = [draw(others(f"doc{i}.pdf")) for i in range(draw(st.integers(0, 4)))]
    return certs + rest


def _outcome(documents: list[AssessedDocument], day: date) -> tuple[str, list[str]]:
    result = assess(
        documents, PROFILE, REGISTRY, as_of=day, model=MODEL, verify=lambda *a, **k: accredited()
    )
    keys = sorted(str(d.dedupe_key) for d in deadline_events(result, documents, MODEL))
    return outcome_digest(result), keys


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents=vendors(), data=st.data())
def test_nothing_changes_before_the_horizon(
    documents: list[AssessedDocument], data: st.DataObject
) -> None:
    # Half the time start exactly on (or next to) a date a rule cares about: boundaries are
    # where a missing date would show.
    edges = sorted(
        d for d in pivot_dates(documents, MODEL) if date(2020, 1, 1) < d < date(2032, 1, 1)
    )
    near_edge = st.sampled_from(edges).map(lambda d: d + timedelta(days=-1)) if edges else DAYS
    as_of = data.draw(
        st.one_of(DAYS, st.sampled_from(edges) if edges else DAYS, near_edge), label="as_of"
    )
    horizon = changes_after(documents, as_of=as_of, model=MODEL)
    assert horizon is None or horizon > as_of
    span = (horizon - as_of).days - 1 if horizon else 4000
    if span < 1:
        return
    later = as_of + timedelta(days=data.draw(st.integers(1, span), label="days later"))
    assert _outcome(documents, later) == _outcome(documents, as_of)


def test_the_horizon_is_the_next_rule_date() -> None:
    """A certificate issued 2026-03-02, expiring 2027-03-01: after 2026-12-02 (the day after
    the 90-day notice) the next date is the 60-day notice."""
    documents = [
        doc(
            "c.pdf",
            make_certificate_facts(issue_date=date(2026, 3, 2), expiry_date=date(2027, 3, 1)),
        )
    ]
    assert changes_after(documents, as_of=date(2026, 12, 5), model=MODEL) == date(2026, 12, 31)
    # With no documents only the model's own dates remain (the 27001:2013 transition end).
    assert changes_after([], as_of=date(2024, 1, 1), model=MODEL) == date(2025, 10, 31)
    assert changes_after([], as_of=date(2026, 12, 5), model=MODEL) is None


def test_the_horizon_is_generous_but_not_daily() -> None:
    documents = [doc("c.pdf", make_certificate_facts())]
    day = date(2026, 11, 23)
    horizon = changes_after(documents, as_of=day, model=MODEL)
    assert horizon is not None and (horizon - day).days > 30


def test_inputs_digest_moves_with_facts_profile_and_versions() -> None:
    rows = [("a", "iso27001_certificate", {"holder": "X"}, None)]
    base = inputs_digest(rows, PROFILE, versions={"accreditation": "1"})
    assert base == inputs_digest(list(rows), PROFILE, versions={"accreditation": "1"})
    assert base != inputs_digest(
        [("a", "iso27001_certificate", {"holder": "Y"}, None)],
        PROFILE,
        versions={"accreditation": "1"},
    )
    assert base != inputs_digest(rows, make_profile(name="Other"), versions={"accreditation": "1"})
    assert base != inputs_digest(rows, PROFILE, versions={"accreditation": "2"})
