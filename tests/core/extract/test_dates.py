"""Date parsing: every printed format, day/month order from hints, never a silent guess."""

from datetime import date

import pytest

from app.core.extract.text.dates import day_first_hint, find_dates, parse_date, parse_day_range


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-05-17", date(2025, 5, 17)),
        ("2025/05/17", date(2025, 5, 17)),
        ("17 May 2025", date(2025, 5, 17)),
        ("17 may 2025", date(2025, 5, 17)),
        ("May 17, 2025", date(2025, 5, 17)),
        ("Sept. 3, 2024", date(2024, 9, 3)),
        ("25th October 2025", date(2025, 10, 25)),
        ("1st of March 2026", date(2026, 3, 1)),
        ("17-May-2025", date(2025, 5, 17)),
        ("17.05.2025", date(2025, 5, 17)),
        ("03.04.2025", date(2025, 4, 3)),
        ("17/05/2025", date(2025, 5, 17)),
        ("05/17/2025", date(2025, 5, 17)),
        ("17-05-25", date(2025, 5, 17)),
        ("3. März 2024", date(2024, 3, 3)),
        ("15. Dezember 2027", date(2027, 12, 15)),
        ("12 Ağustos 2025", date(2025, 8, 12)),
        ("07/07/2025", date(2025, 7, 7)),
    ],
    ids=[
        "iso",
        "iso-slashes",
        "day-month-name",
        "lower-month",
        "month-name-first",
        "abbrev-dot",
        "ordinal",
        "ordinal-of",
        "dashed-name",
        "dotted",
        "dotted-low-day",
        "day-first-numeric",
        "month-first-numeric",
        "two-digit-year",
        "german",
        "german-december",
        "turkish",
        "same-both-ways",
    ],
)
def test_formats(text: str, expected: date) -> None:
    found = parse_date(f"Valid until: {text} (see terms)")
    assert found is not None
    assert found.value == expected
    assert not found.ambiguous


@pytest.mark.parametrize(
    ("text", "day_first", "expected"),
    [
        ("03/04/2025", True, date(2025, 4, 3)),
        ("03/04/2025", False, date(2025, 3, 4)),
        ("03-04-2025", True, date(2025, 4, 3)),
    ],
    ids=["day-first-hint", "month-first-hint", "dashes-day-first"],
)
def test_hint_resolves_ambiguous(text: str, day_first: bool, expected: date) -> None:
    found = parse_date(text, day_first=day_first)
    assert found is not None
    assert found.value == expected


def test_ambiguous_without_hint_is_reported_not_guessed() -> None:
    found = parse_date("Issued 03/04/2025")
    assert found is not None
    assert found.value is None
    assert found.ambiguous
    assert found.raw == "03/04/2025"


def test_other_dates_on_the_page_settle_the_order() -> None:
    dates = find_dates("Issued 03/04/2025, expires 02/04/2028, audited 23/03/2025")
    assert [d.value for d in dates] == [date(2025, 4, 3), date(2028, 4, 2), date(2025, 3, 23)]


def test_contradicting_page_dates_give_no_hint() -> None:
    assert day_first_hint("17/05/2025 and 05/17/2025") is None
    dates = find_dates("17/05/2025 and 05/17/2025 and 03/04/2025")
    assert dates[2].value is None and dates[2].ambiguous


@pytest.mark.parametrize(
    "text",
    ["31/31/2025", "2025-13-01", "30 February 2025", "2025-02-30", "00/05/2025"],
    ids=["both-over-12", "month-13", "feb-30-named", "feb-30-iso", "day-zero"],
)
def test_impossible_dates_have_no_value(text: str) -> None:
    found = parse_date(text)
    assert found is None or (found.value is None and not found.ambiguous)


@pytest.mark.parametrize(
    "text",
    ["ISO/IEC 27001:2022", "SoA v3.1.2", "Tel. 12.05.20251", "page 3 of 12", "ABC2025-05-17X"],
    ids=["standard-year", "version-number", "long-digits", "page-numbers", "glued-to-word"],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_spans_and_raw_point_at_the_text() -> None:
    text = "Certified since 25th October 2025; next audit May 17, 2026."
    for d in find_dates(text):
        assert text[d.start : d.end] == d.raw
    assert [d.raw for d in find_dates(text)] == ["25th October 2025", "May 17, 2026"]


@pytest.mark.parametrize(
    ("text", "first_day"),
    [
        ("February 24-26, 2026 at the Austin office", date(2026, 2, 24)),
        ("09-11 September 2025", date(2025, 9, 9)),
        ("3rd – 5th March 2026", date(2026, 3, 3)),
        ("14. - 16. Oktober 2026", date(2026, 10, 14)),
    ],
    ids=["month-first", "day-first", "ordinals-en-dash", "german"],
)
def test_day_ranges_give_the_first_day(text: str, first_day: date) -> None:
    found = parse_day_range(text)
    assert found is not None
    assert found.value == first_day
    assert text.startswith(found.raw)


def test_day_range_must_start_the_text() -> None:
    assert parse_day_range("on 09-11 September 2025") is None
    assert parse_day_range("17 May 2025") is None
