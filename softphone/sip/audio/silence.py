"""How long one direction of a call has been silent: the time of its last frame above a threshold.

One ``SilenceTracker`` per direction. ``feed`` runs in an audio callback (pjmedia's clock
thread): a few numpy reductions on the frame, in chunks small enough that numpy keeps the GIL,
no allocation beyond numpy scalars, no I/O. ``silent_s`` is read from any thread: the state
is one float, written by the callback (``feed``/``mark``) or by the owner before the callback
runs (``reset``), so no lock is needed under the GIL.
"""

from __future__ import annotations

import time

import numpy as np

THRESHOLD_DBFS = -50.0
CHUNK = 480


class SilenceTracker:
    """Monotonic time of the last frame whose peak exceeds ``threshold_dbfs``.

    ``full_scale`` is the sample value of 0 dBFS: 1.0 for float frames, 32768 for int16.
    """

    def __init__(self, threshold_dbfs: float = THRESHOLD_DBFS, full_scale: float = 1.0,
                 now: float | None = None) -> None:
        self.threshold = float(full_scale) * 10.0 ** (threshold_dbfs / 20.0)
        self._neg = -self.threshold
        self.last_loud = time.monotonic() if now is None else now

    def reset(self, now: float | None = None) -> None:
        """Start counting afresh (a call was attached): not silent as of ``now``."""
        self.last_loud = time.monotonic() if now is None else now

    mark = reset   # the callback's "count this moment as sound" (e.g. while muted)

    def feed(self, x: np.ndarray, now: float | None = None) -> bool:
        """Look at one frame; True (and remember ``now``) if its peak is above the threshold."""
        thr, neg = self.threshold, self._neg
        for i in range(0, len(x), CHUNK):
            c = x[i:i + CHUNK]
            if c.max() > thr or c.min() < neg:
                self.last_loud = time.monotonic() if now is None else now
                return True
        return False

    def silent_s(self, now: float | None = None) -> float:
        """Seconds since the last loud frame (or the last reset), never negative."""
        now = time.monotonic() if now is None else now
        return max(0.0, now - self.last_loud)
