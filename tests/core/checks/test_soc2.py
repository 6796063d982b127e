"""SOC 2 rules, including staleness extended by a bridge letter."""

from datetime import date

import pytest

from app.core.facts import Soc1ReportFacts, Soc3ReportFacts
from app.core.findings import FindingCode, Severity
from app.core.kinds import DocumentKind
from tests.builders import doc, make_bridge_facts, make_context, make_soc2_facts, raised

C = FindingCode
# Default report period ends 2026-06-30: stale from 2027-07-01.


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [(date(2027, 6, 30), False), (date(2027, 7, 1), True)],
    ids=["SOC2_STALE-12-months", "SOC2_STALE-day-after"],
)
def test_stale_boundary(as_of: date, expected: bool) -> None:
    ctx = make_context(doc("soc2.pdf", make_soc2_facts()), as_of=as_of)
    assert bool(raised(ctx, C.SOC2_STALE)) is expected


@pytest.mark.parametrize(
    ("bridge", "expected"),
    [
        ({}, False),
        ({"material_changes": True}, True),
        ({"material_changes": None}, True),
        ({"report_period_end": date(2025, 6, 30)}, True),
        ({"report_period_end": None}, False),
        ({"report_period_end": None, "service_organization": "Other Co"}, True),
    ],
    ids=[
        "SOC2_STALE-bridged",
        "SOC2_STALE-bridge-material-change",
        "SOC2_STALE-bridge-silent",
        "SOC2_STALE-bridge-other-report",
        "SOC2_STALE-bridge-same-org",
        "SOC2_STALE-bridge-other-org",
    ],
)
def test_bridge_letter_extends_coverage(bridge: dict[str, object], expected: bool) -> None:
    report = doc("soc2.pdf", make_soc2_facts())
    letter = doc("bridge.pdf", make_bridge_facts(bridge_period_end=date(2026, 12, 31), **bridge))
    ctx = make_context(report, letter, as_of=date(2027, 7, 15))
    assert bool(raised(ctx, C.SOC2_STALE)) is expected


def test_stale_uses_the_freshest_report() -> None:
    old = doc(
        "old.pdf", make_soc2_facts(period_start=date(2023, 1, 1), period_end=date(2023, 12, 31))
    )
    new = doc("new.pdf", make_soc2_facts())
    assert not raised(make_context(old, new), C.SOC2_STALE)


@pytest.mark.parametrize(
    ("types", "expected"),
    [(["type1"], True), (["type1", "type2"], False), (["type2"], False), ([], False)],
    ids=[
        "SOC2_TYPE1_ONLY-only-type1",
        "SOC2_TYPE1_ONLY-both",
        "SOC2_TYPE1_ONLY-type2",
        "SOC2_TYPE1_ONLY-none",
    ],
)
def test_type1_only(types: list[str], expected: bool) -> None:
    docs = [doc(f"r{i}.pdf", make_soc2_facts(report_type=t)) for i, t in enumerate(types)]
    assert bool(raised(make_context(*docs), C.SOC2_TYPE1_ONLY)) is expected


@pytest.mark.parametrize(
    ("opinion", "severity"),
    [
        ("qualified", Severity.high),
        ("adverse", Severity.critical),
        ("disclaimer", Severity.high),
        ("unqualified", None),
    ],
    ids=[
        "SOC2_QUALIFIED_OPINION-qualified",
        "SOC2_QUALIFIED_OPINION-adverse",
        "SOC2_QUALIFIED_OPINION-disclaimer",
        "SOC2_QUALIFIED_OPINION-unqualified",
    ],
)
def test_opinion(opinion: str, severity: Severity | None) -> None:
    found = raised(
        make_context(doc("r.pdf", make_soc2_facts(opinion=opinion))), C.SOC2_QUALIFIED_OPINION
    )
    assert [f.severity for f in found] == ([severity] if severity else [])


@pytest.mark.parametrize(
    ("count", "expected"),
    [(1, True), (0, False), (None, False)],
    ids=["SOC2_EXCEPTIONS-one", "SOC2_EXCEPTIONS-zero", "SOC2_EXCEPTIONS-unknown"],
)
def test_exceptions(count: int | None, expected: bool) -> None:
    found = raised(
        make_context(doc("r.pdf", make_soc2_facts(exceptions_count=count))), C.SOC2_EXCEPTIONS
    )
    assert bool(found) is expected


def test_exceptions_judged_on_latest_report_only() -> None:
    old = doc("old.pdf", make_soc2_facts(period_end=date(2025, 6, 30), exceptions_count=4))
    new = doc("new.pdf", make_soc2_facts(exceptions_count=0))
    assert not raised(make_context(old, new), C.SOC2_EXCEPTIONS)


def test_carve_out_names_the_subservice_organisations() -> None:
    subs = [
        {"name": "Amazon Web Services, Inc.", "method": "carve-out"},
        {"name": "Stripe", "method": "inclusive"},
    ]
    (finding,) = raised(
        make_context(doc("r.pdf", make_soc2_facts(subservice_organizations=subs))), C.SOC2_CARVE_OUT
    )
    assert "Amazon Web Services, Inc" in finding.detail
    assert "Stripe" not in finding.detail
    inclusive = [{"name": "Stripe", "method": "inclusive"}]
    assert not raised(
        make_context(doc("r.pdf", make_soc2_facts(subservice_organizations=inclusive))),
        C.SOC2_CARVE_OUT,
    )


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        (["soc1_report"], True),
        (["soc3_report"], True),
        (["soc1_report", "soc2_report"], False),
        (["soc2_report"], False),
        ([], False),
    ],
    ids=[
        "SOC2_SUBSTITUTE_ONLY-soc1",
        "SOC2_SUBSTITUTE_ONLY-soc3",
        "with-soc2",
        "soc2-only",
        "none",
    ],
)
def test_substitute_only(kinds: list[str], expected: bool) -> None:
    docs = []
    for i, kind in enumerate(kinds):
        if kind == "soc2_report":
            docs.append(doc(f"r{i}.pdf", make_soc2_facts()))
        elif kind == "soc1_report":
            docs.append(
                doc(
                    f"r{i}.pdf",
                    Soc1ReportFacts(service_organization="Northwind"),
                    DocumentKind.soc1_report,
                )
            )
        else:
            docs.append(
                doc(
                    f"r{i}.pdf",
                    Soc3ReportFacts(service_organization="Northwind"),
                    DocumentKind.soc3_report,
                )
            )
    assert bool(raised(make_context(*docs), C.SOC2_SUBSTITUTE_ONLY)) is expected
