"""Whole-process timing shared by the start-up and package benchmarks: run a command N times
(after one warm-up run, so the page cache is warm for both sides), keep the median and best."""

import statistics
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    label: str
    median: float
    best: float

    def line(self) -> str:
        return f"{self.label}: median {self.median * 1000:.0f} ms, best {self.best * 1000:.0f} ms"


def time_command(label: str, argv: Sequence[str], runs: int = 10) -> Timing:
    """Wall time of `argv` as a whole process (start-up included), like hyperfine."""
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        samples.append(time.perf_counter() - started)
    return Timing(label, statistics.median(samples), min(samples))


def time_shell(label: str, script: str, runs: int = 10) -> Timing:
    return time_command(label, ["sh", "-c", script], runs)
