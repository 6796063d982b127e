"""The one worker loop: steps run until idle, a wake-up starts an idle job at once, a failing
step does not stop the loop; on PostgreSQL a wake-up reaches other processes (NOTIFY)."""

import threading
import time

import pytest

from app.platform.workers import LoopJob, PgListener, PgNotifier, WorkerLoop
from tests.conftest import POSTGRES_URL


def test_a_woken_job_runs_at_once_and_an_idle_one_waits() -> None:
    ran = threading.Event()
    calls: list[str] = []

    def step() -> bool:
        calls.append("step")
        ran.set()
        return False

    loop = WorkerLoop([LoopJob("parse", step, poll_seconds=60)])
    loop.start()
    try:
        assert ran.wait(5)  # the first pass at start
        ran.clear()
        assert not ran.wait(0.3)  # idle: waits for the poll (60 s) ...
        loop.wake("parse")
        assert ran.wait(5)  # ... unless woken
    finally:
        loop.stop()
    assert 2 <= len(calls) <= 3


def test_drain_runs_until_no_work_and_a_failing_step_does_not_kill_the_loop() -> None:
    work = [1, 2, 3]
    loop = WorkerLoop([LoopJob("parse", lambda: bool(work and work.pop()), poll_seconds=60)])
    assert loop.drain("parse") == 3
    failures: list[int] = []

    def flaky() -> bool:
        failures.append(1)
        if len(failures) == 1:
            raise RuntimeError("database is locked")
        return False

    loop = WorkerLoop([LoopJob("webhooks", flaky, poll_seconds=0.05)])
    loop.start()
    try:
        deadline = time.monotonic() + 5
        while len(failures) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        loop.stop()
    assert len(failures) >= 3


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="ASSAY_TEST_POSTGRES_URL not set")
def test_a_notify_wakes_a_listener_in_another_connection() -> None:
    assert POSTGRES_URL is not None
    woken: list[str] = []
    arrived = threading.Event()

    def wake(name: str) -> None:
        woken.append(name)
        arrived.set()

    listener = PgListener(POSTGRES_URL, wake)
    listener.start()
    try:
        deadline = time.monotonic() + 10
        while not arrived.is_set() and time.monotonic() < deadline:
            PgNotifier(POSTGRES_URL)("parse")  # until the listener is subscribed
            arrived.wait(0.3)
    finally:
        listener.stop()
    assert "parse" in woken
