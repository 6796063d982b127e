"""Why a PDF could not be read: one exception class per reason, each with a stable slug.

`app.errors` maps these to problem+json (`document-unreadable`); the worker and the CLI report
`reason` as is (`encrypted`, `corrupt`, `not_pdf`, `too_many_pages`, `no_text`, `timeout`,
`memory`), so clients can branch on it.
"""

from typing import ClassVar


class PdfUnreadable(Exception):
    """A document that cannot be turned into page text; `detail` says why in plain words."""

    reason: ClassVar[str] = "corrupt"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotAPdf(PdfUnreadable):
    reason = "not_pdf"


class PdfEncrypted(PdfUnreadable):
    reason = "encrypted"


class PdfCorrupt(PdfUnreadable):
    reason = "corrupt"


class TooManyPages(PdfUnreadable):
    reason = "too_many_pages"


class NoText(PdfUnreadable):
    reason = "no_text"


class ParseTimeout(PdfUnreadable):
    reason = "timeout"


class ParseMemory(PdfUnreadable):
    reason = "memory"


REASONS: frozenset[str] = frozenset(
    c.reason
    for c in (NotAPdf, PdfEncrypted, PdfCorrupt, TooManyPages, NoText, ParseTimeout, ParseMemory)
)
