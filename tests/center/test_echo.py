"""The practice center's echo service (democenter/echo.py): what it sends back, and the app's echo test against it over a clean loopback path."""

from __future__ import annotations

import socket
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from democenter.echo import MAX_SOURCES, EchoService, _Counts
from softphone.platform import netprobe
from tests.support.procs import stop

ROOT = Path(__file__).resolve().parents[2]


def test_other_datagrams_come_back_unchanged_and_ours_stamped():
    echo = EchoService("127.0.0.1", 0).start()
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.settimeout(3)
            s.sendto(b"hello, any size" * 100, echo.address)
            assert s.recvfrom(65535)[0] == b"hello, any size" * 100
            packet = netprobe.echo_packet(0xABCDEF01, 7, 123456789)
            for n in (1, 2):
                s.sendto(packet, echo.address)
                back = s.recvfrom(65535)[0]
                assert len(back) == len(packet) and back[:28] == packet[:28]
                recv_ns, count = struct.unpack("!QI", back[28:40])
                assert recv_ns > 0 and count == n
            s.sendto(netprobe.echo_packet(0xABCDEF01, 0xFFFF, 1, netprobe.REPORT), echo.address)
            assert struct.unpack("!QI", s.recvfrom(65535)[0][28:40])[1] == 2   # not counted
    finally:
        echo.stop()


def test_counts_are_bounded():
    counts = _Counts()
    for i in range(MAX_SOURCES + 10):
        counts[i.to_bytes(4, "big")] = 1
    assert len(counts) == MAX_SOURCES and (0).to_bytes(4, "big") not in counts


def test_a_clean_loopback_path_reads_no_loss_and_little_jitter():
    echo = EchoService("127.0.0.1", 0).start()
    try:
        r = netprobe.echo_test(*echo.address, seconds=1.0)
    finally:
        echo.stop()
    assert r.error == "" and r.sent == 50 and r.received == 50 and r.server_received == 50
    assert r.timestamped and r.loss_pct == r.loss_up_pct == r.loss_down_pct == 0.0
    assert r.jitter_up_ms < 10 and r.jitter_down_ms < 10 and r.rtt_ms < 50


def test_no_echo_service_reads_as_no_answer():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]          # bound, never read: nothing comes back
        r = netprobe.echo_test("127.0.0.1", port, seconds=0.2, linger=0.2)
    assert r.received == 0 and r.error == "no_answer" and r.loss_pct == 100.0


@pytest.mark.slow
def test_the_module_runs_alone_and_says_where():
    proc = subprocess.Popen([sys.executable, "-m", "democenter.echo", "--port", "0"],
                            stdout=subprocess.PIPE, text=True, cwd=str(ROOT),
                            start_new_session=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("ECHO READY 127.0.0.1:")
        port = int(line.rsplit(":", 1)[1])
        r = netprobe.echo_test("127.0.0.1", port, seconds=0.2)
        assert r.received == r.sent == 10 and r.timestamped
    finally:
        stop(proc)
        proc.stdout.close()
