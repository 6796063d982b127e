"""Whole-process timing shared by the start-up and package benchmarks: run a command N times
(after one warm-up run, so the page cache is warm for both sides), keep the median and best;
`time_interleaved` runs several commands round-robin so their ratios survive a shared machine.
It also keeps the median CPU time (user + system) of each run's process tree, as far as the
command waited for its descendants (a warm server's work for it is not counted): on a loaded
machine wall times stretch with the load, CPU times much less."""

import os
import resource
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
    cpu: float | None = None  # median CPU seconds of the waited process tree

    def line(self) -> str:
        cpu = f", CPU {self.cpu * 1000:.0f} ms" if self.cpu is not None else ""
        return (
            f"{self.label}: median {self.median * 1000:.0f} ms, best {self.best * 1000:.0f} ms"
            + cpu
        )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


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
    cpu: list[list[float]] = [[] for _ in commands]

    def run(command: Command) -> tuple[float, float]:
        extra = command.before_each() if command.before_each else {}
        env = {**os.environ, **(command.env or {}), **extra}
        quiet = subprocess.DEVNULL
        cpu_before = _children_cpu()
        started = time.perf_counter()
        subprocess.run(command.argv, env=env, stdout=quiet, stderr=quiet, check=True)
        return time.perf_counter() - started, _children_cpu() - cpu_before

    for command in commands:
        run(command)
    for _ in range(runs):
        for i, command in enumerate(commands):
            wall, used = run(command)
            samples[i].append(wall)
            cpu[i].append(used)
    return [
        Timing(c.label, statistics.median(s), min(s), statistics.median(u))
        for c, s, u in zip(commands, samples, cpu, strict=True)
    ]
