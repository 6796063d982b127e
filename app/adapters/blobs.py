"""Content-addressed blob storage (sha256 of the bytes): the local filesystem (embedded
default), or S3-compatible object storage with the filesystem as a cache.

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
from typing import Any

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


class S3BlobStore(BlobStore):
    """Blobs in S3-compatible object storage (AWS S3, MinIO, Ceph, ...), for replicas that
    share no disk: `s3://bucket/prefix`, credentials from the usual AWS variables.

    Uploads are streamed to a local file (checked and hashed as for the filesystem store),
    then put under `<prefix>/<aa>/<bb>/<sha256>` before the caller commits its row, so a
    committed row always has its object. The local directory doubles as a read-through
    cache: blobs are content-addressed and never change, so a cached copy is never stale.
    """

    def __init__(
        self, url: str, *, cache_dir: Path, endpoint_url: str | None = None, client: Any = None
    ) -> None:
        super().__init__(cache_dir)
        if not url.startswith("s3://"):
            raise ValueError(f"not an s3:// URL: {url!r}")
        self.bucket, _, prefix = url[len("s3://") :].partition("/")
        self.prefix = prefix.strip("/")
        if client is None:
            import boto3  # only deployments with object storage pay for the import

            client = boto3.client("s3", endpoint_url=endpoint_url)
        self._s3 = client

    def key_for(self, sha256: str) -> str:
        relative = self.path_for(sha256).relative_to(self.root).as_posix()
        return f"{self.prefix}/{relative}" if self.prefix else relative

    def put_pdf(self, chunks: Iterable[bytes], *, max_bytes: int) -> StoredBlob:
        blob = super().put_pdf(chunks, max_bytes=max_bytes)
        key = self.key_for(blob.sha256)
        if not self._exists(key):
            self._s3.upload_file(str(blob.path), self.bucket, key)
        return blob

    def _exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self._s3.head_object(Bucket=self.bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise
        return True

    def open(self, sha256: str) -> Path:
        path = self.path_for(sha256)
        if path.is_file():
            return path
        from botocore.exceptions import ClientError

        tmp = self.root / "tmp" / f"{uuid.uuid4().hex}.part"
        try:
            self._s3.download_file(self.bucket, self.key_for(sha256), str(tmp))
        except ClientError as exc:
            tmp.unlink(missing_ok=True)
            raise FileNotFoundError(sha256) from exc
        path.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, path)
        return path
