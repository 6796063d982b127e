"""Evidence images: the cited page of a document rendered as PNG with the quote highlighted,
cached on disk by document content, page, size and quote (renders are deterministic)."""

import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy.orm import Session

from app.adapters.blobs import BlobStore
from app.adapters.pdf.errors import PdfUnreadable
from app.adapters.pdf.render import PageOutOfRange, RenderLimits, render_isolated
from app.documents import service as document_service
from app.platform.errors import AppError, NotFound
from app.platform.state import AppState


class PageNotFound(NotFound):
    status, slug, title = 404, "page-not-found", "Page not found"


class EvidenceUnavailable(AppError):
    status, slug, title = 422, "evidence-unavailable", "The page could not be shown"


class ImageSize(StrEnum):
    """`normal`: the whole page (longer side 1100 px); `large`: the whole page for reading
    (2200 px); `focus`: the band of the page around the highlight (page at 1400 px)."""

    normal = "normal"
    large = "large"
    focus = "focus"

    @property
    def pixels(self) -> int:
        return {"normal": 1100, "large": 2200, "focus": 1400}[self.value]


@dataclass(frozen=True)
class Renderer:
    """Where page images come from and go: the blob store, the cache folder, the limits."""

    store: BlobStore
    cache_dir: Path
    limits: RenderLimits


def renderer_for(state: AppState) -> Renderer:
    """The renderer of a running app (its blob store, settings and data dir)."""
    settings = state.settings
    return Renderer(
        store=state.blobs,
        cache_dir=settings.data_dir / "evidence",
        limits=RenderLimits(
            timeout_seconds=settings.evidence_render_timeout_seconds,
            memory_mb=settings.evidence_render_memory_mb,
        ),
    )


@dataclass(frozen=True)
class EvidenceImage:
    path: Path
    highlighted: bool | None  # None when no quote was asked for


def _cache_path(
    cache_dir: Path, sha256: str, page: int, size: ImageSize, quote: str | None
) -> Path:
    key = hashlib.sha256((quote or "").encode()).hexdigest()[:32] if quote else "plain"
    return cache_dir / sha256[:2] / sha256 / f"p{page}-{size.value}-{key}.png"


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{uuid.uuid4().hex}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def page_image(
    session: Session,
    *,
    document_id: uuid.UUID,
    page: int,
    quote: str | None,
    size: ImageSize,
    renderer: Renderer,
) -> EvidenceImage:
    """The page image (from the cache, or rendered in a child process within `limits`)."""
    document, pdf_path = document_service.document_file(
        session, document_id=document_id, store=renderer.store
    )
    if page < 1 or (document.pages is not None and page > document.pages):
        raise PageNotFound(f"Document {document_id} has no page {page}")
    # Whitespace never matters to the match, so it does not split the cache either.
    quote = " ".join(quote.split()) if quote and quote.strip() else None
    target = _cache_path(renderer.cache_dir, document.sha256, page, size, quote)
    meta_path = target.with_suffix(".json")
    if target.is_file() and meta_path.is_file():
        highlighted = json.loads(meta_path.read_text()).get("highlighted")
        return EvidenceImage(target, highlighted if quote else None)
    try:
        rendered = render_isolated(
            pdf_path,
            page_number=page,
            quote=quote,
            max_side_px=size.pixels,
            limits=renderer.limits,
            focus=size is ImageSize.focus,
        )
    except PageOutOfRange as exc:
        raise PageNotFound(exc.detail) from exc
    except PdfUnreadable as exc:
        raise EvidenceUnavailable(exc.detail, reason=exc.reason) from exc
    _write_atomic(meta_path, json.dumps({"highlighted": rendered.highlighted}).encode())
    _write_atomic(target, rendered.png)
    return EvidenceImage(target, rendered.highlighted if quote else None)


def image_headers(image: EvidenceImage) -> dict[str, str]:
    """Response headers: private caching, no sniffing, and whether the quote was found."""
    found = {None: "none", True: "found", False: "not-found"}[image.highlighted]
    return {
        "Cache-Control": "private, max-age=86400",
        "X-Content-Type-Options": "nosniff",
        "X-Assay-Highlight": found,
    }
