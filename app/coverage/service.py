"""The coverage matrix of a stored vendor: its parsed documents through the core (CONTRACT §7).

`vendor_coverage` is what the API route and the vendor page of the UI call; document refs in
the cells are document ids.
"""

import uuid
from typing import Any

from sqlalchemy.orm import Session

from app.assessments import service as assessment_service
from app.core import CoverageMatrix, coverage_matrix
from app.vendors import service as vendor_service


def vendor_coverage(session: Session, *, vendor_id: uuid.UUID) -> CoverageMatrix:
    """The AI-estate coverage matrix of the vendor's parsed documents (404 if no vendor)."""
    vendor = vendor_service.get_vendor(session, vendor_id=vendor_id)
    inputs = assessment_service.load_inputs(session, vendor_id=vendor.id)
    return coverage_matrix(inputs.documents, vendor_service.vendor_profile(vendor))


def read_coverage(vendor_id: uuid.UUID, matrix: CoverageMatrix) -> dict[str, Any]:
    """The matrix in the shape of `CoverageRead`."""
    not_covered, excluded = matrix.scope_gaps()
    return {
        "vendor_id": vendor_id,
        **matrix.model_dump(mode="json"),
        "scope_gaps": {"not_covered": not_covered, "excluded": excluded},
    }
