"""CPU cost of one read request, in process: no HTTP parsing, no sockets, no other process.

    python bench/read_cost.py                  # GET vendor list, assessment, document
    python bench/read_cost.py --seconds 5 --route assessment
    py-spy record -o out.txt -f raw -- python bench/read_cost.py --route assessment

It seeds a data dir through a real server (`bench/load.py`'s), stops it, then builds the app
in this process and calls it as an ASGI application from 8 concurrent coroutines, so what is
timed is the application's own work per request (routing, authentication, middleware, the
handler, the database read, serialisation). It prints requests/s and microseconds per request
per route; figures are for before/after comparisons in one sitting, never absolutes.
"""

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import SECRET, Fixture, Server, seed

ROUTES = ("vendors", "assessment", "document")


def _path(route: str, rng: random.Random, fixture: Fixture) -> tuple[str, bytes]:
    if route == "vendors":
        return "/api/v1/vendors", f"limit=20&offset={rng.randrange(0, 30)}".encode()
    if route == "assessment":
        return f"/api/v1/vendors/{rng.choice(fixture.vendor_ids)}/assessment", b""
    return f"/api/v1/documents/{rng.choice(fixture.document_ids)}", b""


async def _call(app: Any, path: str, query: bytes, auth: bytes) -> int:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"bench"), (b"authorization", auth)],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
        "state": {},
    }
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def _drive(app: Any, route: str, fixture: Fixture, seconds: float) -> int:
    auth = fixture.headers["Authorization"].encode()
    until, count = time.perf_counter() + seconds, 0

    async def worker(seed: int) -> None:
        nonlocal count
        rng = random.Random(seed)
        while time.perf_counter() < until:
            path, query = _path(route, rng, fixture)
            status = await _call(app, path, query, auth)
            if status != 200:
                raise RuntimeError(f"{route}: {path} answered {status}")
            count += 1

    await asyncio.gather(*(worker(i) for i in range(8)))
    return count


async def _measure(data_dir: Path, fixture: Fixture, routes: list[str], seconds: float) -> None:
    from app.main import create_app
    from app.platform.settings import Settings

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        env="test",
        data_dir=data_dir,
        jwt_secret=SECRET,
        recheck_enabled=False,
        log_level="WARNING",
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        for route in routes:
            await _drive(app, route, fixture, 1.0)  # warm-up
            started, cpu = time.perf_counter(), time.process_time()
            count = await _drive(app, route, fixture, seconds)
            elapsed, used = time.perf_counter() - started, time.process_time() - cpu
            print(
                f"{route:<12} {count / elapsed:8.0f} req/s in one process, "
                f"{used / count * 1e6:6.0f} us of CPU per request"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--route", choices=ROUTES, action="append")
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="assay-readcost-") as tmp:
        server = Server(Path(tmp), None, 1)
        server.start()
        try:
            fixture = seed(server.base, vendors=60, documents=20)
        finally:
            server.stop()
        asyncio.run(_measure(Path(tmp), fixture, args.route or list(ROUTES), args.seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
