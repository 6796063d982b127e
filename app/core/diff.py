"""What changed between two assessments of a vendor (issue 6, assessment history).

Findings are matched on (code, document): the same problem on the same document is the same
finding even when its detail moved on ("552 days overdue" becomes "582 days overdue"). When
one document has several findings of one code (one per required framework, say), equal
titles are paired first. Unpaired old findings were resolved, unpaired new ones opened.
"""

from collections import defaultdict
from datetime import date

from pydantic import BaseModel, ConfigDict

from app.core.assessment import Assessment, finding_order
from app.core.findings import Finding
from app.core.scoring import Tier

FindingKey = tuple[str, str]


class AssessmentDiff(BaseModel):
    """Opened and resolved findings, and the score and tier movement, old -> new."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    as_of_before: date
    as_of_after: date
    opened: list[Finding]
    resolved: list[Finding]
    unchanged: int
    score_before: int
    score_after: int
    score_change: int
    tier_before: Tier
    tier_after: Tier
    tier_changed: bool
    risk_model_changed: bool
    reference_data_changed: bool


def finding_key(finding: Finding) -> FindingKey:
    """(code, first document cited), the identity of a finding across assessments."""
    return (finding.code.value, finding.evidence[0].document if finding.evidence else "")


def _group(findings: list[Finding]) -> dict[FindingKey, list[Finding]]:
    groups: dict[FindingKey, list[Finding]] = defaultdict(list)
    for f in findings:
        groups[finding_key(f)].append(f)
    return groups


def _pair(old: list[Finding], new: list[Finding]) -> tuple[list[Finding], list[Finding], int]:
    """Pair one key's findings: equal titles first, then in order; return leftovers."""
    old_left, new_left = list(old), []
    for f in new:
        same = next((o for o in old_left if o.title == f.title), None)
        if same is None:
            new_left.append(f)
        else:
            old_left.remove(same)
    paired = len(new) - len(new_left)
    matched = min(len(old_left), len(new_left))
    # Several findings of a key with changed titles: the surplus is what opened or resolved.
    return old_left[matched:], new_left[matched:], paired + matched


def diff_assessments(old: Assessment, new: Assessment) -> AssessmentDiff:
    """Opened and resolved findings and the score/tier change from `old` to `new`."""
    before, after = _group(old.findings), _group(new.findings)
    opened: list[Finding] = []
    resolved: list[Finding] = []
    unchanged = 0
    for key in sorted(before.keys() | after.keys()):
        gone, came, same = _pair(before.get(key, []), after.get(key, []))
        resolved += gone
        opened += came
        unchanged += same
    return AssessmentDiff(
        as_of_before=old.as_of,
        as_of_after=new.as_of,
        opened=sorted(opened, key=finding_order),
        resolved=sorted(resolved, key=finding_order),
        unchanged=unchanged,
        score_before=old.score,
        score_after=new.score,
        score_change=new.score - old.score,
        tier_before=old.tier,
        tier_after=new.tier,
        tier_changed=old.tier is not new.tier,
        risk_model_changed=old.risk_model != new.risk_model,
        reference_data_changed=old.reference_data != new.reference_data,
    )
