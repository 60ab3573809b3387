"""Reachability check against a real listening socket on loopback, and a closed port."""

import socket

from softphone.platform.network import center_endpoint, check_center
from tests.support.procs import free_port


def test_endpoint_parsing():
    assert center_endpoint("https://center.example/api/v1") == ("center.example", 443)
    assert center_endpoint("http://127.0.0.1:8780/api/v1") == ("127.0.0.1", 8780)


def test_reachable_and_not():
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        port = srv.getsockname()[1]
        r = check_center(f"http://127.0.0.1:{port}/api/v1")
        assert r.ok and r.port == port and r.latency_ms >= 0
    closed = free_port()
    r = check_center(f"http://127.0.0.1:{closed}/api/v1", timeout=1)
    assert not r.ok and "refused" in r.problem
    assert not check_center("").ok
