"""Thread priority (softphone/sip/audio/priority.py): rtkit asked for threads left below
SCHED_FIFO, what is reported, and the rtkit client against a stand-in rtkit on a private bus.

The C side (threads raising themselves, with and without the privilege) is tested in
test_fastpath.py."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading

import pytest

from softphone.sip.audio import priority
from softphone.sip.audio.priority import KINDS, PriorityWatch, Rtkit, RtkitError


class FakeCore:
    """fastpath.Core's priority slots, set by hand."""

    def __init__(self) -> None:
        self.slots = {i: (0, 0, 0, 0) for i in range(4)}
        self.notes: list[tuple] = []

    def report(self, role: int, tid: int, kind: str, value: int = 0) -> None:
        seq = self.slots[role][3] + 1
        self.slots[role] = (tid, KINDS.index(kind), value, seq)

    def priority_slot(self, role: int):
        return self.slots[role]

    def priority_note(self, role: int, seq: int, kind: int, value: int) -> bool:
        tid, _, _, now = self.slots[role]
        if now != seq:
            return False
        self.notes.append((role, kind, value))
        self.slots[role] = (tid, kind, value, seq)
        return True


class FakeRtkit:
    def __init__(self, realtime: bool = True, high: bool = True) -> None:
        self.realtime, self.high = realtime, high
        self.asked: list[tuple] = []

    def make_realtime(self, tid: int, priority: int = 10) -> int:
        self.asked.append(("realtime", tid))
        if not self.realtime:
            raise RtkitError("org.freedesktop.DBus.Error.AccessDenied")
        return 10

    def make_high_priority(self, tid: int, nice: int = -10) -> int:
        self.asked.append(("high", tid))
        if not self.high:
            raise RtkitError("refused")
        return -10

    def close(self) -> None:
        pass


def test_rtkit_is_asked_only_for_threads_below_fifo_and_once_per_thread():
    core, rt = FakeCore(), FakeRtkit()
    w = PriorityWatch(core, rt, helpers=())
    core.report(0, 101, "fifo", 10)                 # raised itself: nothing to ask
    core.report(1, 102, "none")
    core.report(3, 103, "nice", -10)
    assert w.check() == {"output": "fifo", "input": "rtkit", "timer": "rtkit"}
    assert rt.asked == [("realtime", 102), ("realtime", 103)]
    w.check()
    assert len(rt.asked) == 2                       # the same threads: not asked again
    core.report(1, 104, "none")                     # a new input thread (stream reopened)
    w.check()
    assert rt.asked[-1] == ("realtime", 104)
    assert w.describe() == "output=fifo(10) input=rtkit(10) timer=rtkit(10)"


def test_when_rtkit_refuses_real_time_a_thread_with_nothing_asks_for_nice():
    core, rt = FakeCore(), FakeRtkit(realtime=False)
    w = PriorityWatch(core, rt, helpers=())
    core.report(0, 201, "none")
    core.report(3, 202, "nice", -5)                 # has a nice level already: kept
    assert w.check() == {"output": "nice", "timer": "nice"}
    assert rt.asked == [("realtime", 201), ("high", 201), ("realtime", 202)]
    assert "AccessDenied" in w.rtkit_note


def test_without_rtkit_threads_keep_what_they_got():
    core = FakeCore()
    w = PriorityWatch(core, FakeRtkit(realtime=False, high=False), helpers=())
    core.report(0, 301, "none")
    assert w.check() == {"output": "none"}


def test_a_note_for_a_thread_that_was_replaced_meanwhile_is_ignored():
    core = FakeCore()
    core.report(1, 401, "none")
    seq = core.slots[1][3]
    core.report(1, 402, "none")
    assert not core.priority_note(1, seq, KINDS.index("rtkit"), 10)


# ---------------------------------------------------------------- the client, on a real bus
@pytest.fixture
def fake_rtkit(tmp_path, monkeypatch):
    """A private dbus-daemon with a stand-in org.freedesktop.RealtimeKit1 (records calls)."""
    if not shutil.which("dbus-daemon"):
        pytest.skip("dbus-daemon is not installed")
    jeepney = pytest.importorskip("jeepney")
    from jeepney.bus_messages import message_bus
    from jeepney.io.blocking import open_dbus_connection
    from jeepney.low_level import MessageType
    sock = tmp_path / "bus"
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--nopidfile",
                               f"--address=unix:path={sock}"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    address = f"unix:path={sock}"
    for _ in range(100):
        if sock.exists():
            break
        threading.Event().wait(0.05)
    conn = open_dbus_connection(address)
    conn.send_and_get_reply(message_bus.RequestName(priority.RTKIT), timeout=2)
    calls: list[tuple] = []
    props = {"MaxRealtimePriority": ("i", 5), "RTTimeUSecMax": ("x", 200000),
             "MinNiceLevel": ("i", -15)}
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                msg = conn.receive(timeout=0.1)
            except TimeoutError:
                continue
            except OSError:
                return
            if msg.header.message_type != MessageType.method_call:
                continue
            member = msg.header.fields.get(jeepney.HeaderFields.member)
            calls.append((member, msg.body))
            if member == "Get":
                conn.send(jeepney.new_method_return(msg, "v", (props[msg.body[1]],)))
            else:
                conn.send(jeepney.new_method_return(msg))
    t = threading.Thread(target=serve, daemon=True)
    t.start()
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", address)
    yield calls
    stop.set()
    t.join(2)
    conn.close()
    daemon.kill()
    daemon.wait(5)


def test_the_rtkit_client_sets_rttime_then_asks_within_rtkits_limits(fake_rtkit):
    rttime: list[int] = []
    rt = Rtkit(set_rttime=rttime.append)
    try:
        assert rt.make_realtime(os.getpid(), 10) == 5            # capped at MaxRealtimePriority
        assert rttime == [200000]                                 # RLIMIT_RTTIME before asking
        assert ("MakeThreadRealtime", (os.getpid(), 5)) in fake_rtkit
        assert rt.make_high_priority(os.getpid(), -20) == -15     # capped at MinNiceLevel
        assert ("MakeThreadHighPriority", (os.getpid(), -15)) in fake_rtkit
    finally:
        rt.close()


def test_the_rtkit_client_fails_cleanly_without_a_bus(tmp_path, monkeypatch):
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", f"unix:path={tmp_path}/none")
    with pytest.raises(OSError):
        Rtkit(set_rttime=lambda usec: None).make_realtime(os.getpid())


def test_an_unreachable_rtkit_is_given_up_for_the_session():
    class Gone(FakeRtkit):
        def make_realtime(self, tid, priority=10):
            self.asked.append(("realtime", tid))
            raise FileNotFoundError("no system bus")
    core, rt = FakeCore(), Gone()
    w = PriorityWatch(core, rt, helpers=())
    core.report(0, 501, "none")
    core.report(1, 502, "none")
    assert w.check() == {"output": "none", "input": "none"}
    assert rt.asked == [("realtime", 501)] and w.rtkit is None
    assert "no system bus" in w.rtkit_note
