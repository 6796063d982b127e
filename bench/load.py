"""Load benchmark: drives the HTTP API over loopback with many concurrent clients.

    python bench/load.py                          # 50, 100, 200 clients, 20 s each, mixed routes
    python bench/load.py --clients 200 --mix assessment --duration 15   # assessment reads only
    python bench/load.py --database-url postgresql+psycopg://...       # on PostgreSQL
    python bench/load.py --clients 50 --duration 20 --check            # the CI soak
    python bench/load.py --clients '' --rate 500,800,1000 --mix assessment   # open loop

It starts `uvicorn` with `--workers N` (default 2, one per core) on a fresh data dir, seeds
vendors with stored assessments and documents, then runs each client count for `--duration`
seconds. The mixed workload is GET vendor list 30 %, GET assessment 40 %, GET document 27 %
and uploads of new PDFs 3 %. It prints requests/s, p50/p95/p99 per route, the status codes
that were not 2xx, the server's memory (all its processes) at start and end, and, for
uploads, how many acknowledged (201) uploads could not be read back afterwards ("lost").
`--check` exits 1 on any 5xx or lost upload (never on timings); `--json` prints the figures
as one JSON object.

Two ways to load the server. Closed loop (`--clients N`): N clients each send a request as
soon as the previous answer arrived, so the offered load falls when the server slows down and
the mean latency is N / (requests/s) by Little's law, whatever the server does. Open loop
(`--rate R`): requests arrive at R per second on a fixed schedule whatever the answers, as
wrk2 and locust's constant throughput do, and each latency is measured from the request's
scheduled time (a server that falls behind is charged for the queue it built): this is the
honest latency figure at a given throughput.

The clients are asyncio coroutines speaking HTTP/1.1 keep-alive over raw streams: on a
2-core machine the load generator shares the CPU with the server, and a full HTTP client
library would spend more CPU per request than the server's read path does.
"""

import argparse
import asyncio
import contextlib
import io
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import psutil

REPO = Path(__file__).resolve().parent.parent
SECRET = "bench-secret-" + "s" * 40
MIXES = {
    "mixed": {"vendors": 30, "assessment": 40, "document": 27, "upload": 3},
    "assessment": {"assessment": 100},
    "reads": {"vendors": 30, "assessment": 40, "document": 30},
}


def app_factory() -> Any:
    """The ASGI app for `uvicorn --factory` (settings from ASSAY_* variables)."""
    from app.main import create_app
    from app.platform.settings import Settings

    return create_app(Settings())


