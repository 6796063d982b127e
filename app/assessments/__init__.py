"""Assessments: immutable snapshots of a vendor's findings and score, their history and diffs."""
