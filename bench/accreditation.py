"""The accreditation check of issue 12: 12 look-ups and 4 certificate verdicts (the
issue's three, the BSI one printed two ways)
against the reference data in force, plus the data's record counts by provenance level.

    python bench/accreditation.py [--data DIR]

Look-ups go through `lookup` (CONTRACT.md §6); verdicts through the whole `assess` path with
one certificate, so the findings are those a reviewer would see. Prints one line per check
and the totals; nothing is asserted (tests/core/accreditation/test_check.py asserts them).
"""

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from app.adapters.reference.loader import builtin_data_dir, read_registry  # noqa: E402
from app.adapters.reference.risk_model import load_risk_model  # noqa: E402
from app.core import (  # noqa: E402
    AssessedDocument,
    CertificateFacts,
    DocumentKind,
    Registry,
    VendorProfile,
    assess,
    lookup,
    make_parsed,
)

AS_OF = date(2026, 11, 23)
# (printed name, standard, verdict a careful reviewer expects)
LOOKUPS: list[tuple[str, str, str]] = [
    ("BSI Assurance UK Limited", "27001", "accredited"),
    ("British Standards Institution", "27001", "ambiguous"),
    ("Schellman & Company, LLC", "42001", "accredited"),
    ("Schellman & Co.", "27001", "accredited"),
    ("A-LIGN Compliance & Security, Inc.", "27001", "accredited"),
    ("A-LIGN Compliance and Security, Inc.", "27001", "accredited"),
    ("Coalfire ISO Inc", "27001", "accredited"),
    ("SGS", "27001", "ambiguous"),
    ("TUEV SUED Management Service GmbH", "27001", "accredited"),
    ("Linford & Co LLP", "42001", "not_accredited_for_standard"),
    ("MHM Advisory Ltd", "42001", "accredited"),
    ("Harbourline Certification Ltd", "27001", "not_found"),
]
_ACCREDITATION_CODES = {
    "CB_NOT_ACCREDITED", "CB_ACCREDITATION_UNVERIFIED", "CB_ACCREDITATION_SCOPE",
    "AB_NOT_RECOGNISED", "AB_MISMATCH", "CB_ACCREDITATION_SUSPENDED",
}  # fmt: skip
# (label, CB printed, AB printed, number, codes that must be raised, codes that must not)
VERDICTS: list[tuple[str, str, str, str | None, set[str], set[str]]] = [
    (
        "unknown CB with an ANAB mark",
        "Northgate Assurance Services Ltd", "ANAB", None,
        {"CB_ACCREDITATION_UNVERIFIED"}, {"CB_NOT_ACCREDITED", "AB_MISMATCH"},
    ),
    (
        "BSI through its Japanese entity, ANAB mark",
        "The British Standards Institution", "ANAB", None,
        set(), {"AB_MISMATCH", "CB_NOT_ACCREDITED"},
    ),
    (
        "BSI's Japanese entity (not in the data), ANAB mark",
        "BSI Group Japan K.K.", "ANAB", None,
        {"CB_ACCREDITATION_UNVERIFIED"}, {"AB_MISMATCH", "CB_NOT_ACCREDITED"},
    ),
    (
        "invented CB, invented accreditation board",
        "Harbourline Certification Ltd", "IBMSA", None,
        {"CB_NOT_ACCREDITED", "AB_NOT_RECOGNISED"}, set(),
    ),
]  # fmt: skip


def verdict_codes(registry: Registry, cb: str, ab: str, number: str | None) -> set[str]:
    """Accreditation finding codes of a one-certificate assessment."""
    facts = CertificateFacts(
        standard="ISO/IEC 27001", standard_version="2022", certificate_number="C-1",
        holder="Northwind Analytics Ltd", certification_body=cb, accreditation_body=ab,
        accreditation_number=number, issue_date=date(2026, 1, 5), expiry_date=date(2029, 1, 4),
        scope="Development and operation of the Northwind platform.",
    )  # fmt: skip
    parsed = make_parsed(DocumentKind.iso27001_certificate, facts)
    result = assess(
        [AssessedDocument("cert.pdf", parsed)],
        VendorProfile(name="Northwind Analytics", legal_names=["Northwind Analytics Ltd"]),
        registry,
        as_of=AS_OF,
        model=load_risk_model(),
    )
    return {f.code.value for f in result.findings} & _ACCREDITATION_CODES


def provenance_counts(registry: Registry) -> dict[str, Counter[str]]:
    """Records per file and provenance level."""
    counts: dict[str, Counter[str]] = {
        "accreditation bodies": Counter(b.source.provenance.value for b in registry.accreditation_bodies),
        "look-alikes": Counter(b.source.provenance.value for b in registry.lookalikes),
        "certification bodies": Counter(c.source.provenance.value for c in registry.certification_bodies),
        "accreditations": Counter(
            a.source.provenance.value for c in registry.certification_bodies for a in c.accreditations
        ),
    }  # fmt: skip
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=builtin_data_dir())
    args = parser.parse_args()
    registry = read_registry(args.data)
    print(f"reference data {registry.version}")
    for label, counter in provenance_counts(registry).items():
        shown = ", ".join(f"{k} {v}" for k, v in sorted(counter.items()))
        print(f"  {label}: {sum(counter.values())} ({shown})")
    right = 0
    for name, standard, expected in LOOKUPS:
        got = lookup(registry, name, standard).verdict.value
        right += got == expected
        print(
            f"{'OK  ' if got == expected else 'FAIL'} lookup {name!r} {standard}: {got} (want {expected})"
        )
    print(f"look-ups right: {right}/{len(LOOKUPS)}")
    held = 0
    for label, cb, ab, number, must, must_not in VERDICTS:
        codes = verdict_codes(registry, cb, ab, number)
        good = must <= codes and not (codes & must_not)
        held += good
        print(f"{'OK  ' if good else 'FAIL'} verdict {label}: {sorted(codes)}")
    print(f"verdicts held: {held}/{len(VERDICTS)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
