"""E-model (ITU-T G.107, simplified) estimate of call quality as a MOS from delay, jitter and loss."""

from __future__ import annotations

# codec name (lower case) -> (Ie equipment impairment, Bpl packet-loss robustness), G.113 App. I
_CODECS: dict[str, tuple[float, float]] = {
    "pcmu": (0.0, 25.1),     # G.711 with packet-loss concealment (PJSIP has PLC)
    "pcma": (0.0, 25.1),
    "g722": (0.0, 25.1),     # wideband codec scored on the narrowband scale: treat as G.711
    "l16": (0.0, 25.1),
    "gsm": (20.0, 10.0),
    "ilbc": (11.0, 32.0),
    "speex": (11.0, 20.0),
}
_DEFAULT = (11.0, 15.0)
_PACKETIZATION_MS = 20.0


def r_factor(codec: str, one_way_delay_ms: float, loss_pct: float, burst_ratio: float = 1.0) -> float:
    """The transmission rating R (0..93.2) for a codec, a mouth-to-ear delay and packet loss."""
    ie, bpl = _CODECS.get(codec.lower().split("/")[0], _DEFAULT)
    d = max(0.0, float(one_way_delay_ms))
    idd = 0.024 * d + (0.11 * (d - 177.3) if d > 177.3 else 0.0)
    ppl = min(100.0, max(0.0, float(loss_pct)))
    burst = max(1.0, float(burst_ratio))
    ie_eff = ie + (95.0 - ie) * ppl / (ppl / burst + bpl)
    return max(0.0, min(93.2, 93.2 - idd - ie_eff))


def mos_from_r(r: float) -> float:
    """Map an R factor to a MOS between 1.0 and 4.5 (G.107 Annex B)."""
    if r <= 0:
        return 1.0
    if r >= 100:
        return 4.5
    return max(1.0, min(4.5, 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6))


def estimate_mos(codec: str, rtt_ms: float, jitter_ms: float, loss_pct: float) -> float:
    """MOS estimate from what RTCP tells us: one-way delay = RTT/2 + jitter buffer + packetization."""
    delay = max(0.0, rtt_ms) / 2 + 2 * max(0.0, jitter_ms) + _PACKETIZATION_MS
    return round(mos_from_r(r_factor(codec, delay, loss_pct)), 2)
