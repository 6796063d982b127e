"""The pure assessment engine: page text -> facts -> findings -> score.

Nothing in this package performs I/O, reads the clock or the environment; every input is a
parameter (CONTRACT.md, STYLE.md rule 1). `tests/test_architecture.py` enforces the imports.
"""
