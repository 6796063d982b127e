"""Vendors: the companies being assessed (CONTRACT.md §3)."""
