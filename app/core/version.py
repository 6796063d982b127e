"""Version of the extraction logic; stored with parsed documents and assessments.

Bump it when extractors change what they produce, so re-checks re-parse older documents.
"""

EXTRACTOR_VERSION = "2026.12.6"
