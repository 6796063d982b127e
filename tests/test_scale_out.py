"""Past one machine (issue 14 point 4): two stateless API replicas and three `assay worker`
processes on one PostgreSQL database and one S3 server (moto's standalone server), sharing
no disk. 200 documents are uploaded through both replicas; a worker is killed (SIGKILL)
while it holds a parse claim; every document still ends parsed, exactly once; then a
re-check run is worked by several workers, batch by batch."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from app.platform.auth import Role, issue_token
from app.platform.db import make_engine, make_sessionmaker
from app.platform.models import Assessment, Document, RecheckBatch, RecheckRun
from app.platform.settings import Settings
from tests.conftest import POSTGRES_URL, TEST_SECRET
from tests.pdfs import make_pdf

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

DOCUMENTS = 200
VENDORS = 40


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_http(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"{url} exited: {log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    pytest.fail(f"{url} did not come up: {log.read_text()[-3000:]}")


@dataclass
class Cluster:
    database_url: str
    tmp: Path
    env: dict[str, str]
    apis: list[str] = field(default_factory=list)
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, name: str, argv: list[str], **extra: str) -> subprocess.Popen[bytes]:
        data_dir = self.tmp / name  # every process its own disk: nothing shared but PG and S3
        env = {**self.env, "ASSAY_DATA_DIR": str(data_dir), **extra}
        with (self.tmp / f"{name}.log").open("wb") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "app.cli", *argv], env=env, stdout=log, stderr=log
            )
        self.procs.append(proc)
        return proc

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture
def cluster(database_url: str, tmp_path: Path) -> Iterator[Cluster]:
    if not database_url.startswith("postgresql"):
        pytest.skip("the scale-out test runs on PostgreSQL")
    s3_port = _port()
    with (tmp_path / "s3.log").open("wb") as s3_log:
        s3 = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(s3_port)],
            stdout=s3_log,
            stderr=s3_log,
        )
    endpoint = f"http://127.0.0.1:{s3_port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSAY_")}
    env.update(
        ASSAY_ENV="test",
        ASSAY_DATABASE_URL=database_url,
        ASSAY_JWT_SECRET=TEST_SECRET,
        ASSAY_BLOB_URL="s3://assay-scale/blobs",
        ASSAY_S3_ENDPOINT_URL=endpoint,
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",
        AWS_DEFAULT_REGION="us-east-1",
        ASSAY_RECHECK_ENABLED="0",
        ASSAY_LOG_LEVEL="WARNING",
        ASSAY_OCR_ENABLED="0",
        ASSAY_PARSE_LEASE_SECONDS="3",
        ASSAY_WORKER_POLL_SECONDS="5",  # wake-ups travel by NOTIFY; the poll is a fallback
        ASSAY_RECHECK_BATCH_SIZE="1",
    )
    c = Cluster(database_url=database_url, tmp=tmp_path, env=env)
    c.procs.append(s3)
    try:
        import boto3

        deadline = time.monotonic() + 30
        while True:
            try:
                boto3.client(
                    "s3",
                    endpoint_url=endpoint,
                    aws_access_key_id="test",
                    aws_secret_access_key="test",
                    region_name="us-east-1",
                ).create_bucket(Bucket="assay-scale")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        for i in range(2):
            port = _port()
            name = f"api{i}"
            proc = c.start(name, ["serve", "--no-migrate", "--no-workers", "--port", str(port)])
            c.apis.append(f"http://127.0.0.1:{port}")
            _wait_http(f"http://127.0.0.1:{port}/healthz", proc, tmp_path / f"{name}.log")
        for i in range(3):
            c.workers.append(c.start(f"worker{i}", ["worker"]))
        yield c
    finally:
        c.stop()


def _token(database_url: str, tmp: Path) -> str:
    settings = Settings(
        env="test", data_dir=tmp / "tokens", database_url=database_url, jwt_secret=TEST_SECRET
    )
    return issue_token(
        settings, TEST_SECRET, subject="scale", roles=[Role.admin], ttl=timedelta(hours=1)
    )


def _pid(claimed_by: str | None) -> int | None:
    match = re.match(r"[^:]*:(\d+):", claimed_by or "")
    return int(match.group(1)) if match else None


@pytest.mark.skipif(not POSTGRES_URL, reason="ASSAY_TEST_POSTGRES_URL not set")
def test_two_replicas_three_workers_one_database_one_bucket(cluster: Cluster) -> None:
    headers = {"Authorization": f"Bearer {_token(cluster.database_url, cluster.tmp)}"}
    apis = [httpx.Client(base_url=f"{b}/api/v1", headers=headers, timeout=60) for b in cluster.apis]
    vendors = [
        apis[i % 2].post("/vendors", json={"name": f"Vendor {i}"}).json()["id"]
        for i in range(VENDORS)
    ]

    def upload(i: int) -> str:
        pdf = make_pdf(f"Scope statement {i}", f"Scope: the systems of Vendor {i % VENDORS}")
        response = apis[i % 2].post(
            f"/vendors/{vendors[i % VENDORS]}/documents",
            files={"file": (f"scope{i}.pdf", pdf, "application/pdf")},
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    with ThreadPoolExecutor(8) as pool:
        uploaded = list(pool.map(upload, range(DOCUMENTS)))
    assert len(set(uploaded)) == DOCUMENTS

    engine = make_engine(cluster.database_url)
    sessions = make_sessionmaker(engine)
    try:
        killed = _kill_a_worker_holding_a_claim(cluster, sessions)
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            with sessions() as session:
                waiting = session.scalar(
                    select(func.count()).where(Document.status.in_(("received", "parsing")))
                )
            if not waiting:
                break
            time.sleep(0.5)
        with sessions() as session:
            statuses = dict(
                session.execute(
                    select(Document.status, func.count()).group_by(Document.status)
                ).all()
            )
            assert statuses == {"parsed": DOCUMENTS}
            # Exactly once: each recorded parse stores one "upload" assessment of its vendor.
            upload_snapshots = session.scalar(
                select(func.count()).where(Assessment.trigger == "upload")
            )
            assert upload_snapshots == DOCUMENTS
            taken_over = session.get(Document, killed)
            assert taken_over is not None and taken_over.attempts >= 2
            # The work went through procrastinate's queue: no job is left waiting or held.
            left = session.execute(
                text(
                    "SELECT count(*) FROM procrastinate_jobs WHERE queue_name = 'parse'"
                    " AND status IN ('todo', 'doing')"
                )
            ).scalar_one()
            assert left == 0
        for i in range(3):
            assert "(engine: procrastinate)" in (cluster.tmp / f"worker{i}.log").read_text()
        # Every blob is in the bucket, readable by any replica.
        doc = apis[1].get(f"/documents/{uploaded[0]}/file")
        assert doc.status_code == 200 and doc.content.startswith(b"%PDF-")

        # A re-check run, queued from a shell, partitioned in batches across the workers. As of
        # a day before the one the vendors were assessed as of, every vendor needs a look.
        queued = subprocess.run(
            [sys.executable, "-m", "app.cli", "recheck", "--queue-only", "--as-of", "2020-01-01"],
            env={**cluster.env, "ASSAY_DATA_DIR": str(cluster.tmp / "cli")},
            capture_output=True,
            text=True,
            check=True,
        )
        run_id = queued.stdout.strip().splitlines()[-1]
        run = apis[0].get(f"/rechecks/{run_id}").json()
        deadline = time.monotonic() + 120
        while (
            run["status"] not in ("succeeded", "partial", "failed") and time.monotonic() < deadline
        ):
            time.sleep(0.5)
            run = apis[0].get(f"/rechecks/{run_id}").json()
        assert run["status"] == "succeeded", run
        assert run["batches_total"] == VENDORS and run["vendors_checked"] == VENDORS
        with sessions() as session:
            owners = {
                _pid(b)
                for b in session.scalars(
                    select(RecheckBatch.claimed_by).where(RecheckBatch.run_id == run_id)
                )
            }
            assert session.get(RecheckRun, run_id) is not None
        alive = {w.pid for w in cluster.workers if w.poll() is None}
        assert len(alive) >= 2
        assert owners <= alive and len(owners) >= 2, owners
    finally:
        engine.dispose()
        for api in apis:
            api.close()


def _kill_a_worker_holding_a_claim(cluster: Cluster, sessions: sessionmaker[Session]) -> str:
    """SIGKILL a worker process while it holds a parse claim; returns that document. A kill
    that lands just after the worker recorded its document does not count: the worker is
    replaced and another is killed."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        pids = {w.pid: w for w in cluster.workers if w.poll() is None}
        with sessions() as session:
            held = session.execute(
                select(Document.id, Document.claimed_by).where(Document.status == "parsing")
            ).all()
        for doc_id, owner in held:
            pid = _pid(owner)
            if pid not in pids:
                continue
            os.kill(pid, signal.SIGKILL)
            pids[pid].wait(10)
            with sessions() as session:
                doc = session.get(Document, doc_id)
                assert doc is not None
                mid_parse = doc.status == "parsing" and _pid(doc.claimed_by) == pid
            if mid_parse:
                return str(doc_id)
            cluster.workers.append(cluster.start(f"worker{len(cluster.workers)}", ["worker"]))
            break
        time.sleep(0.01)
    pytest.fail("no worker was ever seen holding a parse claim")
