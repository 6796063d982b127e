"""Crash test: is every acknowledged upload still there after `kill -9`?

    python bench/crash.py --kills 100                      # SQLite, 100 SIGKILLs
    python bench/crash.py --kills 100 --database-url postgresql+psycopg://...
    python bench/crash.py --kills 8 --check --json         # the CI test

Each round starts the server (`uvicorn`, one process, parse queue on), sends a burst of
concurrent uploads of distinct PDFs and kills the server's whole process group with SIGKILL
right after the first acknowledgements (201) arrive, while other uploads and parses are in
flight. After the last round the server is started once more and left to drain the parse
queue. Then, for every acknowledged upload: the document must exist, its bytes must be the
bytes sent, and it must end `parsed`. Nothing may be parsed twice: each document row has
exactly one stored "upload" assessment snapshot (one per committed parse) and no two rows
share a file. Prints the figures; `--check` exits 1 unless nothing was lost or doubled.
"""

import argparse
import hashlib
import json
import os
import queue
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import REPO, SECRET, free_port, make_pdf, token, wait_until_ready


@dataclass
class Acknowledged:
    document_id: str
    sha256: str


@dataclass
class Tally:
    acknowledged: list[Acknowledged] = field(default_factory=list)
    unanswered: int = 0
    refused: int = 0


class Server:
    """One `uvicorn` process in its own process group (so SIGKILL takes its children too)."""

    def __init__(self, data_dir: Path, database_url: str | None, parse_timeout: float) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "ASSAY_ENV": "test",
            "ASSAY_DATA_DIR": str(data_dir),
            "ASSAY_JWT_SECRET": SECRET,
            "ASSAY_RECHECK_ENABLED": "false",
            "ASSAY_LOG_LEVEL": "WARNING",
            "ASSAY_OCR_ENABLED": "false",
            "ASSAY_PARSE_TIMEOUT_SECONDS": str(parse_timeout),
            "PYTHONPATH": str(REPO),
        }
        if database_url:
            self.env["ASSAY_DATABASE_URL"] = database_url
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        cmd = [sys.executable, "-m", "uvicorn", "bench.load:app_factory", "--factory"]
        cmd += ["--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"]
        log = (self.data_dir / "server.log").open("ab")
        self.proc = subprocess.Popen(
            cmd, cwd=REPO, env=self.env, stdout=log, stderr=log, start_new_session=True
        )
        log.close()
        wait_until_ready(self.base, self.proc, self.data_dir / "server.log", poll=0.05)

    def kill(self) -> None:
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()


def _upload(base: str, headers: dict[str, str], vendor_id: str, acks: "queue.Queue[Any]") -> None:
    pdf = BASE_PDF + f"\n%crash {uuid.uuid4()}\n".encode()
    files = {"file": ("crash.pdf", pdf, "application/pdf")}
    try:
        response = httpx.post(
            f"{base}/api/v1/vendors/{vendor_id}/documents", files=files, headers=headers, timeout=30
        )
    except httpx.HTTPError:
        acks.put(None)  # no answer: not acknowledged
        return
    if response.status_code == 201:
        acks.put(Acknowledged(response.json()["id"], hashlib.sha256(pdf).hexdigest()))
    else:
        acks.put(response.status_code)


BASE_PDF = b""


