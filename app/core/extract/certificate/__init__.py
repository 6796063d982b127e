"""app/core/extract/certificate."""
