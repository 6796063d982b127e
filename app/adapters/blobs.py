"""Content-addressed blob storage on the local filesystem (sha256 of the bytes).

A blob is written to a temporary file in the same filesystem, fsynced, then renamed to
`<root>/<aa>/<bb>/<sha256>`: a half-written blob is never visible under its final name, and
the client's file name is never part of any path.
"""

import hashlib
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PDF_MAGIC = b"%PDF-"
_CHUNK = 1024 * 1024


class BlobTooLarge(Exception):
    pass


class NotAPdf(Exception):
    pass


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    path: Path


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "tmp").mkdir(parents=True, exist_ok=True)

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a sha256 hex digest")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put_pdf(self, chunks: Iterable[bytes], *, max_bytes: int) -> StoredBlob:
        """Stream chunks to storage, checking the PDF magic and the size cap as they arrive."""
        tmp = self.root / "tmp" / f"{uuid.uuid4().hex}.part"
        digest, size, head = hashlib.sha256(), 0, b""
        try:
            with tmp.open("wb") as fh:
                for chunk in chunks:
                    if len(head) < 1024:
                        head += chunk[: 1024 - len(head)]
                        if len(head) >= len(PDF_MAGIC) and PDF_MAGIC not in head[:1024]:
                            raise NotAPdf("The file does not start with the PDF signature (%PDF-)")
                    size += len(chunk)
                    if size > max_bytes:
                        raise BlobTooLarge(f"Upload exceeds the {max_bytes} byte limit")
                    digest.update(chunk)
                    fh.write(chunk)
                fh.flush()
                os.fsync(fh.fileno())
            if PDF_MAGIC not in head[:1024]:
                raise NotAPdf("The file does not start with the PDF signature (%PDF-)")
            final = self.path_for(digest.hexdigest())
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, final)
            return StoredBlob(sha256=digest.hexdigest(), size=size, path=final)
        finally:
            tmp.unlink(missing_ok=True)

    def read(self, sha256: str) -> bytes:
        """The blob's bytes (FileNotFoundError if it is missing)."""
        return self.open(sha256).read_bytes()

    def open(self, sha256: str) -> Path:
        path = self.path_for(sha256)
        if not path.is_file():
            raise FileNotFoundError(sha256)
        return path
