"""Statement of Applicability: missing, outdated, incomplete, exclusions (CONTRACT.md §4, SOA_*).

When several SoAs are supplied the current one (latest `date`, else the last supplied) is
judged; older versions are history. Completeness is measured against the Annex A of the
SoA's own edition (93 controls for 2022, 114 for 2013).
"""

import re
from collections.abc import Iterator
from datetime import date

from app.core.checks.context import CheckContext, Doc, fmt
from app.core.extract.soa.annex_a import ANNEX_A_2013, ANNEX_A_2022
from app.core.extract.text.dates import find_dates
from app.core.facts import SoaControl, SoaFacts
from app.core.findings import Finding, FindingCode, FindingEvidence
from app.core.kinds import DocumentKind

_ANNEX = {"2022": ANNEX_A_2022, "2013": ANNEX_A_2013}
# Cells that fill the justification column without giving a reason.
_NO_REASON = frozenset({"", "-", "--", "n/a", "na", "none", "nil", "not applicable", "tbd", "tbc"})


def current_soa(ctx: CheckContext) -> Doc[SoaFacts] | None:
    """The SoA in force: the latest dated one, else the last one supplied."""
    soas = ctx.docs(DocumentKind.soa, SoaFacts)
    if not soas:
        return None
    ranked = sorted(enumerate(soas), key=lambda p: (p[1].facts.date or date.min, p[0]))
    return ranked[-1][1]


def edition(facts: SoaFacts) -> str | None:
    """The Annex A edition the SoA follows: as stated, else from its control ids' shape."""
    if facts.standard_version in _ANNEX:
        return facts.standard_version
    if not facts.controls:
        return None
    three_part = sum(c.id.count(".") == 3 for c in facts.controls)
    return "2013" if three_part * 2 > len(facts.controls) else "2022"


def _cite_controls(soa: Doc[SoaFacts], controls: list[SoaControl]) -> list[FindingEvidence]:
    cited = [FindingEvidence(document=soa.ref, page=c.page, quote=c.id) for c in controls if c.page]
    return cited or soa.cite("controls")


def _listed(ids: list[str], limit: int = 25) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def _label(soa: Doc[SoaFacts]) -> str:
    f = soa.facts
    parts = [
        "SoA",
        f"version {f.version}" if f.version else "",
        f"dated {fmt(f.date)}" if f.date else "",
    ]
    return " ".join(p for p in parts if p) + f" ({soa.ref})"


def soa_missing(ctx: CheckContext) -> Iterator[Finding]:
    """SOA_MISSING: "a certificate was supplied but no Statement of Applicability"."""
    certs = [
        c
        for c in ctx.certificates()
        if c.kind in (DocumentKind.iso27001_certificate, DocumentKind.iso42001_certificate)
    ]
    if not certs or ctx.docs(DocumentKind.soa, SoaFacts):
        return
    yield ctx.finding(
        FindingCode.SOA_MISSING,
        title="No Statement of Applicability supplied",
        detail=f"{len(certs)} management-system certificate(s) supplied but no Statement of "
        "Applicability, so which Annex A controls are excluded is unknown.",
        evidence=[e for c in certs for e in c.cite("soa_reference", "certificate_number")],
        ask_vendor="Please send the Statement of Applicability referenced by your certificate, "
        "with the justification for every excluded control.",
    )


def soa_outdated(ctx: CheckContext) -> Iterator[Finding]:
    """SOA_OUTDATED: "the SoA follows the 2013 Annex A"."""
    soa = current_soa(ctx)
    if soa is None or edition(soa.facts) != "2013":
        return
    yield ctx.finding(
        FindingCode.SOA_OUTDATED,
        title="SoA follows the 2013 Annex A",
        detail=f"The {_label(soa)} lists the 114 controls of ISO/IEC 27001:2013 Annex A instead "
        "of the 93 controls of the 2022 edition, whose transition ended "
        f"{fmt(ctx.model.iso27001_2013_transition_end)}.",
        evidence=soa.cite("standard_version"),
        ask_vendor="Your Statement of Applicability follows the 2013 Annex A. Please send the SoA "
        "for ISO/IEC 27001:2022 (93 controls) that your current certification relies on.",
    )


def soa_incomplete(ctx: CheckContext) -> Iterator[Finding]:
    """SOA_INCOMPLETE: "controls of the SoA's Annex A edition are missing from it"."""
    soa = current_soa(ctx)
    ed = edition(soa.facts) if soa else None
    # An SoA with no control rows read is a parsing problem, not evidence of missing controls.
    if soa is None or ed is None or not soa.facts.controls:
        return
    present = {c.id for c in soa.facts.controls}
    missing = [cid for cid in _ANNEX[ed] if cid not in present]
    if not missing:
        return
    yield ctx.finding(
        FindingCode.SOA_INCOMPLETE,
        title="SoA does not list every Annex A control",
        detail=f"The {_label(soa)} lists {len(_ANNEX[ed]) - len(missing)} of the "
        f"{len(_ANNEX[ed])} controls of the {ed} Annex A; missing: {_listed(missing)}.",
        evidence=soa.cite("controls", "standard_version"),
        ask_vendor=f"Your Statement of Applicability does not address {len(missing)} Annex A "
        f"controls ({_listed(missing, 10)}). Please send a complete SoA stating for each control "
        "whether it applies and why.",
    )


