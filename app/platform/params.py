"""Request parameter types shared by several domains.

`AsOf` is the "as of" date of an assessment (CONTRACT: every assessment is computed as of a
date): an ISO 8601 calendar date (`2026-11-23`) from 2000-01-01 to 2100-12-31. Anything
else, including the Unix timestamps pydantic would otherwise read as dates (`as_of=0` is not
1970), is a 422 `validation-error`.

`Name` and `QueryText` refuse control characters (NUL, which PostgreSQL cannot store, line
breaks, tabs), unpaired surrogates (not encodable) and bidirectional overrides (text that
reads differently from what it is).
"""

import re
import unicodedata
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, StringConstraints, WithJsonSchema

EARLIEST_AS_OF = date(2000, 1, 1)
LATEST_AS_OF = date(2100, 12, 31)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_text(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("must be an ISO 8601 date, YYYY-MM-DD")
    return value


def _in_range(value: date) -> date:
    if not EARLIEST_AS_OF <= value <= LATEST_AS_OF:
        raise ValueError(f"must be between {EARLIEST_AS_OF} and {LATEST_AS_OF}")
    return value


AsOf = Annotated[
    date,
    BeforeValidator(_iso_date_text),
    AfterValidator(_in_range),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": "^(20[0-9][0-9]|2100)-[0-9][0-9]-[0-9][0-9]$",
            "description": f"An ISO 8601 date from {EARLIEST_AS_OF} to {LATEST_AS_OF}",
        }
    ),
]


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _printable(value: str) -> str:
    for ch in value:
        if unicodedata.category(ch) in {"Cc", "Cs"} or ch in _BIDI_CONTROLS:
            raise ValueError(
                "must not contain control characters (such as NUL, newlines or tabs), "
                "unpaired surrogates or bidirectional overrides"
            )
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


# The same rules as a JSON Schema pattern, so that clients and schema-driven tools know them.
_CONTROLS = "\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069"
_NAME_PATTERN = f"^[^{_CONTROLS}]*[^\\s{_CONTROLS}][^{_CONTROLS}]*$"
_TEXT_PATTERN = f"^[^{_CONTROLS}]*$"

# A name (vendor, legal name, product): 1 to 300 printable characters, not only spaces.
Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=300),
    AfterValidator(_printable),
    AfterValidator(_not_blank),
    WithJsonSchema({"type": "string", "minLength": 1, "maxLength": 300, "pattern": _NAME_PATTERN}),
]
# Free text in a query (search terms, filters): printable, at most 200 characters.
QueryText = Annotated[
    str,
    StringConstraints(max_length=200),
    AfterValidator(_printable),
    WithJsonSchema({"type": "string", "maxLength": 200, "pattern": _TEXT_PATTERN}),
]
