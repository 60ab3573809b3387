"""The native path's callbacks called directly (no PortAudio, no pjmedia clock): edge cases.

The real-parts tests (test_bridge_call.py, test_engine_audio.py) run the same callbacks from
PortAudio and pjmedia; here each is called by hand with hostile or unusual input.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
import time

import numpy as np
import pytest

from softphone.sip.audio import fastpath, priority
from softphone.sip.audio.conference import PjFrame

RATE, FRAME, BLOCK = 48000, 960, 480
PA_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_ulong,
                         ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p)
PORT_CB = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


class Rig:
    def __init__(self, ringtone=None, whisper=None) -> None:
        assert fastpath.load() is not None, fastpath.why()
        tone = np.zeros(0, np.float32) if ringtone is None else ringtone
        beep = np.zeros(0, np.float32) if whisper is None else whisper
        self.core = fastpath.Core(RATE, tone, beep, -50.0)
        lib = self.core.lib
        self.out_cb, self.in_cb, self.ring_cb = (PA_CB(lib.fp_callback(i)) for i in range(3))
        layout = (ctypes.c_int64 * 4)()       # the library's pjmedia_port: where put/get_frame are
        lib.fp_layout(layout)
        assert layout[2] == layout[1] + ctypes.sizeof(ctypes.c_void_p)
        ptrs = (ctypes.c_void_p * 2).from_address(self.core.ptr + layout[1])
        self.put, self.get = PORT_CB(ptrs[0]), PORT_CB(ptrs[1])
        self.st = self.core.state

    def close(self) -> None:
        self.core.free()

    def play(self, frames: int = BLOCK) -> np.ndarray:
        out = np.zeros(frames, np.float32)
        assert self.out_cb(None, out.ctypes.data, frames, None, 0, self.core.ptr) == 0
        return out

    def ring(self, frames: int = 2048) -> np.ndarray:
        out = np.zeros(frames, np.float32)
        self.ring_cb(None, out.ctypes.data, frames, None, 0, self.core.ptr)
        return out

    def mic(self, x: np.ndarray, flags: int = 0) -> None:
        x = np.ascontiguousarray(x, np.float32)
        self.in_cb(x.ctypes.data, None, len(x), None, flags, self.core.ptr)

    def frame(self, pcm: np.ndarray | None, ftype: int = 1, size: int | None = None):
        buf = np.zeros(FRAME, np.int16) if pcm is None else np.ascontiguousarray(pcm, np.int16)
        f = PjFrame(ftype, buf.ctypes.data, buf.nbytes if size is None else size, 0, 0)
        return f, buf

    def put_frame(self, pcm, ftype: int = 1, size: int | None = None) -> int:
        f, _ = self.frame(pcm, ftype, size)
        return self.put(self.core.ptr, ctypes.addressof(f))

    def get_frame(self, size: int = FRAME * 2) -> tuple[int, np.ndarray]:
        f, buf = self.frame(None, 0, size)
        assert self.get(self.core.ptr, ctypes.addressof(f)) == 0
        return f.type, buf


@pytest.fixture
def rig():
    r = Rig()
    yield r
    r.close()


def sine(hz: float, n: int, amp: float = 0.5) -> np.ndarray:
    return (amp * np.sin(2 * np.pi * hz * np.arange(n) / RATE)).astype(np.float32)


def test_nothing_moves_without_a_call(rig):
    rig.play()
    assert rig.put_frame((sine(1000, FRAME) * 32767).astype(np.int16)) == 0
    assert rig.core.down.fill() == 0
    ftype, pcm = rig.get_frame()
    assert ftype == 1 and not pcm.any()          # silence to the caller, still a frame
    assert not rig.play().any()


def test_call_audio_reaches_the_headset_once_primed(rig):
    rig.st.live = 1
    rig.play()                                    # the headset stream is running
    tone = (sine(1000, FRAME) * 32767).astype(np.int16)
    for _ in range(3):
        rig.put_frame(tone)
    assert rig.st.rx_frames == 3
    out = np.concatenate([rig.play() for _ in range(4)])
    assert np.abs(out).max() > 0.4


def test_frames_are_dropped_while_the_headset_is_not_running(rig):
    rig.st.live = 1                               # no out_cb yet: out_last is 0
    before = rig.st.heard_last
    rig.put_frame((sine(1000, FRAME) * 32767).astype(np.int16))
    assert rig.core.down.fill() == 0 and rig.st.rx_frames == 0
    assert rig.st.heard_last > before             # still counted as the caller's sound


def test_empty_and_odd_frames_are_ignored(rig):
    rig.st.live = 1
    rig.play()
    before = rig.st.heard_last
    assert rig.put_frame(None, ftype=0) == 0                     # PJMEDIA_FRAME_TYPE_NONE
    assert rig.put_frame(np.zeros(4, np.int16), size=1) == 0     # shorter than one sample
    assert rig.core.down.fill() == 0 and rig.st.heard_last == before


def test_oversized_frame_request_is_clamped(rig):
    big = np.zeros(fastpath.FRAME_MAX * 2, np.int16)
    f = PjFrame(0, big.ctypes.data, big.nbytes, 0, 0)
    assert rig.get(rig.core.ptr, ctypes.addressof(f)) == 0
    assert f.size == fastpath.FRAME_MAX * 2 and f.type == 1


def test_mic_reaches_the_call_clipped_and_mute_sends_zeros(rig):
    rig.st.live = 1
    for _ in range(4):
        rig.mic(np.full(BLOCK, 2.0, np.float32))           # beyond full scale
    _, pcm = rig.get_frame()
    assert pcm.max() == 32767 and pcm.min() >= 0
    rig.st.muted = 1
    for _ in range(8):
        rig.mic(sine(440, BLOCK))
    frames = [rig.get_frame()[1] for _ in range(3)]
    assert not frames[-1].any()
    assert rig.core.now() - rig.st.sent_last < 1.0         # muted is not a "silent mic"


def test_input_overflow_flag_is_counted(rig):
    rig.mic(np.zeros(BLOCK, np.float32), flags=0x2)
    assert rig.st.pa_overflows == 1 and rig.st.in_calls == 1


def test_ringtone_loops_only_while_ringing():
    tone = sine(800, 3000)
    r = Rig(ringtone=tone)
    try:
        assert not r.ring().any()
        r.st.ringing = 1
        got = np.concatenate([r.ring() for _ in range(3)])        # 6144 samples, 3000 long
        assert np.allclose(got[:3000], tone) and np.allclose(got[3000:6000], tone)
        r.st.ringing = 0
        assert not r.ring().any()
    finally:
        r.close()


def test_whisper_is_mixed_into_the_headset_once():
    beep = np.full(700, 0.25, np.float32)
    r = Rig(whisper=beep)
    try:
        assert not r.core.whisper_busy()
        r.core.play_whisper()
        assert r.core.whisper_busy()
        out = np.concatenate([r.play() for _ in range(3)])
        assert np.allclose(out[:700], 0.25) and not out[700:].any()
        assert not r.core.whisper_busy()
    finally:
        r.close()


# ---------------------------------------------------------------- driving the conference
REG = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p)
ISREG = ctypes.CFUNCTYPE(ctypes.c_int)


class FakeConference:
    """One conference cycle as pjsua's runs it for our port: ask its frame, hand it the
    caller's (``caller`` int16 samples, or None for a tick with nothing from the caller)."""

    def __init__(self, rig: Rig) -> None:
        self.rig = rig
        self.caller: np.ndarray | None = None
        self.sent: list[np.ndarray] = []
        self.cycles = 0
        self.get = PORT_CB(self._cycle)
        self.put = PORT_CB(lambda port, frame: 0)
        self.reg = REG(lambda name, desc, thread: 0)
        self.isreg = ISREG(lambda: 1)
        self._master = ctypes.create_string_buffer(256)

    def _cycle(self, master, frame) -> int:
        self.cycles += 1
        f, buf = self.rig.frame(None, 0)
        self.rig.get(self.rig.core.ptr, ctypes.addressof(f))
        self.sent.append(buf.copy())
        if self.caller is None:
            self.rig.put_frame(None, ftype=0, size=FRAME * 2)
        else:
            self.rig.put_frame(self.caller)
        return 0

    def start(self) -> None:
        fn = [ctypes.cast(c, ctypes.c_void_p).value for c in (self.put, self.get, self.reg,
                                                                self.isreg)]
        assert self.rig.core.lib.fp_drive_start(self.rig.core.ptr,
                                                ctypes.addressof(self._master), *fn, FRAME) == 0

    def stop(self) -> None:
        self.rig.core.lib.fp_drive_stop(self.rig.core.ptr)


