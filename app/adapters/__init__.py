"""app/adapters."""
