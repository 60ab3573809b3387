"""Single-producer single-consumer sample ring with gentle drift control on the read side.

One thread writes (``write``), one other thread reads (``read_into``); each index is written
by one side only, so no lock is needed under the GIL. The reader keeps the ring's *minimum*
fill over a window close to a small safety margin (the fill is measured phase-free: what the
producer would have delivered by now if it wrote continuously, so block sizes and the phase
between the two clocks do not make the measure jump): when the producer's clock runs fast the
fill creeps up and the reader consumes one extra sample in a block (resampling n+1 -> n by
linear interpolation, inaudible); when it runs slow the reader stretches n-1 -> n. After a
stall (fill far above the margin) it drops the excess at once: a counted hard reset. On an
underrun it outputs silence and waits for the margin to refill (re-prime), and widens the
margin a little so a jittery system settles instead of glitching repeatedly. A late call on
either side (more than 1.5 blocks after the last one: a loaded system) widens it before an
underrun has to, while the margin does not cover that lateness (a late read by a step, a late
write at once to its lateness plus a step); calm (~15 s with no underrun and no late call near
the margin) gives the widening back, 1 ms per ~3 s.

Everything here is plain numpy, no I/O, so audio callbacks can call it and tests can drive
it with simulated clocks.
"""

from __future__ import annotations

import time

import numpy as np

CHUNK = 480
CALM_DECISIONS = 5      # drift decisions (~3 s each) without trouble before calm gives back


