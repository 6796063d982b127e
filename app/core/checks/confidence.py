"""Findings that rest on facts read with confidence (CONTRACT §4, last paragraph).

"A check raises a `high` or `critical` finding only on facts read with `high` confidence (or
confirmed by another document); on a `low`-confidence fact it raises `FACT_NOT_READ` instead,
or the same code at `medium` severity at most, saying why."

`RESTS_ON` says which facts of the documents a finding cites each code rests on; `gate` caps
every high or critical finding whose facts are not all confident at medium and says which
reading is in doubt. FACT_NOT_READ (`documents.fact_not_read`) asks the vendor for them. The
gate applies to every rule, whatever family, so no rule can turn an uncertain reading into
an alarm.
"""

from collections.abc import Iterable

from app.core.checks.context import CheckContext, Doc
from app.core.facts import Facts
from app.core.findings import Finding, FindingCode, Severity
from app.core.reconcile import abstained

_C = FindingCode
RESTS_ON: dict[FindingCode, tuple[str, ...]] = {
    _C.CERT_EXPIRED: ("expiry_date",),
    _C.CERT_SUPERSEDED_STANDARD: ("standard_version",),
    _C.CERT_HOLDER_MISMATCH: ("holder",),
    _C.CB_NOT_ACCREDITED: ("certification_body",),
    _C.CB_ACCREDITATION_SCOPE: ("certification_body",),
    _C.CB_ACCREDITATION_SUSPENDED: ("certification_body",),
    _C.CB_ACCREDITATION_UNVERIFIED: ("certification_body", "accreditation_body"),
    _C.AB_NOT_RECOGNISED: ("accreditation_body",),
    _C.AB_MISMATCH: ("accreditation_body", "certification_body"),
    _C.SURVEILLANCE_OVERDUE: ("issue_date", "last_audit_date"),
    _C.SURVEILLANCE_FAILED: ("outcome",),
    _C.SCOPE_CORPORATE_IT_ONLY: ("scope",),
    _C.SCOPE_AI_GAP: ("scope",),
    _C.SOA_AI_CONTROL_EXCLUDED: ("controls",),
    _C.SOC2_QUALIFIED_OPINION: ("opinion",),
}
# A certificate always names its certification body: not reading it is a failure to read,
# not an absence, so the accreditation verdicts that follow from an empty name are unsure.
ALWAYS_PRINTED = frozenset({"certification_body"})


def unsure_facts(ctx: CheckContext, doc: Doc[Facts], facts: Iterable[str]) -> list[str]:
    """Those of `facts` that `doc` holds but did not read with confidence (or abstained on)."""
    fields = type(doc.facts).model_fields
    left_empty = abstained(doc.parsed)
    out = []
    for fact in facts:
        if fact not in fields:
            continue
        value = getattr(doc.facts, fact)
        if value in (None, [], ""):
            if fact in left_empty or fact in ALWAYS_PRINTED:
                out.append(fact)
        elif not ctx.confident(doc, fact):
            out.append(fact)
    return out


def rests_on(code: FindingCode, doc: Doc[Facts]) -> tuple[str, ...]:
    """The facts of `doc` a finding with `code` rests on."""
    if code is _C.SURVEILLANCE_FAILED and getattr(doc.facts, "outcome", None) in (
        None,
        "continued",
    ):
        return ("major_nonconformities",)  # failed on open majors, not on the outcome
    return RESTS_ON.get(code, ())


def _cited_docs(ctx: CheckContext, finding: Finding) -> list[Doc[Facts]]:
    refs = list(dict.fromkeys(e.document for e in finding.evidence if e.document))
    by_ref = {
        d.ref: Doc(d.ref, d.parsed.kind, d.parsed, d.parsed.facts)
        for d in ctx.documents
        if d.parsed is not None
    }
    return [by_ref[ref] for ref in refs if ref in by_ref]


def gate(ctx: CheckContext, findings: Iterable[Finding]) -> list[Finding]:
    """The findings, each high or critical one capped at medium when a fact it rests on was
    not read with confidence (its detail then says which and why)."""
    out = []
    for finding in findings:
        facts = RESTS_ON.get(finding.code)
        if not facts or finding.severity.rank < Severity.high.rank:
            out.append(finding)
            continue
        doubts = [
            f"{doc.ref}: {', '.join(unsure)}"
            for doc in _cited_docs(ctx, finding)
            if (unsure := unsure_facts(ctx, doc, rests_on(finding.code, doc)))
        ]
        if not doubts:
            out.append(finding)
            continue
        note = (
            f" Severity capped at medium (was {finding.severity.value}): it rests on readings "
            f"not made with confidence ({'; '.join(doubts)}); see FACT_NOT_READ."
        )
        out.append(
            finding.model_copy(
                update={"severity": Severity.medium, "detail": finding.detail + note}
            )
        )
    return out
