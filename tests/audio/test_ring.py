"""Pure-logic tests of the drift-controlled ring with simulated clocks (no audio devices).

Every test runs on both rings: the Python ``DriftRing`` and the C ring of the native fast
path (``fastpath.NativeRing``), which implements the same algorithm."""

from __future__ import annotations

import numpy as np
import pytest

from softphone.sip.audio import fastpath
from softphone.sip.audio.ring import DriftRing

RATE = 48000


@pytest.fixture(params=["python", "native"])
def Ring(request):
    if request.param == "python":
        return DriftRing
    assert fastpath.load() is not None, fastpath.why()   # CI builds it: missing is a failure
    return fastpath.NativeRing


def simulate(Ring, ppm: float, seconds: float, producer_block: int, consumer_block: int,
             jitter_ms: float = 1.0, seed: int = 7, stall_at: float | None = None,
             stall_ms: float = 0.0):
    """Producer and consumer on clocks ``ppm`` apart; returns (ring, fills after warm-up, out)."""
    rng = np.random.default_rng(seed)
    ring = Ring(RATE)
    p_period = producer_block / RATE / (1 + ppm * 1e-6)   # producer clock runs ppm fast
    c_period = consumer_block / RATE
    p_next, c_next = 0.0, 0.005
    counter = 0.0
    out = np.zeros(consumer_block, dtype=np.float32)
    fills, collected = [], []
    underruns_after_warmup = None
    stalled = False
    while True:
        jp = rng.uniform(0, jitter_ms) / 1000
        jc = rng.uniform(0, jitter_ms) / 1000
        if p_next + jp <= c_next + jc:
            t = p_next
            if t > seconds:
                break
            block = (np.arange(producer_block) + counter).astype(np.float32)
            counter += producer_block
            ring.write(np.sin(block * 2 * np.pi * 1000 / RATE).astype(np.float32), now=t + jp)
            p_next += p_period
        else:
            t = c_next
            if stall_at is not None and not stalled and t >= stall_at:
                stalled = True
                c_next += stall_ms / 1000
                continue
            ring.read_into(out, now=t + jc)
            c_next += c_period
            if t > 1.0:
                if underruns_after_warmup is None:
                    underruns_after_warmup = ring.underruns
                fills.append(ring.fill())
                if len(collected) < 200:
                    collected.append(out.copy())
    return ring, np.array(fills), underruns_after_warmup, np.concatenate(collected)


@pytest.mark.parametrize("ppm", [+100.0, -100.0])
@pytest.mark.parametrize("blocks", [(960, 480), (480, 960)])
def test_skew_is_absorbed_with_bounded_fill(Ring, ppm, blocks):
    ring, fills, u0, _ = simulate(Ring, ppm, 600.0, *blocks)
    # bounded: never more than producer block + consumer block + 25 ms, at any time after warm-up
    assert fills.max() <= blocks[0] + blocks[1] + int(0.025 * RATE), fills.max()
    # no underrun after the first second
    assert ring.underruns == u0, ring.counters()
    assert ring.overruns == 0
    # 100 ppm over 600 s is 2880 samples: the controller must have corrected about that many
    assert 0.5 * 2880 <= ring.corrections <= 3 * 2880, ring.counters()
    # the fill does not trend: last minute's mean is within 5 ms of the second minute's
    per_min = len(fills) // 10
    assert abs(fills[-per_min:].mean() - fills[per_min:2 * per_min].mean()) < 0.005 * RATE


def test_no_skew_needs_few_corrections(Ring):
    ring, _, u0, _ = simulate(Ring, 0.0, 120.0, 960, 480)
    assert ring.underruns == u0
    assert ring.corrections < 200, ring.counters()


def test_corrections_are_not_audible_jumps(Ring):
    # a 1 kHz sine through a ring correcting +100 ppm: sample-to-sample steps stay sine-sized
    _, _, _, out = simulate(Ring, 100.0, 30.0, 960, 480, jitter_ms=0.5)
    steps = np.abs(np.diff(out))
    assert steps.max() < 2 * np.sin(np.pi * 1000 / RATE) * 1.05


def test_stall_triggers_one_hard_reset_and_latency_recovers(Ring):
    ring, fills, _, _ = simulate(Ring, 0.0, 20.0, 960, 480, stall_at=5.0, stall_ms=300)
    assert ring.resets >= 1, ring.counters()
    assert fills[-100:].max() <= 960 + 480 + int(0.025 * RATE)


def test_overrun_is_counted_and_underrun_is_silence(Ring):
    ring = Ring(RATE, capacity_ms=50)
    ring.write(np.ones(2000, dtype=np.float32))
    assert ring.overruns == 0
    ring.write(np.ones(1000, dtype=np.float32))       # 2400 fit in 50 ms
    assert ring.overruns == 1
    out = np.zeros(480, dtype=np.float32)
    while ring.fill() >= 480:
        ring.read_into(out)
    ring.read_into(out)
    assert ring.underruns == 1
    assert np.all(out[ring.fill():] == 0.0)


