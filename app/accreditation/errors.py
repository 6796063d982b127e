"""Problem types of the accreditation domain (RFC 9457 via app.platform.errors)."""

from app.platform.errors import AppError


class ImportFailed(AppError):
    """The import file could not be read or failed validation; nothing was changed."""

    status, slug, title = 422, "accreditation-import-invalid", "Reference data rejected"


class InvalidStandard(AppError):
    status, slug, title = 400, "invalid-standard", "Unknown standard"
