"""Re-check throughput: seed N vendors with realistic parsed documents in a fresh SQLite
database, then time a full re-check run (first run: every vendor gets a snapshot; second
run, next day: nothing changed, nothing stored). Prints vendors per second.

    python bench/recheck.py [--vendors 10000] [--database-url sqlite:///...]

Target (issue 7): 10,000 vendors in <= 30 s on SQLite on a 2-core machine.
"""

import argparse
import hashlib
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from app.adapters.reference.loader import load_registry
from app.adapters.reference.risk_model import load_risk_model
from app.core.version import EXTRACTOR_VERSION
from app.platform import migrate
from app.platform.db import make_engine, make_sessionmaker
from app.platform.models import Document, Vendor
from app.rechecks import service as recheck_service
from tests.builders import (
    make_certificate_facts,
    make_parsed,
    make_soa_facts,
    make_soc2_facts,
    make_surveillance_facts,
)

AS_OF = date(2026, 11, 23)
CBS = [
    ("BSI Assurance UK Ltd", "UKAS", "003"),
    ("Coalfire ISO, Inc.", "ANAB", None),
    ("LRQA Limited", "UKAS", None),
    ("Harbourline Certification Ltd", "IBMSA", None),
]


def _documents(i: int) -> list[tuple[str, dict[str, object], dict[str, object]]]:
    cb, ab, number = CBS[i % len(CBS)]
    issue = AS_OF - timedelta(days=30 + (i * 37) % 900)
    holder = f"Vendor {i} Ltd"
    parsed = [
        make_parsed(
            make_certificate_facts(
                holder=holder,
                certification_body=cb,
                accreditation_body=ab,
                accreditation_number=number,
                certificate_number=f"IS {100000 + i}",
                issue_date=issue,
                expiry_date=issue + timedelta(days=3 * 365 - 1),
                scope=f"Development and operation of the Product {i} platform.",
            )
        ),
        make_parsed(make_soa_facts(holder=holder)),
        make_parsed(
            make_surveillance_facts(
                holder=holder,
                certification_body=cb,
                certificate_number=f"IS {100000 + i}",
                audit_date=issue + timedelta(days=330),
            )
        ),
    ]
    if i % 2:
        parsed.append(make_parsed(make_soc2_facts(service_organization=holder)))
    return [(p.kind.value, p.facts_json(), p.evidence_json()) for p in parsed]


def seed(url: str, count: int) -> None:
    engine = make_engine(url)
    now = datetime.now(UTC)
    vendors, documents = [], []
    for i in range(count):
        vid = uuid.uuid4()
        vendors.append(
            {
                "id": vid,
                "name": f"Vendor {i}",
                "legal_names": [f"Vendor {i} Ltd"],
                "products": [f"Product {i}"],
                "ai_vendor": i % 3 == 0,
                "data_categories": ["personal"],
                "required_frameworks": [],
                "criticality": ("low", "medium", "high")[i % 3],
                "created_at": now,
                "updated_at": now,
            }
        )
        for kind, facts, evidence in _documents(i):
            documents.append(
                {
                    "id": uuid.uuid4(),
                    "vendor_id": vid,
                    "filename": f"{kind}.pdf",
                    "size": 1000,
                    "sha256": hashlib.sha256(uuid.uuid4().bytes).hexdigest(),
                    "kind": kind,
                    "status": "parsed",
                    "facts": facts,
                    "evidence": evidence,
                    "warnings": [],
                    "pages": 1,
                    "ocr": False,
                    "extractor_version": EXTRACTOR_VERSION,
                    "attempts": 1,
                    "uploaded_by": "bench",
                    "uploaded_at": now,
                    "parsed_at": now,
                }
            )
    with make_sessionmaker(engine).begin() as session:
        session.execute(insert(Vendor), vendors)
        session.execute(insert(Document), documents)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vendors", type=int, default=10_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        migrate.upgrade(url)
        started = time.perf_counter()
        seed(url, args.vendors)
        print(
            f"seeded {args.vendors} vendors in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})"
        )
        registry, model = load_registry(), load_risk_model()
        engine = make_engine(url)
        sessions = make_sessionmaker(engine)
        for label, day in (
            ("first run (all snapshots new)", AS_OF),
            ("second run (nothing changed)", AS_OF + timedelta(days=1)),
        ):
            started = time.perf_counter()
            summary = recheck_service.run_recheck(
                sessions, as_of=day, registry=registry, model=model, trigger="bench"
            )
            elapsed = time.perf_counter() - started
            print(
                f"{label}: {summary.vendors_checked} vendors, {summary.vendors_changed} changed, "
                f"{sum(summary.events.values())} events, {len(summary.errors)} errors in {elapsed:.1f} s "
                f"= {summary.vendors_checked / elapsed:.0f} vendors/s"
            )
        engine.dispose()


if __name__ == "__main__":
    main()
