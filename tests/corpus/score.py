"""Compare parsed facts with the generated ground truth, the way bench/extraction.py does.

Strings compare on a normal form (case, punctuation and spacing ignored; a printed suffix
after the expected value is tolerated; OCR text within a small edit distance); lists compare
as sorted sets; SoA controls are summarised into `controls_count`, `excluded_controls` and
`unjustified_exclusions` first.
"""

import unicodedata
from typing import Any

from rapidfuzz import fuzz

# Severities CONTRACT §5 and the risk model treat as alarms: a forbidden one is the worst error.
ALARMS = frozenset({"high", "critical"})


def norm(value: Any) -> Any:
    if isinstance(value, str):
        text = (
            unicodedata.normalize("NFKD", value.replace("ı", "i"))
            .encode("ascii", "ignore")
            .decode()
        )
        return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())
    if isinstance(value, list):
        return [norm(v) for v in value]
    return value


def summarise(facts: dict[str, Any]) -> dict[str, Any]:
    """SoA controls as the three summary facts of the ground truth."""
    controls = facts.get("controls")
    if not isinstance(controls, list):
        return facts
    return {
        **facts,
        "controls_count": len(controls),
        "excluded_controls": sorted(c["id"] for c in controls if c.get("applicable") is False),
        "unjustified_exclusions": sorted(
            c["id"] for c in controls if c.get("applicable") is False and not c.get("justification")
        ),
    }


def same(expected: Any, actual: Any, ocr: bool, *, strict: bool = False) -> bool:
    """True when a parsed value matches the ground truth (`strict`: no trailing suffix allowed,
    so a label glued after a name is a miss)."""
    e, a = norm(expected), norm(actual)
    if isinstance(e, list) and isinstance(a, list) and all(isinstance(x, dict) for x in expected):
        return sorted(map(str, norm_dicts(expected))) == sorted(map(str, norm_dicts(actual)))
    if isinstance(e, list) and isinstance(a, list):
        return sorted(map(str, e)) == sorted(map(str, a))
    if isinstance(e, str) and isinstance(a, str):
        suffixed = not strict and a.startswith(e + " ")
        return e == a or (ocr and fuzz.ratio(e, a) >= 90) or suffixed
    return bool(e == a)


def norm_dicts(items: list[Any]) -> list[dict[str, Any]]:
    return [{k: norm(v) for k, v in sorted(i.items())} if isinstance(i, dict) else i for i in items]
