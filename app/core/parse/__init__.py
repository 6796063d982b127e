"""app/core/parse."""
