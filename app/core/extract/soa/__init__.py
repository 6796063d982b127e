"""app/core/extract/soa."""
