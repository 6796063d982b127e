"""Metamorphic tests (STYLE rule 14): the same facts printed in another house style give the
same answer. One certificate, one audit letter and one scope are drawn in every style of
tests/fixtures/documents/styles and parsed on the production path; every style must read
every fact the way the others do."""

from datetime import date
from typing import Any

import pytest

from app.adapters.pdf.parse import parse_bytes
from tests.fixtures.documents.styles import certificates, letters
from tests.fixtures.documents.styles.generate import BSI, NQA, SCHELLMAN, TUV
from tests.fixtures.documents.styles.kit import Sheet
from tests.fixtures.documents.styles.specs import Body, Cert, Letter
from tests.golden.documents import same

CERT = Cert(
    "Marlowe Freight Systems Ltd",
    "18 Dock Street, Leith, Edinburgh EH6 6EY, United Kingdom",
    "IS 804417",
    "Design, hosting and support of the Marlowe Route freight planning service.",
    date(2025, 9, 8),
    date(2028, 9, 7),
    BSI,
    first=date(2019, 9, 9),
)
_LANGUAGE_FREE = (
    "certificate_number", "holder", "certification_body", "issue_date", "expiry_date",
    "standard", "standard_version", "accreditation_body",
)  # fmt: skip


def _read(sheet: Sheet) -> dict[str, Any]:
    doc = parse_bytes(bytes(sheet.output()), declared_kind=None, max_pages=20, ocr=False)
    return {"kind": doc.kind.value, **doc.facts_json()}


@pytest.mark.parametrize("body", [BSI, NQA, SCHELLMAN, TUV], ids=["bsi", "nqa", "schellman", "tuv"])
@pytest.mark.parametrize("style", sorted(certificates.STYLES))
def test_a_certificate_reads_the_same_in_every_style(style: str, body: Body) -> None:
    cert = Cert(**{**CERT.__dict__, "cb": body})
    facts = _read(certificates.STYLES[style](cert))
    expected = certificates.certificate_facts(cert)
    names = _LANGUAGE_FREE if style in ("german", "french", "spanish") else tuple(expected)
    assert facts["kind"] == "iso27001_certificate"
    wrong = {
        n: (facts.get(n), expected[n])
        for n in names
        if n in expected and not same(expected[n], facts.get(n))
    }
    assert not wrong


LETTER = Letter(
    "Marlowe Freight Systems Ltd", "18 Dock Street, Edinburgh EH6 6EY", "IS 804417", BSI,
    date(2026, 9, 30), date(2026, 9, 14), date(2026, 9, 15), "continued", 0, 2,
)  # fmt: skip


@pytest.mark.parametrize("outcome", ["continued", "suspended", "withdrawn"])
@pytest.mark.parametrize(
    "draw", [letters.formal, letters.summary, letters.german], ids=["formal", "summary", "german"]
)
def test_an_audit_letter_reads_the_same_in_every_style(draw: Any, outcome: str) -> None:
    majors = 0 if outcome == "continued" else 1
    letter = Letter(**{**LETTER.__dict__, "outcome": outcome, "majors": majors})
    facts = _read(draw(letter))
    assert facts["kind"] == "surveillance_evidence"
    expected = letters.letter_facts(letter)
    wrong = {n: (facts.get(n), v) for n, v in expected.items() if not same(v, facts.get(n))}
    assert not wrong
