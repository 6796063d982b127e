"""The typed application state of a test client's app (built by its lifespan)."""

from fastapi.testclient import TestClient

from app.platform.state import AppState
from app.platform.workers import Workers


def app_state(client: TestClient) -> AppState:
    state = client.app.state.assay  # type: ignore[attr-defined]
    assert isinstance(state, AppState)
    return state


def app_workers(client: TestClient) -> Workers:
    workers = app_state(client).workers
    assert workers is not None
    return workers
