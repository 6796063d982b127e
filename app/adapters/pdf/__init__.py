"""app/adapters/pdf."""
