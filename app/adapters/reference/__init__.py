"""app/adapters/reference."""
