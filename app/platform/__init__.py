"""app/platform."""