@pytest.fixture
def conf(rig):
    c = FakeConference(rig)
    c.start()
    yield c
    c.stop()


# The fake conference's timer thread may also tick (on its own clock) while a test runs: the
# checks below count on the microphone's ticks and the frames' content, not on timing.
def test_a_captured_frame_reaches_the_call_in_the_same_tick(rig, conf):
    rig.st.live = 1
    mic = sine(440, FRAME)
    expected = np.clip(mic * 32767.0, -32768, 32767).astype(np.int16)
    rig.mic(mic[:BLOCK])
    ticks, sent = rig.st.ticks_capture, len(conf.sent)
    rig.mic(mic[BLOCK:])                       # completes the frame: the tick runs now
    assert rig.st.ticks_capture == ticks + 1
    assert any(np.abs(f.astype(int) - expected).max() <= 1 for f in conf.sent[sent:])
    rig.st.muted = 1
    sent = len(conf.sent)
    rig.mic(mic[:BLOCK])
    rig.mic(mic[BLOCK:])
    assert len(conf.sent) > sent and not any(f.any() for f in conf.sent[sent:])


def test_silent_ticks_reach_the_headset_as_silence(rig, conf):
    rig.st.live = 1
    conf.caller = None                          # the caller sends nothing
    rig.play()                                  # the headset stream is running
    rig.core.down.clear()
    rig.play()                                  # (the reader applies the clear)
    cycles = conf.cycles
    for _ in range(3):
        rig.mic(np.zeros(FRAME, np.float32))
    # every cycle left a frame of silence: no gap for the headset to fall into
    assert conf.cycles >= cycles + 3 and rig.core.down.fill() == FRAME * (conf.cycles - cycles)
    conf.caller = (sine(1000, FRAME) * 32767).astype(np.int16)
    before = rig.st.heard_last
    rig.mic(np.zeros(FRAME, np.float32))
    assert rig.st.heard_last > before


