"""Why a PDF could not be read: one exception class per reason, each with a stable slug.

`app.platform.errors` maps these to problem+json (`document-unreadable`); the worker and the CLI report
`reason` as is (`not_found`, `not_pdf`, `encrypted`, `corrupt`, `too_many_pages`, `no_text`,
`timeout`, `memory`), so clients can branch on it. README.md ("Parsing documents") lists what each means.
"""

from typing import ClassVar


class PdfUnreadable(Exception):
    """A document that cannot be turned into page text; `detail` says why in plain words."""

    reason: ClassVar[str] = "corrupt"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class FileMissing(PdfUnreadable):
    """The file does not exist or cannot be opened (a lost upload, a bad path)."""

    reason = "not_found"


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
    for c in (
        FileMissing,
        NotAPdf,
        PdfEncrypted,
        PdfCorrupt,
        TooManyPages,
        NoText,
        ParseTimeout,
        ParseMemory,
    )
)
