"""The center's services inside the center namespace, bound to its service address, reached from home only through the tunnel (tests/support/kamailio.py and democenter.py with ``host``/``ns``)."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from tests.support.democenter import http, start_democenter
from tests.support.kamailio import Kamailio, sip_options_ok
from tests.support.vpn import SERVICE

pytestmark = pytest.mark.slow


def _from_home(tunnel, url: str, timeout: float = 2.0) -> int | None:
    with tunnel.home.entered():
        try:
            with urllib.request.urlopen(url, timeout=timeout) as r:
                return r.status
        except (urllib.error.URLError, OSError):
            return None


def test_practice_center_and_registrar_answer_home_through_the_tunnel_only(tunnel, tmp_path):
    center = start_democenter(tmp_path, host=SERVICE, ns=tunnel.center)
    kam = Kamailio(tmp_path / "kam", users={"agent1": "secret1"}, host=SERVICE,
                   ns=tunnel.center).start()
    try:
        assert center.url.startswith(f"http://{SERVICE}:")
        status, body, _ = http(center, "GET", "/openapi.json")     # from inside the center
        assert status == 200 and "paths" in body
        assert kam.registrar("udp") == f"{SERVICE}:5060"
        assert _from_home(tunnel, center.url + "/openapi.json") == 200
        assert sip_options_ok(SERVICE, kam.udp_port, timeout=1.0, ns=tunnel.home)
        tunnel.down("kill")
        assert _from_home(tunnel, center.url + "/openapi.json", timeout=1.0) is None
        assert not sip_options_ok(SERVICE, kam.udp_port, timeout=1.0, ns=tunnel.home)
    finally:
        kam.stop()
        center.stop()
