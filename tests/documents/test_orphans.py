"""Orphan blobs (written, never committed) are swept after a grace period; referenced,
recent and deleted-document files are kept."""

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from app.adapters.blobs import BlobStore
from app.documents.orphans import sweep_at_startup, sweep_orphan_blobs
from app.main import create_app
from app.platform.auth import Role
from app.platform.settings import Settings
from tests.appstate import app_state
from tests.pdfs import make_pdf

Auth = Callable[..., dict[str, str]]
HOUR = 3600


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_only_old_unreferenced_files_are_deleted(client: TestClient, auth: Auth) -> None:
    headers = auth(Role.procurement)
    vid = client.post("/api/v1/vendors", json={"name": "Orphan Ltd"}, headers=headers).json()["id"]
    kept = client.post(
        f"/api/v1/vendors/{vid}/documents",
        files={"file": ("kept.pdf", make_pdf("kept"), "application/pdf")},
        headers=headers,
    ).json()
    deleted_doc = client.post(
        f"/api/v1/vendors/{vid}/documents",
        files={"file": ("gone.pdf", make_pdf("soft deleted"), "application/pdf")},
        headers=headers,
    ).json()
    assert client.delete(f"/api/v1/documents/{deleted_doc['id']}", headers=headers).is_success
    store: BlobStore = app_state(client).blobs
    orphan_old = store.put_pdf([make_pdf("never committed")], max_bytes=10**6).path
    orphan_young = store.put_pdf([make_pdf("in flight")], max_bytes=10**6).path
    partial = store.root / "tmp" / "crashed.part"
    partial.write_bytes(b"%PDF-half")
    for path in (
        store.open(kept["sha256"]),
        store.open(deleted_doc["sha256"]),
        orphan_old,
        partial,
    ):
        _age(path, 2 * HOUR)

    with app_state(client).sessions() as session:
        result = sweep_orphan_blobs(
            session, store=store, now=datetime.now(UTC), grace=timedelta(hours=1)
        )

    assert (result.deleted, result.partials_deleted) == (1, 1)
    assert not orphan_old.exists() and not partial.exists()
    assert orphan_young.exists()
    assert store.open(kept["sha256"]).exists() and store.open(deleted_doc["sha256"]).exists()
    download = client.get(f"/api/v1/documents/{kept['id']}/file", headers=headers)
    assert download.status_code == 200


def test_the_sweep_runs_at_start_up(settings: Settings) -> None:
    with TestClient(create_app(settings, start_background=False)) as client:
        store: BlobStore = app_state(client).blobs
        orphan = store.put_pdf([make_pdf("left by a crash")], max_bytes=10**6).path
        _age(orphan, settings.orphan_blob_minutes * 60 + 60)
    with TestClient(create_app(settings, start_background=False)):
        assert not orphan.exists()


def test_a_failing_sweep_never_stops_the_start(settings: Settings, tmp_path: Path) -> None:
    class Broken:
        def __call__(self) -> None:
            raise RuntimeError("database down")

    store = BlobStore(tmp_path / "blobs")
    assert sweep_at_startup(Broken(), store=store, settings=settings) is None  # type: ignore[arg-type]
