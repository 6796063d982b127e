"""Accreditation marks printed as text resolve to body codes and numbers (app/core/marks.py)."""

import pytest

from app.core.accreditation.marks import MarkMatch, read_accreditation_marks
from tests.reference import MARKS


def read(text: str) -> list[MarkMatch]:
    return read_accreditation_marks(text, MARKS)


CASES = [
    ("UKAS MANAGEMENT SYSTEMS 0003", [("UKAS", "0003", False)]),
    ("ANAB accredited", [("ANAB", None, False)]),
    ("Accredited by the ANSI National Accreditation Board", [("ANAB", None, False)]),
    ("ANSI-ASQ National Accreditation Board", [("ANAB", None, False)]),
    ("JAS-ANZ", [("JAS-ANZ", None, False)]),
    ("JAS ANZ accredited", [("JAS-ANZ", None, False)]),
    ("NABCB MSCB-154", [("NABCB", "MSCB-154", False)]),
    ("DAkkS D-ZM-12345-01-00", [("DAkkS", "D-ZM-12345-01-00", False)]),
    (
        "IAS ACCREDITED Management Systems Certification Body MSCB-103",
        [("IAS", "MSCB-103", False)],
    ),
    ("IAC ACCREDITED IAC-MSCB-5044", [("IAC", "IAC-MSCB-5044", True)]),
    ("EGAC\nCAB # 011905", [("EGAC", "011905", False)]),
    ("ISC is accredit by 'Euro UK'", [("EURO-UK", None, True)]),
    ("Euro UK Accreditation Licensing Services", [("EURO-UK", None, True)]),
    (
        "QCCI LLP is Accredited By Wales Akkreditering Forum Limited",
        [("WAF", None, True)],
    ),
    ("International Accreditation Forum (IAF-AB)", [("IAF-AB", None, True)]),
    ("TÜRKAK AB-0123-MS", [("TURKAK", None, False)]),
    ("UKAS 0003 and ANAB", [("UKAS", "0003", False), ("ANAB", None, False)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:30] for c in CASES])
def test_marks_resolve_to_code_and_number(
    text: str, expected: list[tuple[str, str | None, bool]]
) -> None:
    got = [(m.code, m.number, m.lookalike) for m in read(text)]
    assert got == expected


NOT_MARKS = [
    "IAF MLA",
    "member of the International Accreditation Forum (IAF)",
    "This is an accredited certification of the management system",
    "Standard Contractual Clauses (SCC) apply to transfers",
    "Key location: PCA Türkiye, Ankara",
    "IAS 39 financial instruments",
    "",
]


@pytest.mark.parametrize("text", NOT_MARKS, ids=[t[:25] or "empty" for t in NOT_MARKS])
def test_no_false_positives(text: str) -> None:
    assert read(text) == []


def test_standard_number_beside_mark_is_not_an_accreditation_number() -> None:
    (mark,) = read("UKAS 27001")
    assert mark.number is None


def test_position_and_raw_point_into_the_text() -> None:
    text = "Certified by BSI. UKAS MANAGEMENT SYSTEMS 003"
    (mark,) = read(text)
    assert text[mark.start : mark.end] == mark.raw == "UKAS"
    assert mark.number == "003"


def test_short_code_counts_next_to_accreditation_wording() -> None:
    (mark,) = read("Accredited by SCC")
    assert mark.code == "SCC"


OCR_CASES = [
    ("ACCREDITED\n\\AC-MSCB-5044\nEkol Belgelendirme", [("IAC", "IAC-MSCB-5044", True)]),
    (
        "Expiry Date : 06.07.2026 ACCREDITED'\nCertificate Period : 3 Years (From the date of "
        "registration) Management\nSystems\nCertification Body\nMSCB-103",
        [("IAS", "MSCB-103", False)],
    ),
    ("assessed by QRO\nCAB # 011905", [("EGAC", "011905", False)]),
    ("Internal ref MSCB-103", []),
    ("IAS ACCREDITED MSCB-103", [("IAS", "MSCB-103", False)]),
    (
        "MSCB-103\n\nSystem Certification Approval\nPCA, Türkiye & CB Key Location",
        [],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    OCR_CASES,
    ids=["iac-ocr-backslash", "ias-number-only", "egac-cab-number", "mscb-without-mark",
         "name-and-number-once", "pca-office-not-ab"],
)  # fmt: skip
def test_numbers_beside_image_marks(
    text: str, expected: list[tuple[str, str | None, bool]]
) -> None:
    got = [(m.code, m.number, m.lookalike) for m in read(text)]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "number_raw"),
    [("UKAS MANAGEMENT SYSTEMS 0003", "0003"), ("EGAC\nCAB # 011905", "CAB # 011905"),
     ("ACCREDITED\n\\AC-MSCB-5044", "\\AC-MSCB-5044"), ("ANAB accredited", None)],
    ids=["ukas", "egac", "iac-ocr", "no-number"],
)  # fmt: skip
def test_number_as_printed_is_a_verbatim_quote(text: str, number_raw: str | None) -> None:
    (mark,) = read(text)
    assert mark.number_raw == number_raw
    if number_raw:
        assert number_raw in text


def test_ias_mark_with_page_lines_between_name_and_accredited() -> None:
    """A scan read across the page: the IAS logo's two words are split by the text beside it
    (Turkish MC SİSTEM certificate)."""
    text = (
        "Tescil Tarihi : 07.07.2025 IAS\nYeniden Basim Tarihi\n"
        "Gecerlilik Tarihi : 06.07.2026 ACCREDITED'\nBelge Periyodu : 3 Yil"
    )
    assert [m.code for m in read(text)] == ["IAS"]


def test_ias_as_a_plain_word_is_not_a_mark() -> None:
    assert read("The IAS team reviewed the internal audit schedule.") == []


DATA_CASES = [
    ("Accredited by UK-ABCB", [("UK-ABCB", None, True)]),
    ("Comite francais d'accreditation", [("COFRAC", None, False)]),
    ("Comité Français d’Accréditation", [("COFRAC", None, False)]),
    ("German Accreditation\nBody", [("DAkkS", None, False)]),
    ("Taiwan Accreditation Foundation", [("TAF", None, False)]),
    ("TAF accredited certification body", [("TAF", None, False)]),
    ("Total annual fee (TAF)", []),
    ("Slovak National Accreditation Service", [("SNAS", None, False)]),
    ("UK International Accreditation Forum", [("UKIAF", None, True)]),
]


@pytest.mark.parametrize(("text", "expected"), DATA_CASES, ids=[c[0][:30] for c in DATA_CASES])
def test_names_and_aliases_of_the_data_are_marks(
    text: str, expected: list[tuple[str, str | None, bool]]
) -> None:
    assert [(m.code, m.number, m.lookalike) for m in read(text)] == expected


def test_without_a_vocabulary_nothing_is_a_mark() -> None:
    assert read_accreditation_marks("UKAS MANAGEMENT SYSTEMS 0003") == []


def test_every_body_of_the_data_is_in_the_vocabulary() -> None:
    from tests.reference import BUILTIN

    codes = {b.code for b in BUILTIN.accreditation_bodies} | {b.code for b in BUILTIN.lookalikes}
    assert codes == MARKS.codes