def test_the_timer_drives_while_the_microphone_is_quiet_and_stops_with_the_drive(rig):
    c = FakeConference(rig)
    c.start()
    try:
        time.sleep(0.3)                         # no microphone at all: ~15 timer ticks
        ticks = rig.st.ticks_timer
        assert 8 <= ticks <= 20 and rig.st.ticks_capture == 0, ticks
        for _ in range(10):                     # a microphone appears: it takes over
            rig.mic(np.zeros(BLOCK, np.float32))
        assert rig.st.ticks_capture == 5
    finally:
        c.stop()
    done = c.cycles
    rig.mic(np.zeros(FRAME, np.float32))
    time.sleep(0.1)
    assert c.cycles == done                     # stopped: nothing ticks any more


# ---------------------------------------------------------------- priority and lateness
def in_thread(fn):
    """Run ``fn`` on a new thread; returns (its result, its kernel thread id)."""
    import threading
    got = {}

    def run():
        got["tid"] = threading.get_native_id()
        got["out"] = fn()
    t = threading.Thread(target=run)
    t.start()
    t.join()
    return got.get("out"), got["tid"]


def test_callbacks_leave_priority_alone_until_asked(rig):
    _, tid = in_thread(rig.play)
    assert rig.core.priority_slot(0) == (0, 0, 0, 0)


@pytest.mark.skipif(os.geteuid() != 0, reason="SCHED_FIFO needs root or CAP_SYS_NICE here")
def test_a_callback_thread_raises_itself_once_and_says_what_it_got(rig):
    rig.core.want_priority()

    def twice():
        rig.play()
        rig.play()
        return os.sched_getscheduler(0), os.sched_getparam(0).sched_priority
    (policy, prio), tid = in_thread(twice)
    assert (policy, prio) == (os.SCHED_FIFO, 10)
    got_tid, kind, value, seq = rig.core.priority_slot(0)
    assert (got_tid, priority.KINDS[kind], value, seq) == (tid, "fifo", 10, 1)
    in_thread(lambda: rig.mic(np.zeros(BLOCK, np.float32)))
    assert priority.KINDS[rig.core.priority_slot(1)[1]] == "fifo"
    assert rig.core.priority_slot(0)[3] == 1                # the output's slot is untouched


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv") or not shutil.which("prlimit"),
                    reason="needs root, setpriv and prlimit to take the privilege away")
