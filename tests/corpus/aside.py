"""Placeholder: filled below."""
ASIDE_CASES = ()
