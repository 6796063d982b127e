"""SOC 2 reports and bridge letters (CONTRACT.md §4, SOC2_* rows).

Opinion, exceptions and carve-outs are judged on the latest report per service organisation
(an older report's deviations are history once a newer period is reported). Staleness is
judged on the freshest coverage the vendor evidences, extended by a bridge letter that
matches the report's period and states no material change.
"""

from collections.abc import Iterator
from datetime import date

from app.core.checks.context import CheckContext, Doc, add_months, fmt
from app.core.facts import BridgeLetterFacts, Soc2Opinion, Soc2ReportFacts, Soc2ReportType
from app.core.findings import Finding, FindingCode, FindingEvidence, Severity
from app.core.kinds import SOC_SUBSTITUTE_KINDS, DocumentKind
from app.core.names import normalise as normalise_name
from app.core.risk_model import RiskModel


def _reports(ctx: CheckContext) -> list[Doc[Soc2ReportFacts]]:
    return ctx.docs(DocumentKind.soc2_report, Soc2ReportFacts)


def latest_reports(ctx: CheckContext) -> list[Doc[Soc2ReportFacts]]:
    """The most recent report (by period end) per service organisation, in supply order."""
    latest: dict[str, Doc[Soc2ReportFacts]] = {}
    for report in _reports(ctx):
        key = normalise_name(report.facts.service_organization or "") or report.ref
        held = latest.get(key)
        end = report.facts.period_end or date.min
        if held is None or end >= (held.facts.period_end or date.min):
            latest[key] = report
    return list(latest.values())


def _label(report: Doc[Soc2ReportFacts]) -> str:
    f = report.facts
    kind = {Soc2ReportType.type1: "Type 1", Soc2ReportType.type2: "Type 2"}.get(
        f.report_type or Soc2ReportType.type2, "SOC 2"
    )
    period = (
        f" for {fmt(f.period_start)} to {fmt(f.period_end)}"
        if f.period_start and f.period_end
        else ""
    )
    org = f" of {f.service_organization}" if f.service_organization else ""
    return f"SOC 2 {kind} report{org}{period} ({report.ref})"


def soc2_type1_only(ctx: CheckContext) -> Iterator[Finding]:
    """SOC2_TYPE1_ONLY: "the only SOC 2 report is Type 1"."""
    reports = _reports(ctx)
    if not reports or any(r.facts.report_type is not Soc2ReportType.type1 for r in reports):
        return
    yield ctx.finding(
        FindingCode.SOC2_TYPE1_ONLY,
        title="Only a SOC 2 Type 1 report",
        detail=f"{len(reports)} SOC 2 report(s) supplied, all Type 1: they attest that controls "
        "were designed at one date, not that they operated effectively over a period.",
        evidence=[e for r in reports for e in r.cite("report_type")],
        ask_vendor="You supplied a SOC 2 Type 1 report only. Do you have a Type 2 report covering "
        "the operating effectiveness of these controls, or when will one be issued?",
    )


def _bridges(letter: BridgeLetterFacts, report: Soc2ReportFacts) -> bool:
    """A letter bridges the report whose period it names; failing that, the same organisation's."""
    if letter.report_period_end is not None:
        return letter.report_period_end == report.period_end
    org, named = report.service_organization, letter.service_organization
    return bool(org and named and normalise_name(org) == normalise_name(named))


def _coverage(
    report: Doc[Soc2ReportFacts], letters: list[Doc[BridgeLetterFacts]]
) -> tuple[date, Doc[BridgeLetterFacts] | None] | None:
    """How far the report's assurance reaches: its period end, or a bridging letter's end."""
    end = report.facts.period_end
    if end is None:
        return None
    best: tuple[date, Doc[BridgeLetterFacts] | None] = (end, None)
    for letter in letters:
        lf = letter.facts
        if lf.material_changes is not False or lf.bridge_period_end is None:
            continue
        if not _bridges(lf, report.facts):
            continue
        if lf.bridge_period_end > best[0]:
            best = (lf.bridge_period_end, letter)
    return best


def _stale_detail(report: Doc[Soc2ReportFacts], end: date, via: str, model: RiskModel) -> str:
    return (
        f"The freshest SOC 2 assurance is the {_label(report)}{via}, which ends {fmt(end)}: more "
        f"than {model.soc2_max_age_months} months before the assessment date"
    )


