"""The shipped reference data, read once for tests that need real values (the mark
vocabulary for parsing, the registry for verdicts)."""

from app.adapters.reference.loader import builtin_data_dir, read_registry

BUILTIN = read_registry(builtin_data_dir())
MARKS = BUILTIN.marks
