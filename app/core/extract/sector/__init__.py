"""Sector evidence extractors (CONTRACT.md §9) and ISO/IEC 42001 readiness (§1): one module per
kind, sharing the candidate-and-agreement machinery in `common`."""

from collections.abc import Callable, Sequence
from typing import Any

from app.core.extract import Extraction
from app.core.extract.sector.cjis import extract_cjis
from app.core.extract.sector.dpa import extract_dpa
from app.core.extract.sector.fedramp import extract_fedramp
from app.core.extract.sector.hipaa import extract_hipaa
from app.core.extract.sector.ndaa import extract_ndaa889
from app.core.extract.sector.pci import extract_pci_dss_aoc
from app.core.extract.sector.readiness import extract_readiness
from app.core.kinds import DocumentKind
from app.core.pages import Page

SECTOR_EXTRACTORS: dict[DocumentKind, Callable[[Sequence[Page]], Extraction[Any]]] = {
    DocumentKind.pci_dss_aoc: extract_pci_dss_aoc,
    DocumentKind.fedramp_authorization: extract_fedramp,
    DocumentKind.hipaa_attestation: extract_hipaa,
    DocumentKind.dpa: extract_dpa,
    DocumentKind.cjis_addendum: extract_cjis,
    DocumentKind.ndaa889_representation: extract_ndaa889,
    DocumentKind.iso42001_readiness: extract_readiness,
}
