"""Accreditation reference data: look-up API, CLI and import (CONTRACT.md §6, §7)."""
