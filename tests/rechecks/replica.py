"""A re-check 'replica' for the concurrency test: its own process, engine and lock attempt."""

from datetime import date

from app.adapters.reference.loader import load_registry
from app.adapters.reference.risk_model import load_risk_model
from app.platform.db import make_engine, make_sessionmaker
from app.rechecks import service as recheck_service


def run_tick(database_url: str, tick: str) -> str:
    engine = make_engine(database_url)
    try:
        recheck_service.run_recheck(
            make_sessionmaker(engine),
            as_of=date(2026, 11, 23),
            registry=load_registry(),
            model=load_risk_model(),
            trigger="schedule",
            tick=tick,
        )
        return "ran"
    except recheck_service.RunInProgress:
        return "skipped"
    finally:
        engine.dispose()