class DriftRing:
    def __init__(self, rate: int = 48000, capacity_ms: float = 500.0, margin_ms: float = 8.0,
                 max_margin_ms: float = 60.0, window_ms: float = 1000.0,
                 reset_ms: float = 120.0) -> None:
        self.rate = rate
        self.capacity = int(rate * capacity_ms / 1000)
        self._buf = np.zeros(self.capacity, dtype=np.float32)
        self._w = 0                     # total samples written (producer only)
        self._r = 0                     # total samples read (consumer only)
        self.margin = int(rate * margin_ms / 1000)
        self.min_margin = self.margin
        self.max_margin = int(rate * max_margin_ms / 1000)
        self.window = int(rate * window_ms / 1000)
        self.reset_excess = int(rate * reset_ms / 1000)
        self._primed = False
        self._t_w = None                # monotonic time of the last write (producer)
        self._p = 0                     # size of the last write (producer)
        self._win_samples = 0           # samples read in the current window
        self._win_min = None            # smallest slack seen in the window (samples)
        self._pending = 0               # >0: samples to drop, <0: samples to insert
        self._history: list[int] = []   # window minima since the last decision
        self.decide_windows = 3
        self._calm = 0                  # decisions since the last underrun or late call
        self._late_w = 0                # late writes so far (producer)
        self._late_w_by = 0             # how late the last one was, in samples (producer)
        self._late_w_seen = 0           # late writes already acted on (consumer)
        self._t_r: float | None = None  # time of the last read (consumer)
        self._scratch = np.zeros(self.capacity, dtype=np.float32)
        self._grids: dict[tuple[int, int], tuple[np.ndarray, np.ndarray]] = {}
        # counters, read by UI and benchmarks (plain ints, written by one side each)
        self.underruns = 0
        self.overruns = 0
        self.corrections = 0            # single-sample drops or inserts
        self.drops = 0                  # ... of which drops
        self.resets = 0                 # hard drops after a stall
        self.dropped = 0                # samples lost to overruns and resets
        self.late_reads = 0             # reads that came late (consumer)
        self.late_widened = 0           # margin steps taken for lateness

    @property
    def late_writes(self) -> int:
        return self._late_w

    # ------------------------------------------------------------------ both sides
    def fill(self) -> int:
        return self._w - self._r

    def fill_ms(self) -> float:
        return 1000.0 * self.fill() / self.rate

    def clear(self) -> None:
        """Forget the content (consumer side, or when both sides are stopped)."""
        self._r = self._w
        self._primed = False
        self._win_min = None
        self._win_samples = 0
        self._pending = 0
        self._history.clear()
        self._t_r = None
        self._late_w_seen = self._late_w

    def _lateness(self, gap: int, block: int) -> int:
        """How late a call is that comes ``gap`` samples after the last one, which handled
        ``block`` samples: the delay beyond the block's duration when the gap exceeds 1.5
        blocks, else 0. A gap beyond the block plus the widest margin is a pause or a stall
        the margin could not cover anyway: not lateness."""
        if block <= 0 or 2 * gap <= 3 * block or gap - block > self.max_margin:
            return 0
        return gap - block

    def _late(self, by: int, write: bool) -> None:
        """A late call: while the margin does not cover ``by`` with a step (2 ms) to spare,
        widen it by a step (a late read) or at once to ``by`` plus a step (a late write: a
        producer that late again would empty the ring). Restart the calm that gives widenings
        back when it took half the margin or more (one covered twice over does not)."""
        step = self.rate // 500
        if 2 * by >= self.margin:
            self._calm = 0
        if by + step > self.margin and self.margin < self.max_margin:
            self._calm = 0
            ms = self.rate // 1000       # a write's jump, rounded up to whole ms
            jump = -(-(by + step) // ms) * ms
            self.margin = min(self.max_margin, jump if write else self.margin + step)
            self.late_widened += 1

    # ------------------------------------------------------------------ producer
    def write(self, samples: np.ndarray, now: float | None = None) -> int:
        """Append samples; what does not fit is dropped and counted as an overrun."""
        n = len(samples)
        now = time.monotonic() if now is None else now
        if self._t_w is not None:
            late = self._lateness(int((now - self._t_w) * self.rate), self._p)
            if late > 0:
                self._late_w_by = late
                self._late_w += 1
        self._t_w = now
        self._p = n
        space = self.capacity - (self._w - self._r)
        if n > space:
            self.overruns += 1
            self.dropped += n - space
            n = space
            if n <= 0:
                return 0
        self._move(samples, 0, self._buf, self._w % self.capacity, n)
        self._w += n
        return n

    # ------------------------------------------------------------------ consumer
    def _move(self, src, s0: int, dst, d0: int, count: int) -> None:
        """Copy ``count`` samples, wrapping in the ring, in pieces of at most CHUNK: numpy
        releases the GIL for bigger copies, and taking it back can wait a whole switch
        interval behind a busy thread."""
        cap = self.capacity
        while count > 0:
            if dst is self._buf:
                n = min(count, cap - d0, CHUNK)
                dst[d0:d0 + n] = src[s0:s0 + n]
                d0 = (d0 + n) % cap
            else:
                n = min(count, cap - s0, CHUNK)
                dst[d0:d0 + n] = src[s0:s0 + n]
                s0 = (s0 + n) % cap
                d0 += n
                count -= n
                continue
            s0 += n
            count -= n

    def _copy_out(self, out: np.ndarray, count: int) -> None:
        self._move(self._buf, self._r % self.capacity, out, 0, count)
        self._r += count

    def _grid(self, n_in: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
        g = self._grids.get((n_in, n_out))
        if g is None:
            g = (np.linspace(0.0, n_in - 1, n_out), np.arange(n_in, dtype=np.float64))
            self._grids[(n_in, n_out)] = g
        return g

    def _virtual_fill(self, avail: int, now: float | None) -> int:
        """Fill as if the producer delivered continuously: phase-free, continuous in time."""
        if self._t_w is None:
            return avail
        now = time.monotonic() if now is None else now
        since = int((now - self._t_w) * self.rate)
        return avail + min(max(since, 0), self._p) - self._p

    def read_into(self, out: np.ndarray, now: float | None = None) -> int:
        """Fill ``out`` (float32, 1-D); returns how many samples came from the ring."""
        n = len(out)
        avail = self._w - self._r
        now = time.monotonic() if now is None else now
        if self._t_r is not None:
            late = self._lateness(int((now - self._t_r) * self.rate), n)
            if late > 0:
                self.late_reads += 1
                self._late(late, False)
        self._t_r = now
        if self._late_w != self._late_w_seen:
            self._late_w_seen = self._late_w
            self._late(self._late_w_by, True)
        if not self._primed:
            if avail < n or self._virtual_fill(avail, now) < n + self.margin:
                out[:] = 0.0
                return 0
            self._primed = True
            self._win_min = None
            self._win_samples = 0
            self._history.clear()
        if avail < n:
            # underrun: play what is there, then silence; re-prime with a wider margin
            if avail > 0:
                self._copy_out(out, avail)
            out[avail:] = 0.0
            self.underruns += 1
            self._primed = False
            self._pending = 0
            self.margin = min(self.max_margin, self.margin + self.rate // 200)  # +5 ms
            self._calm = 0
            return max(avail, 0)

        slack = self._virtual_fill(avail, now) - n
        if self._win_min is None or slack < self._win_min:
            self._win_min = slack
        self._win_samples += n
        if self._win_samples >= self.window:
            self._history.append(self._win_min)
            self._win_min = None
            self._win_samples = 0
            worst = min(self._history)
            excess = worst - self.margin
            if excess > self.reset_excess and len(self._history) >= 1:
                # stall: the producer ran ahead while we were not reading; drop at once
                drop = excess - self.margin // 2
                self._r += drop
                self.dropped += drop
                self.resets += 1
                avail = self._w - self._r
                self._pending = 0
                self._history.clear()
            elif len(self._history) >= self.decide_windows:
                self._calm += 1
                if self._calm >= CALM_DECISIONS and self.margin > self.min_margin:
                    # no underrun nor a late call near the margin for ~15 s: give back 1 ms of
                    # the margin widened earlier, and 1 ms each decision (~3 s) while calm lasts
                    self.margin = max(self.min_margin, self.margin - self.rate // 1000)
                # decide on the worst of a few windows, correct half the error, start afresh:
                # slow enough not to hunt, fast enough for hundreds of ppm
                hyst = max(self.rate // 500, self.margin // 2)
                if excess > hyst or excess < -hyst:
                    self._pending = excess // 2
                self._history.clear()
            elif excess < -self.margin // 2 and self._pending >= 0:
                self._pending = excess // 2      # heading for an underrun: act now
                self._history.clear()

        if self._pending > 0 and avail >= n + 1:
            # drop one sample: read n+1, resample to n
            self._copy_out(self._scratch, n + 1)
            x_out, x_in = self._grid(n + 1, n)
            self._move(np.interp(x_out, x_in, self._scratch[:n + 1]), 0, out, 0, n)
            self._pending -= 1
            self.corrections += 1
            self.drops += 1
            return n + 1
        if self._pending < 0 and n > 1:
            # insert one sample: read n-1, resample to n
            self._copy_out(self._scratch, n - 1)
            x_out, x_in = self._grid(n - 1, n)
            self._move(np.interp(x_out, x_in, self._scratch[:n - 1]), 0, out, 0, n)
            self._pending += 1
            self.corrections += 1
            return n - 1
        self._copy_out(out, n)
        return n

    def counters(self) -> dict[str, int]:
        return {"underruns": self.underruns, "overruns": self.overruns,
                "corrections": self.corrections, "resets": self.resets,
                "late_writes": self.late_writes, "late_reads": self.late_reads,
                "late_widened": self.late_widened}
