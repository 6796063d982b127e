"""Queue benchmark (issue 14 point 4): the same uploads through each queue engine on PostgreSQL.

    python bench/queue_engines.py --database-url postgresql+psycopg://postgres:postgres@127.0.0.1:5432/postgres
    python bench/queue_engines.py --database-url ... --documents 200 --workers 3 --json

For each engine in one run (procrastinate, the default on PostgreSQL, and the built-in loop,
`ASSAY_QUEUE_ENGINE=builtin`): a fresh database, one stateless API replica (`assay serve
--no-workers`) and `--workers` processes of `assay worker --job parse`; `--documents` distinct
one-page PDFs are uploaded through the API by 8 concurrent clients. It prints, per engine, the
seconds from the first upload until every document is parsed, documents per second, and the
latency of each document from its upload to its recorded parse (p50 / p95 / max, from the
documents table), then the procrastinate / built-in ratios. Timings vary with the machine's
load: compare the ratios of one run.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import REPO, SECRET, free_port, make_pdf, token, wait_until_ready

ENGINES = ("procrastinate", "builtin")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_engine(
    admin_url: str, engine: str, *, documents: int, workers: int, tmp: Path
) -> dict[str, Any]:
    from app.platform import migrate

    name = f"assay_bench_queue_{engine}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        migrate.upgrade(url)
        env = {
            **os.environ,
            "ASSAY_ENV": "test",
            "ASSAY_DATABASE_URL": url,
            "ASSAY_JWT_SECRET": SECRET,
            "ASSAY_QUEUE_ENGINE": "auto" if engine == "procrastinate" else "builtin",
            "ASSAY_RECHECK_ENABLED": "false",
            "ASSAY_OCR_ENABLED": "false",
            "ASSAY_LOG_LEVEL": "WARNING",
            "ASSAY_BLOB_DIR": str(tmp / engine / "blobs"),  # shared by the replica and workers
            "PYTHONPATH": str(REPO),
        }
        port = free_port()
        api_log = tmp / f"{engine}-api.log"
        with api_log.open("wb") as log:
            api = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "app.cli",
                    "serve",
                    "--no-migrate",
                    "--no-workers",
                    "--port",
                    str(port),
                ],
                env={**env, "ASSAY_DATA_DIR": str(tmp / engine / "api")},
                stdout=log,
                stderr=log,
            )
        procs.append(api)
        base = f"http://127.0.0.1:{port}"
        wait_until_ready(base, api, api_log, poll=0.2)
        for i in range(workers):
            with (tmp / f"{engine}-worker{i}.log").open("wb") as log:
                procs.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "app.cli", "worker", "--job", "parse"],
                        env={**env, "ASSAY_DATA_DIR": str(tmp / engine / f"worker{i}")},
                        stdout=log,
                        stderr=log,
                    )
                )
        time.sleep(3)  # the workers' imports and warm parse processes
        headers = {"Authorization": f"Bearer {token(['admin'])}"}
        with httpx.Client(base_url=f"{base}/api/v1", headers=headers, timeout=60) as client:
            vendor = client.post("/vendors", json={"name": "Queue Bench"}).json()["id"]
            pdfs = [make_pdf(f"Queue bench document {i} {uuid.uuid4()}") for i in range(documents)]

            def upload(data: bytes) -> None:
                response = client.post(
                    f"/vendors/{vendor}/documents",
                    files={"file": ("doc.pdf", data, "application/pdf")},
                )
                response.raise_for_status()

            started = time.monotonic()
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(upload, pdfs))
        db = create_engine(url)
        try:
            deadline = time.monotonic() + 600
            while time.monotonic() < deadline:
                with db.connect() as conn:
                    done = conn.execute(
                        text("SELECT count(*) FROM documents WHERE status IN ('parsed', 'failed')")
                    ).scalar_one()
                if done >= documents:
                    break
                time.sleep(0.05)
            elapsed = time.monotonic() - started
            with db.connect() as conn:
                rows = conn.execute(
                    text(
                        "SELECT extract(epoch FROM parsed_at - uploaded_at), status FROM documents"
                    )
                ).all()
        finally:
            db.dispose()
        latencies = [float(r[0]) for r in rows if r[0] is not None]
        return {
            "engine": engine,
            "documents": documents,
            "parsed": sum(1 for r in rows if r[1] == "parsed"),
            "workers": workers,
            "seconds": round(elapsed, 2),
            "documents_per_second": round(documents / elapsed, 1),
            "latency_p50_s": round(_percentile(latencies, 0.50), 3),
            "latency_p95_s": round(_percentile(latencies, 0.95), 3),
            "latency_max_s": round(max(latencies), 3),
        }
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a PostgreSQL server (admin)")
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    import tempfile

    results = []
    with tempfile.TemporaryDirectory(prefix="assay-bench-queue-") as tmp:
        for engine in ENGINES:
            results.append(
                run_engine(
                    args.database_url,
                    engine,
                    documents=args.documents,
                    workers=args.workers,
                    tmp=Path(tmp),
                )
            )
    by = {r["engine"]: r for r in results}
    ratios = {
        key: round(by["procrastinate"][key] / by["builtin"][key], 2)
        for key in ("seconds", "latency_p50_s", "latency_p95_s")
        if by["builtin"][key]
    }
    if args.json:
        print(json.dumps({"results": results, "ratios": ratios}, indent=2))
        return 0
    print(
        f"{'engine':<14} {'docs':>5} {'parsed':>6} {'workers':>7} {'seconds':>8} {'docs/s':>7}"
        f" {'p50 s':>7} {'p95 s':>7} {'max s':>7}"
    )
    for r in results:
        print(
            f"{r['engine']:<14} {r['documents']:>5} {r['parsed']:>6} {r['workers']:>7}"
            f" {r['seconds']:>8} {r['documents_per_second']:>7} {r['latency_p50_s']:>7}"
            f" {r['latency_p95_s']:>7} {r['latency_max_s']:>7}"
        )
    print("procrastinate / built-in:", ", ".join(f"{k} {v}x" for k, v in ratios.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
