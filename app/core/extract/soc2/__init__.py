"""app/core/extract/soc2."""
