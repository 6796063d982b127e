"""Whole-process timing shared by the start-up and package benchmarks: run a command N times
(after one warm-up run, so the page cache is warm for both sides), keep the median and best;
`time_interleaved` runs several commands round-robin so their ratios survive a shared machine."""

import os
import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    label: str
    median: float
    best: float

    def line(self) -> str:
        return f"{self.label}: median {self.median * 1000:.0f} ms, best {self.best * 1000:.0f} ms"


def time_command(
    label: str,
    argv: Sequence[str],
    runs: int = 10,
    *,
    env: Mapping[str, str] | None = None,
    before_each: Callable[[], Mapping[str, str]] | None = None,
) -> Timing:
    """Wall time of `argv` as a whole process (start-up included), like hyperfine. `env`
    adds variables; `before_each` (untimed) returns more for each run (a fresh directory)."""
    base = {**os.environ, **(env or {})}

    def run(extra: Mapping[str, str]) -> None:
        quiet = subprocess.DEVNULL
        subprocess.run(argv, env={**base, **extra}, stdout=quiet, stderr=quiet, check=True)

    run(before_each() if before_each else {})
    samples = []
    for _ in range(runs):
        extra = before_each() if before_each else {}
        started = time.perf_counter()
        run(extra)
        samples.append(time.perf_counter() - started)
    return Timing(label, statistics.median(samples), min(samples))


@dataclass(frozen=True)
class Command:
    """One command to time: its argv, extra environment, and an untimed step before each
    run returning more environment (e.g. a fresh directory)."""

    label: str
    argv: Sequence[str]
    env: Mapping[str, str] | None = None
    before_each: Callable[[], Mapping[str, str]] | None = None


def time_interleaved(commands: Sequence[Command], runs: int = 10) -> list[Timing]:
    """Time several commands round-robin (one warm-up each, then run 1 of each, run 2 of
    each, ...), so on a shared machine a burst of load falls on all of them alike and
    their ratios stay meaningful."""
    samples: list[list[float]] = [[] for _ in commands]

    def run(command: Command) -> float:
        extra = command.before_each() if command.before_each else {}
        env = {**os.environ, **(command.env or {}), **extra}
        quiet = subprocess.DEVNULL
        started = time.perf_counter()
        subprocess.run(command.argv, env=env, stdout=quiet, stderr=quiet, check=True)
        return time.perf_counter() - started

    for command in commands:
        run(command)
    for _ in range(runs):
        for i, command in enumerate(commands):
            samples[i].append(run(command))
    return [
        Timing(c.label, statistics.median(s), min(s))
        for c, s in zip(commands, samples, strict=True)
    ]
