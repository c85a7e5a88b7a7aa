"""Where a request's time went: the ``Server-Timing`` split of a check."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Timings:
    """Where a request's time went, in milliseconds (sent as the ``Server-Timing`` header)."""

    embed: float = 0.0
    search: float = 0.0
    stance: float = 0.0
    total: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)

    def header(self) -> str:
        parts = {"embed": self.embed, "search": self.search, "stance": self.stance,
                 **self.extra, "total": self.total}
        return ", ".join(f"{name};dur={value:.1f}" for name, value in parts.items())


class Clock:
    """Milliseconds since it started or since the last :meth:`lap`."""

    def __init__(self) -> None:
        self._start = time.perf_counter()

    def lap(self) -> float:
        now = time.perf_counter()
        elapsed = (now - self._start) * 1000.0
        self._start = now
        return elapsed
