"""app/core/extract/text."""
