"""The application's state: one typed dataclass built in the lifespan (or by `assay worker`),
reached through the `Annotated` dependencies of `app.platform.deps`.

`Jobs` is the wake-up API: code that committed new work (an upload, events, a re-check run)
calls it afterwards. With the built-in loop (SQLite) it wakes this process's worker loop, so a
worker starts at once instead of at its next poll. On PostgreSQL it defers procrastinate jobs
(`app.platform.taskqueue`), which any `assay worker` process may take.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import httpx
from fastapi import Request
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.adapters.blobs import BlobStore
from app.adapters.reference.loader import RegistryStore
from app.core import RiskModel
from app.platform.middleware import Metrics
from app.platform.settings import Settings
from app.platform.workers import PARSE, RECHECK, WEBHOOKS, Workers

if TYPE_CHECKING:
    from app.platform.auth import TokenVerifier
    from app.platform.taskqueue import Producer

Signal = Callable[[str], None]


class Jobs:
    """Tell the workers that committed work waits for them. Call only after the commit."""

    def __init__(self, *signals: Signal) -> None:
        self._signals = list(signals)
        self.producer: Producer | None = None

    def add(self, signal: Signal) -> None:
        self._signals.append(signal)

    def document_received(self, *document_ids: uuid.UUID) -> None:
        """Documents wait to be parsed (upload, restore, re-parse request); none named: any
        document that waits."""
        self._send(PARSE)
        if self.producer is not None:
            self.producer.parse(document_ids)

    def events_written(self) -> None:
        """Outbox events wait to be delivered."""
        self._send(WEBHOOKS)
        if self.producer is not None:
            self.producer.webhooks()

    def recheck_queued(self, batches: int = 1) -> None:
        """A re-check run waits to be planned, or `batches` of its batches to be worked."""
        self._send(RECHECK)
        if self.producer is not None:
            self.producer.recheck(batches)

    def _send(self, name: str) -> None:
        for signal in self._signals:
            signal(name)


@dataclass
class AppState:
    """Everything with a lifetime: built once per process, closed by `close()`."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    blobs: BlobStore
    http: httpx.Client
    registry_store: RegistryStore
    risk_model: RiskModel
    metrics: Metrics
    token_verifier: "TokenVerifier"
    jobs: Jobs = field(default_factory=Jobs)
    workers: Workers | None = None
    # Tests point the browser UI's single sign-on at a fake identity provider.
    oidc_transport: httpx.BaseTransport | None = None
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        if self.workers is not None:
            self.workers.stop()
        for close in reversed(self.closers):
            close()
        self.http.close()
        self.engine.dispose()


class StateMissing(RuntimeError):
    """The app's lifespan has not built its state (a TestClient used without `with`)."""


def get_state(request: Request) -> AppState:
    """The application state of the app serving `request`."""
    state = request.app.state.assay
    if not isinstance(state, AppState):
        raise StateMissing("the application state is not built (lifespan not run)")
    return state
