"""Evidence page images: a cited page rendered with its quote highlighted."""
