"""Scheduled re-checks: re-assess every active vendor as certificates age and data changes."""