def round_of_uploads(
    server: Server, headers: dict[str, str], vendor_id: str, burst: int, rng: random.Random
) -> Tally:
    """Send `burst` uploads at once; SIGKILL right after the first acknowledgement(s)."""
    acks: queue.Queue[Any] = queue.Queue()
    threads = [
        threading.Thread(target=_upload, args=(server.base, headers, vendor_id, acks))
        for _ in range(burst)
    ]
    for thread in threads:
        thread.start()
    kill_after, seen, tally = rng.randint(1, max(1, burst // 2)), 0, Tally()
    while seen < burst:
        result = acks.get(timeout=60)
        seen += 1
        if isinstance(result, Acknowledged):
            tally.acknowledged.append(result)
            if len(tally.acknowledged) == kill_after:
                server.kill()
        elif result is None:
            tally.unanswered += 1
        else:
            tally.refused += 1
    if server.proc is not None and server.proc.poll() is None:
        server.kill()
    for thread in threads:
        thread.join()
    return tally


def wait_until_parsed(
    base: str, headers: dict[str, str], acknowledged: list[Acknowledged], deadline: float
) -> dict[str, Any]:
    """Poll until every acknowledged document left the queue; return what each ended as."""
    final: dict[str, Any] = {}
    with httpx.Client(base_url=f"{base}/api/v1", headers=headers, timeout=30) as client:
        pending = {a.document_id for a in acknowledged}
        while pending and time.monotonic() < deadline:
            for doc_id in sorted(pending):
                response = client.get(f"/documents/{doc_id}")
                if response.status_code == 404:
                    final[doc_id] = "missing"
                    pending.discard(doc_id)
                elif response.json()["status"] in {"parsed", "failed"}:
                    body = response.json()
                    # A failure is counted with its reason ("failed:attempts_exhausted").
                    final[doc_id] = body["status"] + (
                        f":{body.get('error_reason')}" if body["status"] == "failed" else ""
                    )
                    pending.discard(doc_id)
            if pending:
                time.sleep(0.5)
        for doc_id in pending:
            final[doc_id] = "still_queued"
        for ack in acknowledged:
            if final[ack.document_id] == "missing":
                continue
            body = client.get(f"/documents/{ack.document_id}/file")
            if body.status_code != 200 or hashlib.sha256(body.content).hexdigest() != ack.sha256:
                final[ack.document_id] = "bytes_differ"
    return final


def database_counts(database_url: str, vendor_id: str) -> dict[str, int]:
    from sqlalchemy import func, select

    from app.platform.db import make_engine
    from app.platform.models import Assessment, Document

    engine = make_engine(database_url)
    vid = uuid.UUID(vendor_id)
    with engine.connect() as conn:
        rows = conn.scalar(select(func.count()).where(Document.vendor_id == vid)) or 0
        files = (
            conn.scalar(
                select(func.count(func.distinct(Document.sha256))).where(Document.vendor_id == vid)
            )
            or 0
        )
        snapshots = (
            conn.scalar(
                select(func.count()).where(
                    Assessment.vendor_id == vid, Assessment.trigger == "upload"
                )
            )
            or 0
        )
        unfinished = (
            conn.scalar(
                select(func.count()).where(
                    Document.vendor_id == vid, Document.status.in_(["received", "parsing"])
                )
            )
            or 0
        )
    engine.dispose()
    return {"rows": rows, "files": files, "upload_snapshots": snapshots, "unfinished": unfinished}


def blob_files(blob_dir: Path) -> int:
    return sum(1 for p in blob_dir.glob("??/??/*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--burst", type=int, default=6, help="concurrent uploads per round")
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temp dir")
    parser.add_argument("--parse-timeout", type=float, default=10.0)
    parser.add_argument("--drain-seconds", type=float, default=180.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    global BASE_PDF
    BASE_PDF = make_pdf("Crash test upload")
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="assay-crash-") as tmp:
        data_dir = Path(tmp)
        from app.platform import migrate

        database_url = args.database_url or f"sqlite:///{data_dir / 'assay.db'}"
        migrate.upgrade(database_url)
        server = Server(data_dir, database_url, args.parse_timeout)
        headers = {"Authorization": f"Bearer {token(['admin'])}"}
        server.start()
        vendor = httpx.post(
            f"{server.base}/api/v1/vendors", json={"name": "Crash Test Vendor"}, headers=headers
        )
        vendor_id = vendor.raise_for_status().json()["id"]
        total = Tally()
        started = time.monotonic()
        for _ in range(args.kills):
            if server.proc is None or server.proc.poll() is not None:
                server.start()
            tally = round_of_uploads(server, headers, vendor_id, args.burst, rng)
            total.acknowledged += tally.acknowledged
            total.unanswered += tally.unanswered
            total.refused += tally.refused
        kill_seconds = time.monotonic() - started
        server.start()
        try:
            deadline = time.monotonic() + args.drain_seconds
            final = wait_until_parsed(server.base, headers, total.acknowledged, deadline)
            # Uploads committed but never acknowledged (killed in between) drain too; an
            # abandoned claim among them waits for the queue's stale-claim limit.
            counts = database_counts(database_url, vendor_id)
            while counts["unfinished"] and time.monotonic() < deadline:
                time.sleep(1)
                counts = database_counts(database_url, vendor_id)
        finally:
            server.stop()
        counts = database_counts(database_url, vendor_id)
        blobs = blob_files(data_dir / "blobs")
    outcomes: dict[str, int] = {}
    for status in final.values():
        outcomes[status] = outcomes.get(status, 0) + 1
    lost = sum(n for s, n in outcomes.items() if s in {"missing", "bytes_differ"})
    report = {
        "database": "postgresql" if args.database_url else "sqlite",
        "kills": args.kills,
        "seconds": round(kill_seconds, 1),
        "uploads_acknowledged": len(total.acknowledged),
        "uploads_unanswered": total.unanswered,
        "uploads_refused": total.refused,
        "acknowledged_lost": lost,
        "acknowledged_outcomes": outcomes,
        "document_rows": counts["rows"],
        "distinct_files": counts["files"],
        "upload_snapshots": counts["upload_snapshots"],
        "rows_left_unparsed": counts["unfinished"],
        "parsed_twice": max(0, counts["upload_snapshots"] - counts["rows"]),
        "orphan_blobs_left": blobs - counts["files"],
    }
    print(json.dumps(report, indent=None if args.json else 2))
    ok = (
        lost == 0
        and outcomes.get("parsed", 0) == len(total.acknowledged)
        and counts["rows"] == counts["files"] == counts["upload_snapshots"]
        and counts["unfinished"] == 0
    )
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