def test_margin_widened_by_an_underrun_shrinks_back_when_calm(Ring):
    ring = Ring(RATE)
    base = ring.margin
    out = np.zeros(480, dtype=np.float32)
    block = np.zeros(960, dtype=np.float32)
    t = 0.0
    ring.write(block, now=t)
    ring.write(block, now=t)
    for _ in range(10):                       # starve it: underruns widen the margin
        ring.read_into(out, now=t)
    assert ring.underruns >= 1 and ring.margin > base
    widened = ring.margin
    for i in range(60 * 50):                  # then 60 s of a steady 20 ms producer
        t += 0.02
        ring.write(block, now=t)
        ring.read_into(out, now=t + 0.001)
        ring.read_into(out, now=t + 0.011)
    assert ring.margin < widened


def test_native_ring_matches_the_python_ring_step_for_step():
    assert fastpath.load() is not None, fastpath.why()
    runs = [simulate(cls, 150.0, 30.0, 960, 480, stall_at=10.0, stall_ms=200)
            for cls in (DriftRing, fastpath.NativeRing)]
    (py, py_fills, _, py_out), (c, c_fills, _, c_out) = runs
    assert py.counters() == c.counters() and py.drops == c.drops and py.margin == c.margin
    assert np.array_equal(py_fills, c_fills)
    assert np.allclose(py_out, c_out, atol=1e-6)


def steady(ring, t: float, seconds: float, late_writes: dict | None = None,
           late_reads: dict | None = None) -> float:
    """A 20 ms producer and a 10 ms consumer from ``t`` for ``seconds``; ``late_writes`` /
    ``late_reads`` map a period's index to how late (s) that write / read comes. Returns t."""
    block, out = np.zeros(960, dtype=np.float32), np.zeros(480, dtype=np.float32)
    late_writes, late_reads = late_writes or {}, late_reads or {}
    for i in range(int(seconds * 50)):
        ring.write(block, now=t + late_writes.get(i, 0.0))
        ring.read_into(out, now=t + 0.001 + late_reads.get(2 * i, 0.0))
        ring.read_into(out, now=t + 0.011 + late_reads.get(2 * i + 1, 0.0))
        t += 0.02
    return t


def test_late_callbacks_widen_the_margin_before_any_underrun_then_calm_shrinks_it(Ring):
    ring = Ring(RATE)
    base = ring.margin
    t = steady(ring, 0.0, 5.0)
    assert ring.margin == base and ring.late_reads == 0 and ring.late_writes == 0
    # the producer comes 12 ms late four times (a 32 ms gap for a 20 ms block): the first late
    # write, which the margin does not cover with a step (2 ms) to spare, widens it at once to
    # the lateness plus that step, before an underrun happens: 8 -> 14 ms; the others find it
    # covered
    t = steady(ring, t, 5.0, late_writes={50: 0.012, 100: 0.012, 150: 0.012, 200: 0.012})
    assert ring.late_writes == 4 and ring.underruns == 0
    assert ring.margin == base + 3 * (RATE // 500), ring.margin
    assert ring.late_widened == 1
    widened = ring.margin
    # the consumer comes 8 ms late (an 18 ms gap for a 10 ms block): covered, held, no step
    t = steady(ring, t, 2.0, late_reads={40: 0.008})
    assert ring.late_reads == 1 and ring.margin == widened
    # a gap longer than a block plus the widest margin is a pause, not lateness
    t = steady(ring, t + 1.0, 2.0)
    assert ring.late_reads == 1 and ring.late_writes == 4
    # a read 6 ms late (a 14 ms margin covers it twice over) does not hold the margin: after
    # ~15 s of calm the 6 ms widening is given back, 1 ms per ~3 s, down to the base
    t = steady(ring, t, 6.0, late_reads={40: 0.006})
    assert ring.margin == widened and ring.late_reads == 2, ring.counters()
    t = steady(ring, t, 12.0)
    assert base < ring.margin < widened, ring.counters()
    steady(ring, t, 30.0)
    assert ring.margin == base and ring.underruns == 0, ring.counters()


def test_native_ring_matches_the_python_ring_with_late_callbacks():
    assert fastpath.load() is not None, fastpath.why()
    # 12 ms of random jitter on a 10 ms consumer and a 20 ms producer: many late calls
    runs = [simulate(cls, -80.0, 60.0, 960, 480, jitter_ms=12.0, seed=3)
            for cls in (DriftRing, fastpath.NativeRing)]
    (py, py_fills, _, py_out), (c, c_fills, _, c_out) = runs
    assert py.late_reads > 10 and py.late_widened > 0, py.counters()
    assert py.counters() == c.counters() and py.margin == c.margin
    assert np.array_equal(py_fills, c_fills)
    assert np.allclose(py_out, c_out, atol=1e-6)
