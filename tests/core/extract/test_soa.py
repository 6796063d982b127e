"""SoA extraction from text and from table cells (CONTRACT.md §2, `soa`)."""

import pytest

from app.core.extract.soa.annex_a import ANNEX_A_2013, ANNEX_A_2022
from app.core.extract.soa.extractor import extract_soa
from app.core.extract.soa.rows import parse_row_text
from app.core.kinds import DocumentKind
from app.core.pages import Page
from app.core.parse.plan import pages_needing_tables
from tests.core.extract.pdftext import text_pages


def test_annex_a_counts() -> None:
    assert (len(ANNEX_A_2022), len(ANNEX_A_2013)) == (93, 114)
    assert ANNEX_A_2013[-1] == "A.18.2.3"
    assert "A.14.2.1" in ANNEX_A_2013


@pytest.mark.parametrize(
    ("line", "control_id", "applicable", "justification"),
    [
        (
            "A.8.25 Secure development Yes Customer contracts Implemented",
            "A.8.25",
            True,
            "Customer contracts",
        ),
        (
            "8.25 Secure development life cycle: Applicable: Yes Justification: SDLC policy",
            "A.8.25",
            True,
            "SDLC policy",
        ),
        ("A 8.25 Secure development N", "A.8.25", False, None),
        (
            "Annex A 8.25 Secure development Excluded No in-house development",
            "A.8.25",
            False,
            "No in-house development",
        ),
        ("A.8.25 Secure development ☐", "A.8.25", False, None),
        ("A.8.25 Secure development ✓ ✓ Risk", "A.8.25", True, "Risk"),
        (
            "A.8.25 Secure development Not applicable No development",
            "A.8.25",
            False,
            "No development",
        ),
    ],
    ids=[
        "dotted-yes",
        "list-layout",
        "spaced-N",
        "annex-excluded",
        "empty-box",
        "ticks",
        "not-applicable",
    ],
)
def test_row_spellings(
    line: str, control_id: str, applicable: bool, justification: str | None
) -> None:
    facts = extract_soa(text_pages("Statement of Applicability\n" + line)).facts
    assert [(c.id, c.applicable, c.justification) for c in facts.controls] == [
        (control_id, applicable, justification)
    ]


def test_justification_wraps_over_page_break_and_header_repeats() -> None:
    head = "Acme Ltd - Statement of Applicability\nControl Title Applicable Justification"
    pages = text_pages(
        f"{head}\nA.5.1 Policies Yes Board mandate\nA.5.2 Roles No We are a small team and\npage 1 of 3",
        f"{head}\nroles are combined.\nA.5.3 Duties Yes Risk\npage 2 of 3",
        f"{head}\nA.5.4 Management Yes Risk\npage 3 of 3",
    )
    controls = {c.id: c for c in extract_soa(pages).facts.controls}
    assert controls["A.5.2"].justification == "We are a small team and roles are combined."
    assert list(controls) == ["A.5.1", "A.5.2", "A.5.3", "A.5.4"]
    assert controls["A.5.3"].page == 2


def test_edition_duplicates_and_unknown_ids_are_kept_visible() -> None:
    rows = "\n".join(f"{cid} Control Yes Risk" for cid in ANNEX_A_2013[:20])
    text = f"Statement of Applicability, Version 2\n{rows}\nA.5.1.1 Again Yes Risk\nA.14.2.10 Extra Yes Risk"
    facts = extract_soa(text_pages(text)).facts
    assert facts.standard_version == "2013"
    assert len(facts.controls) == 20
    assert facts.duplicate_control_ids == ["A.5.1.1"]
    assert facts.unknown_control_ids == ["A.14.2.10"]


def test_metadata_with_evidence() -> None:
    pages = text_pages(
        "Statement of Applicability\nOrganization: Kite Labs Inc.\nRevision: 4.1\n"
        "Approval date: 2025-03-04\nISO/IEC 27001:2022\nA.5.1 Policies Yes Risk"
    )
    extraction = extract_soa(pages)
    facts = extraction.facts
    assert (facts.holder, facts.version, str(facts.date), facts.standard_version) == (
        "Kite Labs Inc.", "4.1", "2025-03-04", "2022",
    )  # fmt: skip
    assert set(extraction.evidence) >= {"holder", "version", "date", "standard_version", "controls"}