def _excluded(soa: Doc[SoaFacts]) -> list[SoaControl]:
    return [c for c in soa.facts.controls if c.applicable is False]


def _unjustified(control: SoaControl) -> bool:
    reason = re.sub(r"\s+", " ", control.justification or "").strip().casefold()
    return reason in _NO_REASON


def soa_exclusion_unjustified(ctx: CheckContext) -> Iterator[Finding]:
    """SOA_EXCLUSION_UNJUSTIFIED: "a control is marked not applicable with no justification"."""
    soa = current_soa(ctx)
    bare = [c for c in _excluded(soa) if _unjustified(c)] if soa else []
    if soa is None or not bare:
        return
    ids = [c.id for c in bare]
    yield ctx.finding(
        FindingCode.SOA_EXCLUSION_UNJUSTIFIED,
        title="Excluded controls without justification",
        detail=f"The {_label(soa)} excludes {len(_excluded(soa))} controls; {len(bare)} give no "
        f"justification: {_listed(ids)}.",
        evidence=_cite_controls(soa, bare),
        ask_vendor=f"Your Statement of Applicability excludes {', '.join(ids)} without a reason. "
        "Why does each of these controls not apply to your organisation?",
    )


def soa_ai_control_excluded(ctx: CheckContext) -> Iterator[Finding]:
    """SOA_AI_CONTROL_EXCLUDED: "AI vendor, and a control that matters for AI products is
    excluded" (the list is the risk model's `ai_relevant_controls`)."""
    soa = current_soa(ctx)
    if not ctx.profile.ai_vendor or soa is None:
        return
    relevant = set(ctx.model.ai_relevant_controls)
    hit = [c for c in _excluded(soa) if c.id in relevant]
    if not hit:
        return
    described = [
        f"{c.id}{f' {c.title}' if c.title else ''} (reason: {c.justification or 'none given'})"
        for c in hit
    ]
    yield ctx.finding(
        FindingCode.SOA_AI_CONTROL_EXCLUDED,
        title="AI-relevant controls excluded",
        detail=f"The vendor builds AI products, and the {_label(soa)} excludes {len(hit)} "
        f"control(s) that matter for them: {'; '.join(described)}.",
        evidence=_cite_controls(soa, hit),
        ask_vendor=f"Your Statement of Applicability excludes {', '.join(c.id for c in hit)}, "
        "which protect AI development, data and model operations. How are these risks treated "
        "for your AI products, and why were the controls excluded?",
    )


_VERSION_RE = re.compile(
    r"\b(?:v(?:ersion)?|rev(?:ision)?|issue)\.?\s*:?\s*(\d+(?:\.\d+)*)", re.IGNORECASE
)


def _version_key(text: str) -> tuple[int, ...]:
    """ "v3.1", "Version 3.10", "Rev.00" -> comparable numbers ((3, 1), (3, 10), (0,))."""
    return tuple(int(p) for p in text.split("."))


def _cited(reference: str) -> tuple[tuple[int, ...] | None, date | None]:
    version = _VERSION_RE.search(reference)
    dates = [d.value for d in find_dates(reference) if d.value]
    return (_version_key(version[1]) if version else None), (dates[0] if dates else None)


def _soa_version(facts: SoaFacts) -> tuple[int, ...] | None:
    found = re.search(r"\d+(?:\.\d+)*", facts.version or "")
    return _version_key(found[0]) if found else None


def _agrees(version: tuple[int, ...] | None, when: date | None, soa: SoaFacts) -> bool | None:
    """Does the cited (version, date) name this SoA? None when nothing can be compared."""
    supplied = _soa_version(soa)
    if version is not None and supplied is not None:
        return version == supplied
    if when is not None and soa.date is not None:
        return when == soa.date
    return None


def soa_reference_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    """SOA_REFERENCE_MISMATCH: "the certificate cites an SoA version other than the one
    supplied" (compared on the version label, else on the date the certificate cites)."""
    soas = ctx.docs(DocumentKind.soa, SoaFacts)
    for cert in ctx.certificates() if soas else []:
        reference = cert.facts.soa_reference
        if not reference:
            continue
        version, when = _cited(reference)
        if version is None and when is None:
            continue
        verdicts = [_agrees(version, when, s.facts) for s in soas]
        # Nothing comparable (no version or date on either side) is no evidence of a mismatch.
        if any(v is not False for v in verdicts):
            continue
        supplied = "; ".join(_label(s) for s in soas)
        yield ctx.finding(
            FindingCode.SOA_REFERENCE_MISMATCH,
            title="Certificate cites a different SoA",
            detail=f"The certificate cites '{reference}', but the SoA supplied is {supplied}.",
            evidence=[*cert.cite("soa_reference"), *(e for s in soas for e in s.cite("version"))],
            ask_vendor=f"Your certificate cites '{reference}', which is not the SoA you sent. "
            "Please send that version, or explain what changed between the two.",
        )
