"""A local IAF CertSearch stand-in on loopback, serving recorded responses in the shapes the
Verification Users API Developer Guide documents (match-companies, company by IAF id,
certificate by IAF id, problem errors with a `code`, 429 with Retry-After)."""

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

API_KEY = "test-certsearch-key"
CERTIFICATE: dict[str, Any] = {
    "cert_id": "cert_GuFIQmBnjaNG8Xvz7Q3DeBVx",
    "accreditation_bodies_name": "ANSI National Accreditation Board (ANAB)",
    "certification_bodies_name": "Northgate Assurance Services Ltd",
    "certification_number": "NAS-27001-0042",
    "certification_status": "active",
    "certification_scope": "Development and operation of the Northwind Vision platform",
    "certification_standards_scheme": [
        {"standard_name": "ISO/IEC 27001:2022", "scheme_name": "ISMS", "is_accredited_mla": True}
    ],
    "certification_main_sites": [
        {"street": "1 High Street", "city": "London", "state": "", "post_code": "EC1A 1AA",
         "full_address": "1 High Street, London EC1A 1AA", "scope": "", "country": "United Kingdom"}
    ],
    "certification_additional_sites": [],
    "certification_sectors": [{"sector_name": "Information technology", "sector_code": "33"}],
    "updated_at": 1767225600,
}  # fmt: skip
ENTITY: dict[str, Any] = {
    "ce_id": "ce_KMi1zsb9CH2EorSzOJ9YEgtV",
    "matched_certified_entity_name": "Northwind Analytics Ltd",
    "match_status": "matched",
    "match_type": "exactly_matched",
    "certified_entity_english_name": "Northwind Analytics Ltd",
    "certified_entity_trading_name": "",
    "country": "United Kingdom",
    "certified_entity_addresses": [
        {"street": "1 High Street", "city": "London", "state": "", "post_code": "EC1A 1AA",
         "full_address": "1 High Street, London EC1A 1AA", "country": "United Kingdom"}
    ],
}  # fmt: skip


def problem(status: int, title: str, code: str, instance: str) -> dict[str, Any]:
    return {
        "type": "string",
        "title": title,
        "status": status,
        "detail": title,
        "instance": instance,
        "code": code,
    }


@dataclass
class Recorded:
    """What the server saw, and how it should answer next."""

    requests: list[tuple[str, str, dict[str, Any] | None]] = field(default_factory=list)
    # "ok", "rate_limited", "no_credit"
    mode: str = "ok"
    certificates: list[dict[str, Any]] = field(default_factory=lambda: [CERTIFICATE])


def _handler(recorded: Recorded) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(
            self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(raw)

        def _handle(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            recorded.requests.append((method, self.path, body))
            if self.headers.get("x-http-authorization") != API_KEY:
                self._send(401, problem(401, "Unauthorized access.", "unauthorized", self.path))
            elif recorded.mode == "rate_limited":
                self._send(429, problem(429, "API Request Limit Reached", "too_many_requests", self.path),
                           {"Retry-After": "120"})  # fmt: skip
            elif recorded.mode == "no_credit":
                self._send(
                    403, problem(403, "Insufficient credit.", "insufficient_credit", self.path)
                )
            elif method == "POST" and self.path.endswith("/match-companies"):
                found = body and "northwind" in str(body.get("company_name", "")).lower()
                self._send(200 if found else 404, {"data": [ENTITY]} if found else
                           problem(404, "Not found", "not_found", self.path))  # fmt: skip
            elif method == "GET" and self.path.endswith(f"/company/{ENTITY['ce_id']}"):
                self._send(200, {"data": {**ENTITY, "certificates": recorded.certificates}})
            elif method == "GET" and self.path.endswith(f"/certificate/{CERTIFICATE['cert_id']}"):
                entities = [
                    {
                        "ce_id": ENTITY["ce_id"],
                        "certified_entity_name": ENTITY["matched_certified_entity_name"],
                    }
                ]
                self._send(200, {"data": {**CERTIFICATE, "certified_entities": entities}})
            else:
                self._send(404, problem(404, "Not found", "not_found", self.path))

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

    return Handler


@contextmanager
def certsearch_server() -> Iterator[tuple[str, Recorded]]:
    """(base URL on loopback, what the server recorded)."""
    recorded = Recorded()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(recorded))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/client/v1", recorded
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
