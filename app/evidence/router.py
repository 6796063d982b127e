"""GET /documents/{id}/pages/{n}/image: the cited page with the quote highlighted (PNG)."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import FileResponse

from app.evidence import service as evidence_service
from app.evidence.service import ImageSize
from app.platform.auth import Principal, Role, require
from app.platform.db import SessionDep
from app.platform.openapi import problem_responses
from app.platform.state import get_state

router = APIRouter(tags=["documents"])

Reader = Annotated[Principal, Depends(require(Role.procurement, Role.reviewer))]
PageNumber = Annotated[int, Path(ge=1, le=100_000, description="Page number, from 1")]
QuoteParam = Annotated[
    str | None, Query(max_length=4000, description="Text to highlight (whitespace ignored)")
]


@router.get(
    "/documents/{document_id}/pages/{page}/image",
    response_class=FileResponse,
    responses={
        200: {
            "content": {"image/png": {}},
            "description": "`X-Assay-Highlight`: found, not-found (e.g. OCR text) or none",
        },
        **problem_responses(401, 403, 404, 422),
    },
)
def get_page_image(
    document_id: uuid.UUID,
    page: PageNumber,
    request: Request,
    session: SessionDep,
    _: Reader,
    quote: QuoteParam = None,
    size: ImageSize = ImageSize.normal,
) -> FileResponse:
    image = evidence_service.page_image(
        session,
        document_id=document_id,
        page=page,
        quote=quote,
        size=size,
        renderer=evidence_service.renderer_for(get_state(request)),
    )
    return FileResponse(
        image.path, media_type="image/png", headers=evidence_service.image_headers(image)
    )