def test_without_the_privilege_a_callback_thread_gets_only_a_short_slice_and_says_so():
    code = (
        "import os, threading\n"
        "import numpy as np\n"
        "from softphone.sip.audio import fastpath, priority\n"
        "from tests.audio.test_fastpath import Rig\n"
        "r = Rig(); r.core.want_priority()\n"
        "t = threading.Thread(target=r.play); t.start(); t.join()\n"
        "tid, kind, value, seq = r.core.priority_slot(0)\n"
        "print(priority.KINDS[kind], seq, tid == t.native_id)\n")
    # a short EEVDF slice needs no privilege (Linux 6.12+); older kernels leave "none"
    short = fastpath.load() is not None and fastpath.load().fp_short_slice(0) == 0
    out = subprocess.run(["setpriv", "--inh-caps=-sys_nice", "--bounding-set=-sys_nice", "--",
                          "prlimit", "--rtprio=0:0", "--nice=0:0", "--", sys.executable, "-c",
                          code], capture_output=True, text=True, cwd=fastpath.HERE.parents[2])
    assert out.stdout.split() == ["slice" if short else "none", "1", "True"], out.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="SCHED_FIFO needs root or CAP_SYS_NICE here")
def test_the_timer_thread_raises_itself(rig):
    rig.core.want_priority()
    c = FakeConference(rig)
    c.start()
    try:
        time.sleep(0.1)
        tid, kind, value, seq = rig.core.priority_slot(3)
        assert priority.KINDS[kind] == "fifo" and seq == 1 and tid > 0
        assert os.sched_getscheduler(tid) == os.SCHED_FIFO
    finally:
        c.stop()


def test_a_late_headset_callback_widens_the_margin_before_an_underrun(rig):
    rig.st.live = 1
    rig.play()
    tone = (sine(1000, FRAME) * 32767).astype(np.int16)
    for _ in range(6):
        rig.put_frame(tone)                      # 120 ms queued: no underrun ahead
    down = rig.core.down
    base = down.margin
    rig.play()
    rig.play()
    time.sleep(0.03)                             # 30 ms after a 10 ms block: late
    rig.play()
    assert down.late_reads >= 1 and down.late_widened >= 1 and down.margin > base
    assert down.underruns == 0


def test_the_headset_ring_keeps_a_wider_margin_while_its_thread_is_below_real_time(rig):
    """A loaded laptop delays an output thread without real-time priority by more than the
    ring's base margin (the audio benchmark's unprivileged loaded runs underran at 14-19 ms):
    such a thread's ring never goes below the floor; rtkit's grant lowers the floor again."""
    down, ms = rig.core.down, RATE // 1000
    floor = fastpath.load().fp_unraised_floor_ms() * ms
    assert floor > fastpath.MARGIN_MS * ms
    rig.play()
    assert down.margin == round(fastpath.MARGIN_MS * ms)       # no priority asked: as built
    _, _, _, seq = rig.core.priority_slot(0)
    rig.core.want_priority()
    rig.play()                                   # this thread reports what it got
    tid, kind, _, seq = rig.core.priority_slot(0)
    if priority.KINDS[kind] == "fifo":           # root here: the output thread is real-time
        assert down.margin == round(fastpath.MARGIN_MS * ms)
        assert rig.core.priority_note(0, seq, priority.KINDS.index("nice"), -10)
        rig.play()
    assert down.margin == floor                                 # nice, slice or none: the floor
    assert rig.core.priority_note(0, seq, priority.KINDS.index("rtkit"), 10)
    rig.play()
    assert down.margin == floor              # a grant lowers the floor; calm gives the rest back
    rig.st.live = 1
    tone = (sine(1000, FRAME) * 32767).astype(np.int16)
    for _ in range(3):
        rig.put_frame(tone)
    for _ in range(3000):                    # 60 s of calm audio: 1 ms per ~3 s after ~15 s
        rig.put_frame(tone)
        for _ in range(FRAME // BLOCK):
            rig.play()
    assert fastpath.MARGIN_MS * ms <= down.margin < floor and down.underruns == 0
