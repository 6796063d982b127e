"""Reading accreditation marks printed as text ("UKAS MANAGEMENT SYSTEMS 0003", "ANAB accredited").

STUB: the signature is the agreed interface; the implementation is being written (issue 5).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class MarkMatch:
    """An accreditation body named or marked in text: canonical code, number, and where."""

    code: str
    number: str | None
    start: int
    end: int
    raw: str
    lookalike: bool = False


def read_accreditation_marks(text: str) -> list[MarkMatch]:
    """Every accreditation body (or look-alike) named in `text`, in order of appearance."""
    return []
