"""Re-check throughput: seed N vendors with realistic parsed documents in a fresh SQLite
database, then time re-check runs: the first (every vendor assessed, a snapshot each), the
next day (only vendors whose date came or whose inputs changed are looked at), and a day
after editing 1% of the vendors. Prints vendors per second (all active vendors / seconds).

    python bench/recheck.py [--vendors 100000] [--workers 1] [--database-url sqlite:///...]

Target (issue 14): 100,000 vendors next-day in <= 60 s on SQLite on a 2-core machine.
"""

import argparse
import hashlib
import multiprocessing
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select
from sqlalchemy.orm import Session, sessionmaker

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
    out = [(p.kind.value, p.facts_json(), p.evidence_json()) for p in parsed]
    # The SoA (93 controls) is the same for every vendor but its holder: built once.
    soa_facts, soa_evidence = _soa_template()
    out.insert(
        1,
        (
            "soa",
            {**soa_facts, "holder": holder},
            {**soa_evidence, "holder": {"page": 1, "quote": holder}},
        ),
    )
    return out


_SOA: list[tuple[dict[str, object], dict[str, object]]] = []


def _soa_template() -> tuple[dict[str, object], dict[str, object]]:
    if not _SOA:
        soa = make_parsed(make_soa_facts())
        _SOA.append((soa.facts_json(), soa.evidence_json()))
    return _SOA[0]


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
    parser.add_argument("--vendors", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument(
        "--workers", type=int, default=1, help="processes working the run's batches"
    )
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
            ("next day", AS_OF + timedelta(days=1)),
            ("a day later, 1% of vendors edited", AS_OF + timedelta(days=2)),
        ):
            if label.startswith("a day later"):
                edit(sessions, args.vendors // 100)
            started = time.perf_counter()
            helpers = [
                multiprocessing.get_context("spawn").Process(target=help_run, args=(url,))
                for _ in range(args.workers - 1)
            ]
            for helper in helpers:
                helper.start()
            summary = recheck_service.run_recheck(
                sessions, as_of=day, registry=registry, model=model, trigger="bench"
            )
            elapsed = time.perf_counter() - started
            for helper in helpers:
                helper.join()
            print(
                f"{label}: {args.vendors} vendors in {elapsed:.1f} s = "
                f"{args.vendors / elapsed:.0f} vendors/s; re-assessed "
                f"{summary.vendors_checked} ({summary.vendors_changed} changed), fingerprint "
                f"unchanged {summary.vendors_skipped}, {sum(summary.events.values())} events, "
                f"{len(summary.errors)} errors",
                flush=True,
            )
        engine.dispose()


def help_run(url: str) -> None:
    """Another worker process: work batches of the active run until it is closed."""
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    registry, model = load_registry(), load_risk_model()
    idle = 0
    while idle < 50:  # about 10 s without a batch: the run is over
        if recheck_service.work_next_batch(sessions, registry=registry, model=model):
            idle = 0
        else:
            idle += 1
            time.sleep(0.2)
    engine.dispose()


def edit(sessions: sessionmaker[Session], count: int) -> None:
    """Rename `count` vendors' legal names, as a PATCH would."""
    with sessions.begin() as session:
        for vendor in session.scalars(select(Vendor).order_by(Vendor.id).limit(count)):
            vendor.legal_names = [*vendor.legal_names, f"{vendor.name} Holdings"]
            vendor.updated_at = datetime.now(UTC)


if __name__ == "__main__":
    main()
