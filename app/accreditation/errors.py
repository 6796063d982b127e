"""Problem types of the accreditation domain (RFC 9457 via app.platform.errors)."""

from app.platform.errors import AppError


class ImportFailed(AppError):
    """The import file could not be read or failed validation; nothing was changed."""

    status, slug, title = 422, "accreditation-import-invalid", "Reference data rejected"


class InvalidStandard(AppError):
    status, slug, title = 400, "invalid-standard", "Unknown standard"


class InvalidVerification(AppError):
    """A recorded check that cannot be used: unknown AB or standard, a group name, a bad date."""

    status, slug, title = 422, "accreditation-verification-invalid", "Verification rejected"


class CertSearchUnavailable(AppError):
    """IAF CertSearch look-ups are not configured (no API key)."""

    status, slug, title = 409, "certsearch-not-configured", "IAF CertSearch not configured"
