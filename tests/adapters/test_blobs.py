"""Blob stores: the filesystem (embedded) and S3-compatible object storage (moto's server on
loopback), content-addressed, checked while streaming, readable from another replica."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.adapters.blobs import BlobStore, BlobTooLarge, NotAPdf, S3BlobStore
from tests.pdfs import make_pdf


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    moto_server = pytest.importorskip("moto.server")
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


def _bucket(endpoint: str, name: str) -> None:
    import boto3

    boto3.client("s3", endpoint_url=endpoint).create_bucket(Bucket=name)


def test_filesystem_store_round_trip_and_checks(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    data = make_pdf("hello")
    blob = store.put_pdf([data[:10], data[10:]], max_bytes=10_000)
    assert store.read(blob.sha256) == data
    with pytest.raises(NotAPdf):
        store.put_pdf([b"GIF89a..."], max_bytes=10_000)
    with pytest.raises(BlobTooLarge):
        store.put_pdf([data], max_bytes=10)
    with pytest.raises(FileNotFoundError):
        store.read("0" * 64)


@pytest.mark.usefixtures("s3_env")
def test_s3_store_is_shared_by_replicas(tmp_path: Path, s3_endpoint: str) -> None:
    _bucket(s3_endpoint, "assay-test")
    url = "s3://assay-test/blobs"
    first = S3BlobStore(url, cache_dir=tmp_path / "a", endpoint_url=s3_endpoint)
    data = make_pdf("shared")
    blob = first.put_pdf([data], max_bytes=100_000)
    assert first.key_for(blob.sha256).startswith("blobs/")
    # Another replica with an empty cache reads the object, and caches it.
    second = S3BlobStore(url, cache_dir=tmp_path / "b", endpoint_url=s3_endpoint)
    assert not second.path_for(blob.sha256).exists()
    assert second.read(blob.sha256) == data
    assert second.path_for(blob.sha256).exists()
    # Uploading the same bytes again is idempotent.
    assert second.put_pdf([data], max_bytes=100_000).sha256 == blob.sha256
    with pytest.raises(FileNotFoundError):
        second.read("f" * 64)
    with pytest.raises(NotAPdf):
        second.put_pdf([b"not a pdf at all"], max_bytes=100_000)
