"""The buyer profile: the buying organisation's sector and regions (CONTRACT.md §3)."""
