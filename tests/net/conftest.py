"""Fixtures for network tests (namespaces, a real OpenVPN tunnel, the impairment relay), and the one rule for a machine that lacks them.

The rule: when network namespaces, ``/dev/net/tun`` or ``openvpn`` are missing, a test that
needs them FAILS with the reason if the environment variable ``CI`` is set (CI must provide
them: root, the tun driver, the ``openvpn`` package from scripts/system-packages.txt), and
is skipped with the reason otherwise (a developer's laptop without root).
"""

from __future__ import annotations

import os

import pytest

from tests.support import netns, vpn
from tests.support.netns import Namespace, TcpEcho, UdpEcho
from tests.support.vpn import SERVICE, Tunnel

UDP_ECHO_PORT, TCP_ECHO_PORT = 7, 7007
_TIMINGS: list[tuple[str, dict]] = []


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require(problem: str | None) -> None:
    """Fail (``CI`` set) or skip (otherwise) with ``problem``; nothing when it is None."""
    if problem is None:
        return
    if in_ci():
        pytest.fail(f"CI must be able to run network tests, but: {problem}", pytrace=False)
    pytest.skip(problem)


@pytest.fixture(scope="session")
def netns_problem() -> str | None:
    return netns.problem()


@pytest.fixture(scope="session")
def vpn_problem(netns_problem) -> str | None:
    return netns_problem or vpn.problem()


@pytest.fixture
def namespace(netns_problem):
    """A fresh namespace (``lo`` up), destroyed after the test with what runs inside."""
    require(netns_problem)
    ns = Namespace("relay")
    yield ns
    ns.destroy()


@pytest.fixture
def make_tunnel(vpn_problem, tmp_path):
    """``make_tunnel(**kw)`` starts a ``Tunnel``; all are stopped (by pid) after the test."""
    require(vpn_problem)
    made: list[Tunnel] = []

    def make(**kw) -> Tunnel:
        t = Tunnel(tmp_path, **kw)
        made.append(t)
        return t.start()

    yield make
    for t in made:
        t.stop()


@pytest.fixture
def tunnel(make_tunnel) -> Tunnel:
    """A started tunnel (TLS, home default route) between home and the center."""
    return make_tunnel()


@pytest.fixture
def center_echo(tunnel):
    """UDP and TCP echo services on the center's service address, inside the center namespace."""
    udp = UdpEcho((SERVICE, UDP_ECHO_PORT), ns=tunnel.center).start()
    tcp = TcpEcho((SERVICE, TCP_ECHO_PORT), ns=tunnel.center).start()
    yield udp, tcp
    udp.stop()
    tcp.stop()


@pytest.fixture
def report_timings(request):
    """``report_timings(dict)`` keeps a test's measured times for the end-of-run summary."""
    return lambda timings: _TIMINGS.append((request.node.name, dict(timings)))


def pytest_terminal_summary(terminalreporter) -> None:
    if not _TIMINGS:
        return
    terminalreporter.section("network test timings (s)")
    def show(v) -> str:
        if isinstance(v, float):
            return f"{v:.3f}"
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(show(x) for x in v) + "]"
        return str(v)

    for name, timings in _TIMINGS:
        terminalreporter.write_line(
            f"{name}: " + ", ".join(f"{k}={show(v)}" for k, v in timings.items()))
