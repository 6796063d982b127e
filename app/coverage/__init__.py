"""The AI-estate coverage matrix of a vendor (CONTRACT.md §7)."""