def soc2_stale(ctx: CheckContext) -> Iterator[Finding]:
    """SOC2_STALE: "the SOC 2 period (extended by a matching bridge letter that reports no
    material change) ended more than 12 months before as_of"."""
    letters = ctx.docs(DocumentKind.soc2_bridge_letter, BridgeLetterFacts)
    covered = [(c, r) for r in _reports(ctx) if (c := _coverage(r, letters)) is not None]
    if not covered:
        return
    (end, letter), report = max(covered, key=lambda p: p[0][0])
    limit = add_months(end, ctx.model.soc2_max_age_months)
    if ctx.as_of <= limit:
        return
    via = f", bridged by {letter.ref} to {fmt(end)}" if letter else ""
    evidence: list[FindingEvidence] = report.cite("period_end")
    if letter:
        evidence += letter.cite("bridge_period_end", "material_changes")
    yield ctx.finding(
        FindingCode.SOC2_STALE,
        title="SOC 2 report out of date",
        detail=_stale_detail(report, end, via, ctx.model)
        + f" ({(ctx.as_of - end).days} days before {fmt(ctx.as_of)}).",
        evidence=evidence,
        ask_vendor=f"Your latest SOC 2 assurance ends {fmt(end)}. Please send the current SOC 2 "
        "Type 2 report, or a bridge letter covering the period since, stating any material "
        "changes.",
    )


def soc2_qualified_opinion(ctx: CheckContext) -> Iterator[Finding]:
    """SOC2_QUALIFIED_OPINION: "opinion is qualified, adverse or a disclaimer"."""
    for report in latest_reports(ctx):
        opinion = report.facts.opinion
        if opinion is None or opinion is Soc2Opinion.unqualified:
            continue
        yield ctx.finding(
            FindingCode.SOC2_QUALIFIED_OPINION,
            title=f"SOC 2 opinion is {opinion.value}",
            detail=f"The auditor's opinion on the {_label(report)} is {opinion.value}: the "
            "auditor could not conclude that the controls met the criteria without reservation.",
            evidence=report.cite("opinion"),
            ask_vendor=f"The auditor gave a {opinion.value} opinion on your SOC 2 report. What "
            "caused it, what has been remediated since, and can you send evidence of the fix?",
            severity=Severity.critical if opinion is Soc2Opinion.adverse else None,
        )


def soc2_exceptions(ctx: CheckContext) -> Iterator[Finding]:
    """SOC2_EXCEPTIONS: "deviations were noted in tested controls"."""
    for report in latest_reports(ctx):
        count = report.facts.exceptions_count or 0
        if count <= 0:
            continue
        yield ctx.finding(
            FindingCode.SOC2_EXCEPTIONS,
            title="Deviations in tested SOC 2 controls",
            detail=f"The {_label(report)} notes deviations in {count} tested control(s).",
            evidence=report.cite("exceptions_count"),
            ask_vendor=f"Your SOC 2 report notes deviations in {count} tested controls. For each, "
            "what was the root cause, what remediation was completed and when, and how was it "
            "verified?",
        )


def soc2_carve_out(ctx: CheckContext) -> Iterator[Finding]:
    """SOC2_CARVE_OUT: "subservice organisations are carved out (the detail names them)"."""
    for report in latest_reports(ctx):
        carved = [
            s.name for s in report.facts.subservice_organizations if s.method.value == "carve-out"
        ]
        if not carved:
            continue
        names = ", ".join(carved).rstrip(".")
        yield ctx.finding(
            FindingCode.SOC2_CARVE_OUT,
            title="Subservice organisations carved out",
            detail=f"The {_label(report)} carves out {len(carved)} subservice organisation(s): "
            f"{names}. Their controls were not examined.",
            evidence=report.cite("subservice_organizations"),
            ask_vendor=f"Your SOC 2 report carves out {names}. Please send their current SOC 2 "
            "reports (or equivalent) and describe how you monitor them and operate the "
            "complementary subservice organisation controls.",
        )


_SUBSTITUTE_NAMES = {DocumentKind.soc1_report: "SOC 1", DocumentKind.soc3_report: "SOC 3"}


def soc2_substitute_only(ctx: CheckContext) -> Iterator[Finding]:
    """SOC2_SUBSTITUTE_ONLY: "a SOC 1 or SOC 3 report was supplied but no SOC 2 report (a SOC 1
    covers financial reporting, a SOC 3 has no tests or results)"."""
    if _reports(ctx):
        return
    substitutes = [
        d for d in ctx.documents if d.parsed is not None and d.parsed.kind in SOC_SUBSTITUTE_KINDS
    ]
    if not substitutes:
        return
    names = sorted({_SUBSTITUTE_NAMES[d.parsed.kind] for d in substitutes if d.parsed})
    yield ctx.finding(
        FindingCode.SOC2_SUBSTITUTE_ONLY,
        title=f"{' and '.join(names)} report instead of a SOC 2 report",
        detail=f"{len(substitutes)} {' / '.join(names)} report(s) supplied and no SOC 2 report. "
        "A SOC 1 report covers controls over financial reporting, not security, availability "
        "or confidentiality; a SOC 3 report is a general-use summary without the tests of "
        "controls and their results.",
        evidence=[FindingEvidence(document=d.ref) for d in substitutes],
        ask_vendor="You supplied a SOC 1 or SOC 3 report. Please send your SOC 2 Type 2 report "
        "(under NDA if needed), or tell us that you have none.",
    )
