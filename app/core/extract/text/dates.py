"""Dates as printed on certificates and reports, parsed without silent guessing (CONTRACT.md §2).

Handles `2025-05-17`, `17 May 2025`, `May 17, 2025`, `25th October 2025`, `17-May-2025`,
`17.05.2025`, `17/05/2025`, `05/17/2025`, and German and Turkish month names. Numeric dates
with both parts <= 12 are ambiguous: the order is taken from a `day_first` hint (other dates on
the page, the issuer's country) and otherwise reported as ambiguous, never guessed.
"""

import re
from dataclasses import dataclass
from datetime import date

_MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    [
        "january jan januar janvier enero ocak gennaio januari janeiro",
        "february feb februar février febrero şubat subat febbraio februari fevereiro",
        "march mar märz maerz marz mars marzo mart maart março marco",
        "april apr avril abril nisan aprile",
        "may mai mayo mayıs mayis maggio mei maio",
        "june jun juni juin junio haziran giugno junho",
        "july jul juli juillet julio temmuz luglio julho",
        "august aug août agosto ağustos agustos augustus",
        "september sep sept septembre septiembre eylül eylul settembre setembro",
        "october oct oktober okt octobre octubre ekim ottobre outubro",
        "november nov novembre noviembre kasım kasim novembro",
        "december dec dezember dez décembre diciembre aralık aralik dicembre dezembro",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _n

_MONTH_ALT = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th|er|º|°)?"

_ISO = r"(?P<iy>(?:19|20)\d{2})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})"
_DMY_NAMED = rf"(?P<dd>\d{{1,2}}){_ORD}\.?(?:\s+(?:of|de))?[\s\-/]*(?P<dm>{_MONTH_ALT})\.?,?(?:\s+del?)?[\s\-/]*(?P<dy>(?:19|20)\d{{2}})"
_MDY_NAMED = rf"(?P<mm>{_MONTH_ALT})\.?\s+(?P<md>\d{{1,2}}){_ORD},?\s+(?P<my>(?:19|20)\d{{2}})"
# East Asian dates: 2025年5月19日 (Japanese, Chinese).
_CJK = r"(?P<cy>(?:19|20)\d{2})\s*年\s*(?P<cm>\d{1,2})\s*月\s*(?P<cd>\d{1,2})\s*日"
_NUMERIC = r"(?P<n1>\d{1,2})(?P<sep>[./\-])(?P<n2>\d{1,2})(?P=sep)(?P<ny>(?:19|20)\d{2}|\d{2})"

DATE_RE = re.compile(
    rf"{_CJK}|(?<![\w.]){_ISO}(?![\w])|(?<!\w){_DMY_NAMED}(?!\w)|(?<!\w){_MDY_NAMED}(?!\w)|(?<![\w.]){_NUMERIC}(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMatch:
    """A date found in text: its span, the raw text, and the value or why there is none."""

    start: int
    end: int
    raw: str
    value: date | None
    ambiguous: bool = False
    # For numeric dates: which order produced `value` ("dmy"/"mdy"), or None if unambiguous.
    order: str | None = None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year(raw: str) -> int:
    y = int(raw)
    return y + 2000 if y < 100 else y


def _from_match(m: re.Match[str], day_first: bool | None) -> DateMatch:
    raw = m.group(0)
    if m.group("cy"):
        return DateMatch(
            m.start(), m.end(), raw, _safe_date(int(m["cy"]), int(m["cm"]), int(m["cd"]))
        )
    if m.group("iy"):
        return DateMatch(
            m.start(), m.end(), raw, _safe_date(int(m["iy"]), int(m["im"]), int(m["id"]))
        )
    if m.group("dm"):
        month = _MONTHS[m["dm"].lower()]
        return DateMatch(m.start(), m.end(), raw, _safe_date(int(m["dy"]), month, int(m["dd"])))
    if m.group("mm"):
        month = _MONTHS[m["mm"].lower()]
        return DateMatch(m.start(), m.end(), raw, _safe_date(int(m["my"]), month, int(m["md"])))
    a, b, y = int(m["n1"]), int(m["n2"]), _year(m["ny"])
    dmy, mdy = _safe_date(y, b, a), _safe_date(y, a, b)
    if dmy and not mdy:
        return DateMatch(m.start(), m.end(), raw, dmy, order="dmy")
    if mdy and not dmy:
        return DateMatch(m.start(), m.end(), raw, mdy, order="mdy")
    if dmy is None:  # neither order is a real date (e.g. 31/31/2025)
        return DateMatch(m.start(), m.end(), raw, None)
    if dmy == mdy:
        return DateMatch(m.start(), m.end(), raw, dmy)
    # A dotted date (17.05.2025) is day-first wherever it is written.
    if m["sep"] == "." or day_first is True:
        return DateMatch(m.start(), m.end(), raw, dmy, order="dmy")
    if day_first is False:
        return DateMatch(m.start(), m.end(), raw, mdy, order="mdy")
    return DateMatch(m.start(), m.end(), raw, None, ambiguous=True)


def day_first_hint(text: str) -> bool | None:
    """Infer the numeric date order of a text from its unambiguous numeric dates.

    True when some date can only be day-first (17/05/2025), False when some date can only be
    month-first (05/17/2025), None when the text does not say (or says both).
    """
    votes: set[bool] = set()
    for m in DATE_RE.finditer(text):
        if m.group("n1") and m["sep"] != ".":
            a, b = int(m["n1"]), int(m["n2"])
            if a > 12 >= b:
                votes.add(True)
            elif b > 12 >= a:
                votes.add(False)
    return votes.pop() if len(votes) == 1 else None


def find_dates(text: str, *, day_first: bool | None = None) -> list[DateMatch]:
    """Every date in `text`, in order; ambiguous numeric dates are resolved only by a hint.

    When no hint is given, the text's own unambiguous numeric dates provide one.
    """
    hint = day_first if day_first is not None else day_first_hint(text)
    return [_from_match(m, hint) for m in DATE_RE.finditer(text)]


def parse_date(text: str, *, day_first: bool | None = None) -> DateMatch | None:
    """The first date in `text` (see `find_dates`), or None if there is none."""
    found = find_dates(text, day_first=day_first)
    return found[0] if found else None


_DAY_RANGE = re.compile(
    rf"(?P<mm>{_MONTH_ALT})\.?\s+(?P<d1>\d{{1,2}}){_ORD}\s*[-–]\s*\d{{1,2}}{_ORD},?\s+(?P<y1>(?:19|20)\d{{2}})"
    rf"|(?P<d2>\d{{1,2}}){_ORD}\.?\s*[-–]\s*\d{{1,2}}{_ORD}\.?\s+(?P<dm>{_MONTH_ALT})\.?,?\s+(?P<y2>(?:19|20)\d{{2}})",
    re.IGNORECASE,
)


def parse_day_range(text: str) -> DateMatch | None:
    """The first day of a range of days at the start of `text` ("February 24-26, 2026",
    "09-11 September 2025"), as audits of several days are printed; None otherwise."""
    m = _DAY_RANGE.match(text)
    if m is None:
        return None
    if m["mm"]:
        value = _safe_date(int(m["y1"]), _MONTHS[m["mm"].lower()], int(m["d1"]))
    else:
        value = _safe_date(int(m["y2"]), _MONTHS[m["dm"].lower()], int(m["d2"]))
    return DateMatch(m.start(), m.end(), m.group(0), value)
