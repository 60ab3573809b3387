"""In-call quality advice from RTCP figures: what is wrong, in words a counselor can act on, at most once in a while.

Pure rules (no Qt): ``Advisor.observe(loss_pct, jitter_ms, rtt_ms, now)`` returns an
``Advice`` when a problem has lasted ``persist`` consecutive reports (one bad report is
noise), and then not again for the same problem within ``quiet_s``; the worst problem is
said first (loss, then jitter, then delay). Thresholds follow common VoIP guidance:
loss above 3 % is heard as broken words, jitter above 40 ms outgrows a typical jitter
buffer, and a round trip above 300 ms makes people talk over each other (ITU-T G.114 puts
the comfortable one-way limit at 150 ms).
"""

from __future__ import annotations

from dataclasses import dataclass

LOSS_PCT, JITTER_MS, RTT_MS = 3.0, 40.0, 300.0


@dataclass(frozen=True)
class Advice:
    problem: str            # loss | jitter | delay
    value: float            # the figure that crossed the line (%, ms, ms)


class Advisor:
    """One call's advice; a new Advisor per call."""

    def __init__(self, persist: int = 2, quiet_s: float = 60.0, loss_pct: float = LOSS_PCT,
                 jitter_ms: float = JITTER_MS, rtt_ms: float = RTT_MS) -> None:
        self.persist, self.quiet_s = max(1, persist), quiet_s
        self.limits = {"loss": loss_pct, "jitter": jitter_ms, "delay": rtt_ms}
        self._streak = {k: 0 for k in self.limits}
        self._said: dict[str, float] = {}

    def observe(self, loss_pct: float, jitter_ms: float, rtt_ms: float,
                now: float) -> Advice | None:
        values = {"loss": loss_pct, "jitter": jitter_ms, "delay": rtt_ms}
        for name, value in values.items():
            bad = value > self.limits[name]
            self._streak[name] = self._streak[name] + 1 if bad else 0
        for name in ("loss", "jitter", "delay"):            # the worst first
            if self._streak[name] >= self.persist:
                last = self._said.get(name)
                if last is None or now - last >= self.quiet_s:
                    self._said[name] = now
                    return Advice(name, round(values[name], 1))
        return None
