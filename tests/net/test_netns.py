"""The namespace helper: leftovers of killed runs are swept, a thread comes back to its own namespace, forwarding is per namespace."""

from __future__ import annotations

import os
import socket
import subprocess

import pytest

from tests.net.conftest import require
from tests.support import netns
from tests.support.netns import PREFIX, Namespace, veth
from tests.support.procs import start, stop, wait_for

pytestmark = pytest.mark.slow


def thread_netns() -> int:
    return os.stat("/proc/thread-self/ns/net").st_ino


def test_namespaces_of_a_dead_creator_are_swept_with_what_runs_inside(netns_problem):
    require(netns_problem)
    creator = subprocess.Popen(["sleep", "30"])
    ticks = netns._start_ticks(creator.pid)
    stale = f"{PREFIX}-{creator.pid}-{ticks}-1-stale"
    netns.ip("netns", "add", stale)
    inside = start([netns.IP, "netns", "exec", stale, "sleep", "60"])
    keep = Namespace("keep")                         # made by this (live) process
    try:
        netns.sweep_stale()
        assert os.path.exists(netns.NETNS_DIR / stale), "swept while its creator lived"
        assert inside.poll() is None

        creator.kill()
        creator.wait(5)
        assert stale in netns.sweep_stale()
        assert not os.path.exists(netns.NETNS_DIR / stale)
        assert inside.wait(5) is not None            # killed by pid, not left running
        assert keep.exists()
    finally:
        stop(inside)
        creator.kill()
        creator.wait(5)
        netns.ip("netns", "del", stale, check=False)
        keep.destroy()
    assert not keep.exists()


def test_a_thread_returns_to_its_own_namespace_even_after_an_error(namespace):
    home = thread_netns()
    with pytest.raises(RuntimeError):
        with namespace.entered():
            assert thread_netns() != home
            raise RuntimeError("boom")
    assert thread_netns() == home
    # a socket made inside keeps living there: its 127.0.0.1 is the namespace's own
    with namespace.socket(socket.AF_INET, socket.SOCK_DGRAM) as inside:
        inside.bind(("127.0.0.1", 0))
        port = inside.getsockname()[1]
        with namespace.socket(socket.AF_INET, socket.SOCK_DGRAM) as peer:
            peer.sendto(b"hi", ("127.0.0.1", port))
            inside.settimeout(2)
            assert inside.recvfrom(10)[0] == b"hi"
    assert thread_netns() == home


def test_forwarding_is_a_setting_of_one_namespace(namespace):
    other = Namespace("other")
    try:
        veth(namespace, "a0", other, "b0", a_addr="192.0.2.1/24", b_addr="192.0.2.2/24")
        assert other.addresses("b0") == ["192.0.2.2"] and other.link_is_up("b0")
        root = open("/proc/sys/net/ipv4/ip_forward").read().strip()
        namespace.set_forwarding(True)
        assert namespace.forwarding() and not other.forwarding()
        assert namespace.run(["sysctl", "-n", "net.ipv4.ip_forward"]).stdout.strip() == "1"
        namespace.set_forwarding(False)
        assert not namespace.forwarding()
        assert open("/proc/sys/net/ipv4/ip_forward").read().strip() == root
    finally:
        other.destroy()
    assert not other.exists()
    # the kernel removes a deleted namespace's devices (and so the veth peer) a bit later
    wait_for(lambda: "a0" not in namespace.links(), 5, what="the veth peer to go")
