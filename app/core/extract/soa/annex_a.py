"""ISO/IEC 27001 Annex A control ids, 2022 (93) and 2013 (114) editions (CONTRACT.md §2, `soa`).

Pure data built from the editions' well-known structure (controls per clause, and for 2013
per control objective), so SoA parsing and the SOA_INCOMPLETE check can tell a missing,
unknown or duplicated row without reading any file. Titles are not stored: they are ISO
copyright, and ids alone decide completeness.
"""

import re

# 2022: clause -> number of controls (A.5 organisational, A.6 people, A.7 physical, A.8 technological).
_CLAUSES_2022: dict[int, int] = {5: 37, 6: 8, 7: 14, 8: 34}

# 2013: clause -> controls per control objective, in order (A.5.1 has 2 controls, ...).
_OBJECTIVES_2013: dict[int, tuple[int, ...]] = {
    5: (2,),
    6: (5, 2),
    7: (2, 3, 1),
    8: (4, 3, 3),
    9: (2, 6, 1, 5),
    10: (2,),
    11: (6, 9),
    12: (4, 1, 1, 4, 1, 2, 1),
    13: (3, 4),
    14: (3, 9, 1),
    15: (3, 2),
    16: (7,),
    17: (3, 1),
    18: (5, 3),
}

ANNEX_A_2022: tuple[str, ...] = tuple(
    f"A.{clause}.{n}" for clause, count in _CLAUSES_2022.items() for n in range(1, count + 1)
)
ANNEX_A_2013: tuple[str, ...] = tuple(
    f"A.{clause}.{obj}.{n}"
    for clause, objectives in _OBJECTIVES_2013.items()
    for obj, count in enumerate(objectives, start=1)
    for n in range(1, count + 1)
)
ANNEX_A: dict[str, frozenset[str]] = {
    "2022": frozenset(ANNEX_A_2022),
    "2013": frozenset(ANNEX_A_2013),
}

# An id as printed in a SoA: "A.8.25", "A 8.25", "A8.25", "Annex A 8.25", "Annex A.8.25",
# "8.25", "A.14.2.1", "14.2.1". Groups: prefix (None when bare), clause, second, third part.
CONTROL_ID_RE = re.compile(
    r"(?<![\w.])(?P<prefix>Annex\s*A\s*[.:\-]?\s*|A\s*[.\-]?\s*)?"
    r"(?P<c>\d{1,2})\.(?P<s>\d{1,2})(?:\.(?P<t>\d{1,2}))?(?![\d])(?!\.\d)",
    re.IGNORECASE,
)


def normalise_id(clause: str, second: str, third: str | None) -> str:
    """`A.<clause>.<n>` or `A.<clause>.<objective>.<n>`, without leading zeros."""
    parts = [str(int(clause)), str(int(second))] + ([str(int(third))] if third else [])
    return "A." + ".".join(parts)


def edition_of_id(control_id: str) -> str | None:
    """ "2022" or "2013" when `control_id` (normalised) is a control of that edition, else None."""
    for edition, ids in ANNEX_A.items():
        if control_id in ids:
            return edition
    return None