def test_table_cells_are_used_when_supplied() -> None:
    table = (
        ("Control", "Name", "Justification", "Applicable"),
        ("A.8.1", "Endpoints", "No laptops are issued", "No"),
        ("A.8.2", "Privileged access", "Admins", "Yes"),
        (None, None, "and operators", None),
    )
    page = Page(
        number=1,
        text="A.8.1 Endpoints No laptops are issued No\nA.8.2 Privileged access Admins Yes\nand operators",
        tables=(table,),
    )
    controls = extract_soa([page]).facts.controls
    assert [(c.id, c.applicable, c.justification) for c in controls] == [
        ("A.8.1", False, "No laptops are issued"),
        ("A.8.2", True, "Admins and operators"),
    ]


def test_tables_requested_only_for_unreadable_soa_rows() -> None:
    pages = text_pages("A.5.1 Policies Yes Risk", "A.5.2 Roles and responsibilities")
    assert pages_needing_tables(DocumentKind.soa, pages) == [2]
    assert pages_needing_tables(DocumentKind.soc2_report, pages) == []


def test_second_yes_is_status_only_under_an_implemented_header() -> None:
    assert parse_row_text("Cabling No No server rooms").justification == "No server rooms"
    assert parse_row_text("Cabling Yes No", implemented_column=True).implemented is False


def test_two_controls_side_by_side_are_two_rows() -> None:
    """A two-column SoA prints two controls per line; each is its own row."""
    from app.core.extract.soa.extractor import extract_soa
    from app.core.pages import Page

    lines = ["Statement of Applicability", "Control Applies Reason Control Applies Reason"]
    left = [f"A.5.{n}" for n in range(1, 38)]
    right = [f"A.7.{n}" for n in range(1, 15)] + [f"A.8.{n}" for n in range(1, 35)]
    rows = max(len(left), len(right))
    for i in range(rows):
        a = f"{left[i]} Yes Risk assessment" if i < len(left) else ""
        b = f"{right[i]} {'No Nothing outsourced' if right[i] == 'A.8.30' else 'Yes Risk assessment'}"
        if i >= len(right):
            b = ""
        lines.append(f"{a} {b}".strip())
    lines += [f"A.6.{n} Yes Contractual requirement" for n in range(1, 9)]
    facts = extract_soa([Page(number=1, text="\n".join(lines))]).facts
    assert len(facts.controls) == 93
    assert [c.id for c in facts.controls if c.applicable is False] == ["A.8.30"]


def test_list_rows_with_labelled_values_are_rows_not_headers() -> None:
    from app.core.extract.soa.extractor import extract_soa
    from app.core.pages import Page

    text = "Statement of Applicability\n" + "\n".join(
        f"• Annex A 5.{n} Control {n}\nApplicable: {'No' if n == 3 else 'Yes'} "
        f"Justification: {'Not relevant to us' if n == 3 else 'Risk assessment'}"
        for n in range(1, 20)
    )
    facts = extract_soa([Page(number=1, text=text)]).facts
    (excluded,) = [c for c in facts.controls if c.applicable is False]
    assert (excluded.id, excluded.justification) == ("A.5.3", "Not relevant to us")


def test_header_row_over_values_gives_holder_and_date() -> None:
    from app.core.extract.soa.meta import soa_metadata
    from app.core.pages import Page

    page = Page(
        number=1,
        text="Statement of Applicability\nOrganisation Document version Date approved Reference\n"
        "Lumen Assist Technologies Ltd 2.0 2026-01-12 ISO/IEC 27001:2022 Annex A",
    )
    meta = soa_metadata([page])
    assert (meta.holder, str(meta.date)) == ("Lumen Assist Technologies Ltd", "2026-01-12")
