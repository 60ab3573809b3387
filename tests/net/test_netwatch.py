"""The network watcher (softphone/platform/netwatch.py) on a real kernel: netlink messages from its own network namespace, one signal per burst."""

from __future__ import annotations

import struct
import time

import pytest

from softphone.platform.netwatch import NetWatcher, message_kinds
from tests.net.conftest import require
from tests.support.netns import Namespace

DEBOUNCE_MS = 300


def test_message_kinds_reads_every_header_and_skips_the_rest():
    def msg(kind: int, body: bytes = b"") -> bytes:
        length = 16 + len(body)
        return struct.pack("=IHHII", length, kind, 0, 0, 0) + body + b"\0" * (-length % 4)
    data = msg(20, b"abc") + msg(3) + msg(25, b"x" * 8) + b"\x01\x02"   # 3 = NLMSG_DONE
    assert message_kinds(data) == ["address", "route gone"]
    assert message_kinds(b"") == [] and message_kinds(b"\0" * 16) == []


@pytest.fixture
def watched(netns_problem, qtbot):
    """A namespace and a NetWatcher whose netlink socket lives in it."""
    require(netns_problem)
    ns = Namespace("watch")
    watcher = NetWatcher(debounce_ms=DEBOUNCE_MS, max_delay_ms=1500)
    fired: list[float] = []
    watcher.changed.connect(lambda: fired.append(time.monotonic()))
    with ns.entered():                  # the socket keeps the namespace it was made in
        assert watcher.start() == "netlink"
    yield ns, watcher, fired
    watcher.stop()
    ns.destroy()


def test_a_burst_of_link_address_and_route_changes_is_one_signal(watched, qtbot):
    ns, watcher, fired = watched
    began = time.monotonic()
    ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1")
    ns.add_address("v0", "10.77.0.1/24")
    ns.link_up("v0")
    ns.link_up("v1")
    ns.add_route("10.78.0.0/24", "10.77.0.2")
    last = time.monotonic()
    qtbot.waitUntil(lambda: len(fired) >= 1, timeout=3000)
    qtbot.wait(DEBOUNCE_MS * 3)                  # nothing more follows the burst
    assert len(fired) == 1, fired
    assert fired[0] - last >= DEBOUNCE_MS / 1000 * 0.9     # after the last change, debounced
    assert fired[0] - began < 1.6                          # never later than max_delay_ms


def test_changes_in_another_namespace_are_not_seen(watched, qtbot):
    ns, watcher, fired = watched
    with Namespace("other") as other:
        other.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1")
        other.add_address("v0", "10.77.0.1/24")
        other.link_up("v0")
        qtbot.wait(DEBOUNCE_MS * 3)
        assert fired == []
        ns.ip("link", "add", "w0", "type", "veth", "peer", "name", "w1")   # its own: seen
        qtbot.waitUntil(lambda: len(fired) == 1, timeout=3000)


def test_a_steady_stream_of_changes_still_signals_every_max_delay(watched, qtbot):
    ns, watcher, fired = watched
    ns.ip("link", "add", "v0", "type", "veth", "peer", "name", "v1")
    qtbot.wait(DEBOUNCE_MS * 3)
    fired.clear()
    began = time.monotonic()
    for i in range(30):                          # a change every 100 ms for 3 s
        ns.add_address("v0", f"10.79.{i}.1/24")
        qtbot.wait(100)
    assert len(fired) >= 1 and fired[0] - began < 2.0, [t - began for t in fired]
