"""Tone-onset detection for latency measurements: the time a burst first crosses a threshold."""

from __future__ import annotations

import numpy as np


class Onset:
    """Feed blocks with the time of their first sample; returns each burst's onset time."""

    def __init__(self, rate: int = 48000, threshold: float = 0.05, quiet_s: float = 0.3) -> None:
        self.rate = rate
        self.threshold = threshold
        self.quiet = quiet_s
        self._last_loud = -1e9

    def feed(self, x: np.ndarray, t0: float) -> float | None:
        loud = np.flatnonzero(np.abs(x) > self.threshold)
        if len(loud) == 0:
            return None
        t_first = t0 + loud[0] / self.rate
        onset = t_first if t_first - self._last_loud > self.quiet else None
        self._last_loud = t0 + loud[-1] / self.rate
        return onset


def match(sources: list[float], sinks: list[float], window: float = 0.6) -> list[float]:
    """Delays from each source onset to the first sink onset within ``window`` seconds."""
    sinks = sorted(sinks)
    out = []
    for s in sources:
        later = [k for k in sinks if s <= k < s + window]
        if later:
            out.append(later[0] - s)
    return out
