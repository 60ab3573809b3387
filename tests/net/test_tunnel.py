"""The OpenVPN tunnel between the home and center namespaces: what it carries, and how it fails and comes back."""

from __future__ import annotations

import threading
import time

import pytest

from tests.net.conftest import TCP_ECHO_PORT, UDP_ECHO_PORT
from tests.support.netns import tcp_exchange, udp_exchange
from tests.support.vpn import GATEWAY_INNER, GATEWAY_WAN, SERVICE, TUN

pytestmark = pytest.mark.slow

UDP = (SERVICE, UDP_ECHO_PORT)
TCP = (SERVICE, TCP_ECHO_PORT)
START_BUDGET_S = 10.0       # CI: the whole tunnel (namespaces, keys, handshake) up in this


def assert_carries(t, udp_echo, tcp_echo) -> None:
    """UDP and TCP from home reach the center's service address, through tun0."""
    assert t.home.route_get(SERVICE)["dev"] == TUN
    udp_before, tcp_before = udp_echo.echoed, tcp_echo.accepted
    assert udp_exchange(t.home, UDP, b"udp-hello", timeout=2) == b"udp-hello"
    assert tcp_exchange(t.home, TCP, b"tcp-hello", timeout=2) == b"tcp-hello"
    assert udp_echo.echoed == udp_before + 1 and tcp_echo.accepted == tcp_before + 1
    # the center sees home by its inner (tunnel) address, never its WAN address
    assert udp_echo.sources[-1][0] == t.home_inner
    assert tcp_echo.peers[-1][0] == t.home_inner


def assert_blackholed(t, udp_echo, tcp_echo, timeout: float = 1.0) -> None:
    """Nothing from home reaches the center's service address: no answer, no arrival."""
    udp_before, tcp_before = udp_echo.echoed, tcp_echo.accepted
    assert udp_exchange(t.home, UDP, b"lost?", timeout=timeout) is None
    with pytest.raises(OSError):
        tcp_exchange(t.home, TCP, b"lost?", timeout=timeout)
    assert not t.reachable(timeout=0.3)
    time.sleep(0.1)
    assert (udp_echo.echoed, tcp_echo.accepted) == (udp_before, tcp_before), \
        "a packet reached the center without the tunnel"


def test_the_tunnel_carries_udp_and_tcp_and_nothing_reaches_the_center_without_it(
        tunnel, center_echo, report_timings):
    udp_echo, tcp_echo = center_echo
    report_timings(tunnel.timings)
    assert tunnel.timings["total_start_s"] < START_BUDGET_S, tunnel.timings
    assert_carries(tunnel, udp_echo, tcp_echo)

    tunnel.down("kill")
    assert TUN not in tunnel.home.links()
    # home still has its "internet": the gateway's WAN address answers, the center does not
    assert tunnel.reachable(GATEWAY_WAN)
    assert tunnel.home.route_get(SERVICE)["dev"] == "wan0"
    assert_blackholed(tunnel, udp_echo, tcp_echo)

    tunnel.up()
    tunnel.wait_up(10)
    assert_carries(tunnel, udp_echo, tcp_echo)


def test_without_a_default_route_home_cannot_even_send_to_the_center(make_tunnel):
    t = make_tunnel(home_default_route=False, crypto="static")
    assert t.timings["total_start_s"] < START_BUDGET_S
    t.down("kill")
    assert t.home.route_get(SERVICE) is None
    with pytest.raises(OSError) as err:
        tcp_exchange(t.home, TCP, timeout=2)
    assert "unreachable" in str(err.value).lower()


@pytest.mark.parametrize("how", ["kill", "link", "wan"])
def test_down_and_up_and_wait_up_reports_the_first_packet_through(
        tunnel, center_echo, report_timings, how):
    udp_echo, tcp_echo = center_echo
    tunnel.down(how)
    assert tunnel.is_down()
    assert_blackholed(tunnel, udp_echo, tcp_echo, timeout=0.5)
    with pytest.raises(TimeoutError, match="no packet through the tunnel"):
        tunnel.wait_up(0.3)
    if how != "kill":
        assert tunnel.home.link_is_up(TUN) == (how == "wan")

    # an independent witness: a UDP sender that notes when its first echo comes back
    witness: dict[str, float] = {}
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set() and "first" not in witness:
            sent = time.monotonic()
            if udp_exchange(tunnel.home, UDP, b"witness", timeout=0.02) == b"witness":
                witness["first"] = sent

    began = tunnel.up()
    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    first = tunnel.wait_up(10)
    thread.join(5)
    stop.set()
    assert began <= first < began + 10
    assert "first" in witness, "the witness never got an echo after wait_up returned"
    # wait_up's time and the witness's agree on when the tunnel came back (both probe
    # every 10-20 ms; slack for a loaded machine)
    assert abs(witness["first"] - first) < 0.5, (witness["first"] - began, first - began)
    report_timings({"how": how, "stop_s": tunnel.timings["stop_s"], "reup_s": first - began})
    assert_carries(tunnel, udp_echo, tcp_echo)


def test_flaps_come_back_every_time(tunnel, center_echo, report_timings):
    udp_echo, tcp_echo = center_echo
    for _ in range(3):
        tunnel.flap(down_s=0.5, how="kill")
        assert_carries(tunnel, udp_echo, tcp_echo)
    report_timings({"reup_s": tunnel.timings["reup_s"]})
    assert all(r < 5.0 for r in tunnel.timings["reup_s"]), tunnel.timings


@pytest.mark.parametrize("how", ["restart", "readdress"])
def test_the_inner_address_changes_and_the_center_sees_the_new_one(tunnel, center_echo, how):
    udp_echo, tcp_echo = center_echo
    assert_carries(tunnel, udp_echo, tcp_echo)
    assert udp_echo.sources[-1][0] == "10.8.0.2"

    tunnel.change_inner_address("10.8.0.6", how=how)
    tunnel.wait_up(10)
    assert tunnel.home.addresses(TUN) == ["10.8.0.6"]
    assert tunnel.home.route_get(SERVICE)["prefsrc"] == "10.8.0.6"
    assert_carries(tunnel, udp_echo, tcp_echo)
    assert udp_echo.sources[-1][0] == "10.8.0.6"
    assert tcp_echo.peers[-1][0] == "10.8.0.6"


def test_a_failing_far_side_blackholes_traffic_while_the_home_interface_stays_up(
        tunnel, center_echo):
    udp_echo, tcp_echo = center_echo
    assert_carries(tunnel, udp_echo, tcp_echo)

    tunnel.fail_far_side()
    assert not tunnel.gateway.forwarding()
    assert_blackholed(tunnel, udp_echo, tcp_echo)
    # home sees nothing wrong: tun0 up with its address and route, OpenVPN connected
    assert tunnel.home.link_is_up(TUN)
    assert tunnel.home.addresses(TUN) == [tunnel.home_inner]
    assert tunnel.home.route_get(SERVICE)["dev"] == TUN
    assert tunnel.home_proc.poll() is None
    assert tunnel.reachable(GATEWAY_INNER), "the tunnel itself should still carry packets"

    tunnel.heal_far_side()
    tunnel.wait_up(5)
    assert_carries(tunnel, udp_echo, tcp_echo)
