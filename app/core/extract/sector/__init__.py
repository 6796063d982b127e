"""Sector evidence extractors (CONTRACT.md §9) and ISO/IEC 42001 readiness (§1): one module per
kind, sharing the candidate-and-agreement machinery in `common`. The parse pipeline imports
each one when a document of its kind is read (`app.core.parse.pipeline`), so this package
imports none of them: a SOC 2 report's system description (`description`) does not compile
every sector's patterns."""
