"""Surveillance evidence: a certification body's audit letter or report (CONTRACT.md §2)."""

from app.core.extract.surveillance.extractor import extract_surveillance

__all__ = ["extract_surveillance"]
