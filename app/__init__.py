"""Assay: vendor due-diligence service."""
