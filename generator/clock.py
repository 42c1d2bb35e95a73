"""Seconds spent per pipeline stage, for ``bench/scale`` and ``--timings``."""
from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager
from typing import Iterator, Mapping


class StageClock:
    """Adds up wall-clock seconds per stage name; worker processes' clocks are added in."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time the ``with`` block under ``name``."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - start

    def add(self, seconds: Mapping[str, float]) -> None:
        """Add another clock's figures (a worker's) to this one."""
        for name, value in seconds.items():
            self.seconds[name] += value

    def figures(self) -> tuple[tuple[str, float], ...]:
        """(stage, seconds) pairs in the order stages were first timed."""
        return tuple(self.seconds.items())