def make_pdf(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=True)
    pdf.drawString(50, 800, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def wait_until_ready(
    base: str, proc: "subprocess.Popen[bytes]", log_path: Path, *, poll: float
) -> None:
    """Wait up to 60 s for the server's `/readyz`; raise (naming its log) if it never is."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            break
        time.sleep(poll)
    raise RuntimeError(f"server did not start; see {log_path}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`uvicorn --workers N` on a fresh data dir; memory summed over all its processes."""

    def __init__(self, data_dir: Path, database_url: str | None, workers: int) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "ASSAY_ENV": "test",
            "ASSAY_DATA_DIR": str(data_dir),
            "ASSAY_JWT_SECRET": SECRET,
            "ASSAY_RECHECK_ENABLED": "false",
            "ASSAY_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(REPO),
        }
        if database_url:
            self.env["ASSAY_DATABASE_URL"] = database_url
        self.workers = workers
        self.log_path = data_dir / "server.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        from app.platform import migrate
        from app.platform.settings import Settings

        settings = Settings(_env_file=None, **_settings_from(self.env))  # type: ignore[call-arg]
        migrate.upgrade(settings.resolved_database_url)
        cmd = [sys.executable, "-m", "uvicorn", "bench.load:app_factory", "--factory"]
        cmd += ["--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers)]
        cmd += ["--no-access-log", "--log-level", "warning"]
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(cmd, cwd=REPO, env=self.env, stdout=log, stderr=log)
        wait_until_ready(self.base, self.proc, self.log_path, poll=0.2)

    def memory_mb(self) -> float:
        assert self.proc is not None
        root = psutil.Process(self.proc.pid)
        procs = [root, *root.children(recursive=True)]
        total = 0
        for proc in procs:
            with contextlib.suppress(psutil.NoSuchProcess):
                total += proc.memory_info().rss
        return total / 2**20

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the server's processes."""
        assert self.proc is not None
        root = psutil.Process(self.proc.pid)
        total = 0.0
        for proc in [root, *root.children(recursive=True)]:
            with contextlib.suppress(psutil.NoSuchProcess):
                times = proc.cpu_times()
                total += times.user + times.system
        return total

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _settings_from(env: dict[str, str]) -> dict[str, Any]:
    keys = {"ASSAY_DATA_DIR": "data_dir", "ASSAY_DATABASE_URL": "database_url"}
    return {name: env[key] for key, name in keys.items() if key in env}


def token(roles: list[str]) -> str:
    from app.platform.auth import Role, issue_token
    from app.platform.settings import Settings

    settings = Settings(_env_file=None, jwt_secret=SECRET)  # type: ignore[call-arg]
    return issue_token(
        settings, SECRET, subject="bench", roles=[Role(r) for r in roles], ttl=timedelta(hours=2)
    )


@dataclass
class Fixture:
    vendor_ids: list[str]
    document_ids: list[str]
    headers: dict[str, str]


def seed(base: str, *, vendors: int, documents: int) -> Fixture:
    """Vendors with a stored assessment each, and `documents` uploaded PDFs."""
    headers = {"Authorization": f"Bearer {token(['admin'])}"}
    vendor_ids, document_ids = [], []
    with httpx.Client(base_url=f"{base}/api/v1", headers=headers, timeout=60) as client:
        for i in range(vendors):
            body = {"name": f"Bench Vendor {i:04d}", "legal_names": [f"Bench Vendor {i:04d} Ltd"]}
            vid = client.post("/vendors", json=body).raise_for_status().json()["id"]
            vendor_ids.append(vid)
            if i < documents:
                pdf = make_pdf(f"Bench document {i} {uuid.uuid4()}")
                files = {"file": (f"doc{i}.pdf", pdf, "application/pdf")}
                response = _retry_404(
                    lambda vid=vid, files=files: client.post(
                        f"/vendors/{vid}/documents", files=files
                    )
                )
                document_ids.append(response.json()["id"])
            _retry_404(lambda vid=vid: client.post(f"/vendors/{vid}/assessments"))
        _wait_parsed(client, document_ids)
    return Fixture(vendor_ids, document_ids, headers)


def _retry_404(call: Any) -> httpx.Response:
    # A server that acknowledges before it commits (the bug this project fixed) answers 404
    # for a moment after a 201; retried so the benchmark can measure such a server too.
    for _ in range(50):
        response = call()
        if response.status_code != 404:
            return response.raise_for_status()
        time.sleep(0.05)
    return response.raise_for_status()


def _wait_parsed(client: httpx.Client, document_ids: list[str], timeout: float = 600) -> None:
    """Measure reads, not the seed documents' parsing: wait until the queue is drained."""
    deadline, pending = time.monotonic() + timeout, set(document_ids)
    while pending and time.monotonic() < deadline:
        for doc_id in sorted(pending):
            if client.get(f"/documents/{doc_id}").json().get("status") in {"parsed", "failed"}:
                pending.discard(doc_id)
        time.sleep(0.5 if pending else 0)


class Connection:
    """One keep-alive HTTP/1.1 connection: request in, (status, body) out."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, head: bytes, body: bytes = b"") -> tuple[int, bytes]:
        for attempt in (1, 2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            try:
                self.writer.write(head + body)
                return await self._response()
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _response(self) -> tuple[int, bytes]:
        assert self.reader is not None
        lines = (await self.reader.readuntil(b"\r\n\r\n")).split(b"\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
        if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            body = b""
            while size := int((await self.reader.readuntil(b"\r\n")).strip(), 16):
                body += (await self.reader.readexactly(size + 2))[:-2]
            await self.reader.readuntil(b"\r\n")
        else:
            body = await self.reader.readexactly(int(headers.get(b"content-length", b"0")))
        if headers.get(b"connection", b"").lower() == b"close":
            await self.close()
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(ConnectionError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    failures: int = 0
    acknowledged: list[str] = field(default_factory=list)
    client_cpu_seconds: float = 0.0


def _get(path: str, auth: bytes) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: bench\r\n".encode() + auth + b"\r\n"


def _upload(vendor_id: str, auth: bytes) -> tuple[bytes, bytes]:
    boundary = uuid.uuid4().hex
    pdf = BASE_PDF + f"\n%bench {uuid.uuid4()}\n".encode()
    body = (
        (
            f"--{boundary}\r\nContent-Disposition: form-data; name=file; filename=load.pdf\r\n"
            f"Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + pdf
        + f"\r\n--{boundary}--\r\n".encode()
    )
    head = (
        (
            f"POST /api/v1/vendors/{vendor_id}/documents HTTP/1.1\r\nHost: bench\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
            f"Content-Length: {len(body)}\r\n"
        ).encode()
        + auth
        + b"\r\n"
    )
    return head, body


BASE_PDF = b""


def build_request(
    route: str, rng: random.Random, fixture: Fixture, auth: bytes
) -> tuple[bytes, bytes]:
    """The request bytes (head, body) for one request of `route` on a random vendor."""
    if route == "vendors":
        return _get(f"/api/v1/vendors?limit=20&offset={rng.randrange(0, 30)}", auth), b""
    if route == "assessment":
        return _get(f"/api/v1/vendors/{rng.choice(fixture.vendor_ids)}/assessment", auth), b""
    if route == "document":
        return _get(f"/api/v1/documents/{rng.choice(fixture.document_ids)}", auth), b""
    return _upload(rng.choice(fixture.vendor_ids), auth)


def _auth(fixture: Fixture) -> bytes:
    return f"Authorization: {fixture.headers['Authorization']}\r\n".encode()


def _record(stats: Stats, route: str, status: int, payload: bytes, latency: float) -> None:
    stats.latencies[route].append(latency)
    stats.statuses[route][status] += 1
    if route == "upload" and status == 201:
        stats.acknowledged.append(json.loads(payload)["id"])


async def client_loop(
    port: int, fixture: Fixture, mix: dict[str, int], until: float, stats: Stats, seed: int
) -> None:
    """Closed loop: one connection, the next request as soon as the last answer arrived."""
    rng = random.Random(seed)
    auth = _auth(fixture)
    routes, weights = list(mix), list(mix.values())
    conn = Connection(port)
    try:
        while time.monotonic() < until:
            route = rng.choices(routes, weights)[0]
            head, body = build_request(route, rng, fixture, auth)
            started = time.perf_counter()
            try:
                status, payload = await conn.request(head, body)
            except (OSError, asyncio.IncompleteReadError, ValueError):
                stats.failures += 1
                await conn.close()
                continue
            _record(stats, route, status, payload, time.perf_counter() - started)
    finally:
        await conn.close()


class OpenLoop:
    """Open loop (constant throughput, as wrk2 and locust's constant pacing do): request i is
    due at `start + i / rate` whatever the server is doing, and its latency runs from that
    due time, not from when a connection was free to send it, so a server that falls behind
    is charged for the whole wait (no coordinated omission). Idle keep-alive connections are
    reused; a new one is opened when none is idle, up to `max_connections`, beyond which
    requests wait for one (and that wait counts)."""

    def __init__(self, port: int, fixture: Fixture, mix: dict[str, int], max_connections: int):
        self.port, self.fixture, self.mix = port, fixture, mix
        self.idle: list[Connection] = []
        self.slots = asyncio.Semaphore(max_connections)
        self.stats = Stats()
        self.outstanding = 0
        self.peak_outstanding = 0
        self.last_answer = 0.0

    async def one(self, route: str, head: bytes, body: bytes, due: float) -> None:
        self.outstanding += 1
        self.peak_outstanding = max(self.peak_outstanding, self.outstanding)
        try:
            async with self.slots:
                conn = self.idle.pop() if self.idle else Connection(self.port)
                try:
                    status, payload = await conn.request(head, body)
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    self.stats.failures += 1
                    await conn.close()
                    return
                self.idle.append(conn)
            self.last_answer = time.perf_counter()
            _record(self.stats, route, status, payload, self.last_answer - due)
        finally:
            self.outstanding -= 1

    async def run(self, rate: float, duration: float, seed: int = 0) -> tuple[int, float, float]:
        """Send for `duration` seconds at `rate` per second, then wait (at most 30 s) for
        the answers; returns the requests sent, the sending time, and the time from the
        first request to the end of sending or the last answer, whichever came later."""
        rng = random.Random(seed)
        auth = _auth(self.fixture)
        routes, weights = list(self.mix), list(self.mix.values())
        tasks: set[asyncio.Task[None]] = set()
        start = time.perf_counter()
        total = int(rate * duration)
        for i in range(total):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            route = rng.choices(routes, weights)[0]
            head, body = build_request(route, rng, self.fixture, auth)
            task = asyncio.create_task(self.one(route, head, body, due))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
        sent_for = time.perf_counter() - start
        if tasks:
            await asyncio.wait(tasks, timeout=30)
        for task in list(tasks):  # no answer within 30 s: counted as a failure
            task.cancel()
            self.stats.failures += 1
        for conn in self.idle:
            await conn.close()
        return total, sent_for, max(sent_for, self.last_answer - start)


def run(coro: Any) -> Any:
    """Run on uvloop when installed (less CPU per request for the generator)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def lost_uploads(base: str, headers: dict[str, str], ids: list[str]) -> int:
    lost = 0
    with httpx.Client(base_url=f"{base}/api/v1", headers=headers, timeout=30) as client:
        for doc_id in ids:
            if client.get(f"/documents/{doc_id}").status_code != 200:
                lost += 1
    return lost


async def run_level(
    port: int, fixture: Fixture, clients: int, duration: float, mix: dict[str, int]
) -> tuple[Stats, float]:
    stats = Stats()
    started, cpu = time.monotonic(), time.process_time()
    until = started + duration
    await asyncio.gather(
        *(client_loop(port, fixture, mix, until, stats, seed=i) for i in range(clients))
    )
    stats.client_cpu_seconds = time.process_time() - cpu
    return stats, time.monotonic() - started


async def run_rate(
    port: int,
    fixture: Fixture,
    rate: float,
    duration: float,
    mix: dict[str, int],
    max_connections: int,
) -> tuple[Stats, float, dict[str, Any]]:
    """One open-loop level: `rate` requests per second for `duration` seconds."""
    loop = OpenLoop(port, fixture, mix, max_connections)
    cpu = time.process_time()
    sent, sent_for, elapsed = await loop.run(rate, duration)
    loop.stats.client_cpu_seconds = time.process_time() - cpu
    extra = {
        "rate": rate,
        "sent": sent,
        "sent_rps": round(sent / sent_for, 1),
        "peak_outstanding": loop.peak_outstanding,
    }
    # Requests/s answered: over the time until the last answer (a server that cannot keep
    # up answers fewer per second than were sent, and late).
    return loop.stats, elapsed, extra


def summarise(stats: Stats, elapsed: float, clients: int) -> dict[str, Any]:
    total = sum(len(v) for v in stats.latencies.values())
    everything = [x for v in stats.latencies.values() for x in v]
    errors = {
        f"{route} {status}": count
        for route, counts in stats.statuses.items()
        for status, count in counts.items()
        if not 200 <= status < 300
    }
    return {
        "clients": clients,
        "requests": total,
        "rps": round(total / elapsed, 1),
        "p50_ms": round(percentile(everything, 0.50), 1),
        "p95_ms": round(percentile(everything, 0.95), 1),
        "p99_ms": round(percentile(everything, 0.99), 1),
        "errors": errors,
        "server_errors": sum(c for k, c in errors.items() if k.split()[-1].startswith("5")),
        "transport_failures": stats.failures,
        "routes": {
            route: {
                "requests": len(values),
                "rps": round(len(values) / elapsed, 1),
                "p50_ms": round(percentile(values, 0.50), 1),
                "p95_ms": round(percentile(values, 0.95), 1),
                "p99_ms": round(percentile(values, 0.99), 1),
            }
            for route, values in sorted(stats.latencies.items())
        },
        "uploads_acknowledged": len(stats.acknowledged),
        "load_generator_cpu": round(stats.client_cpu_seconds / elapsed, 2),
    }


def print_level(level: dict[str, Any]) -> None:
    load = (
        f"open loop at {level['rate']:g} req/s (sent {level['sent_rps']}/s, at most "
        f"{level['peak_outstanding']} outstanding)"
        if "rate" in level
        else f"{level['clients']} clients"
    )
    print(
        f"\n{load}: {level['requests']} requests, {level['rps']} req/s, "
        f"p50 {level['p50_ms']} ms, p95 {level['p95_ms']} ms, p99 {level['p99_ms']} ms\n"
        f"  non-2xx {level['errors'] or 0}, transport failures {level['transport_failures']}, "
        f"uploads acknowledged {level['uploads_acknowledged']}, lost {level['uploads_lost']}, "
        f"server memory {level['memory_mb']} MB after the level, server CPU "
        f"{level['server_cpu_ms_per_request']} ms per request "
        f"(load generator used {level['load_generator_cpu']} of a core)"
    )
    print(f"  {'route':<12} {'req':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for route, r in level["routes"].items():
        print(
            f"  {route:<12} {r['requests']:>7} {r['rps']:>8} {r['p50_ms']:>8} "
            f"{r['p95_ms']:>8} {r['p99_ms']:>8}"
        )


def _levels(args: argparse.Namespace) -> list[tuple[str, float]]:
    """The levels to run, in order: closed-loop client counts, then open-loop rates."""
    closed = [("clients", float(c)) for c in args.clients.split(",") if c.strip()]
    opened = [("rate", float(r)) for r in (args.rate or "").split(",") if r.strip()]
    return closed + opened


def run_levels(server: Server, fixture: Fixture, args: argparse.Namespace) -> list[dict[str, Any]]:
    levels = []
    for mode, value in _levels(args):
        mix = MIXES[args.mix]
        cpu = server.cpu_seconds()
        if mode == "clients":
            stats, elapsed = run(run_level(server.port, fixture, int(value), args.duration, mix))
            level = summarise(stats, elapsed, int(value))
        else:
            stats, elapsed, extra = run(
                run_rate(server.port, fixture, value, args.duration, mix, args.max_connections)
            )
            level = {**summarise(stats, elapsed, 0), **extra}
        # Server CPU per request: the cost of a request whatever else runs on the machine
        # (the closest thing to a machine-independent figure a shared machine gives).
        used = server.cpu_seconds() - cpu
        level["server_cpu_ms_per_request"] = round(used * 1000 / max(1, level["requests"]), 3)
        level["uploads_lost"] = lost_uploads(server.base, fixture.headers, stats.acknowledged)
        level["memory_mb"] = round(server.memory_mb())
        levels.append(level)
        if not args.json:
            print_level(level)
    return levels


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="50,100,200", help="closed-loop levels ('' none)")
    parser.add_argument("--rate", default="", help="open-loop levels, requests/s (e.g. 500,1000)")
    parser.add_argument("--max-connections", type=int, default=1000, help="open loop's cap")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per level")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--mix", choices=sorted(MIXES), default="mixed")
    parser.add_argument("--vendors", type=int, default=200)
    parser.add_argument("--documents", type=int, default=40)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--check", action="store_true", help="exit 1 on any 5xx or lost upload")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    global BASE_PDF
    BASE_PDF = make_pdf("Load test upload")
    with tempfile.TemporaryDirectory(prefix="assay-load-") as tmp:
        server = Server(Path(tmp), args.database_url, args.workers)
        server.start()
        try:
            fixture = seed(server.base, vendors=args.vendors, documents=args.documents)
            memory_start = server.memory_mb()
            levels = run_levels(server, fixture, args)
            memory_end = server.memory_mb()
        finally:
            server.stop()
    report = {
        "workers": args.workers,
        "mix": args.mix,
        "database": "postgresql" if args.database_url else "sqlite",
        "server_memory_mb": {"start": round(memory_start), "end": round(memory_end)},
        "levels": levels,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(f"\nserver memory: {memory_start:.0f} MB at start, {memory_end:.0f} MB at end")
    bad = any(
        lv["server_errors"] or lv["uploads_lost"] or lv["transport_failures"] for lv in levels
    )
    return 1 if args.check and bad else 0


if __name__ == "__main__":
    sys.exit(main())
