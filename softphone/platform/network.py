"""A raw TCP probe of the center's host and port (DNS, then one TCP connect).

It ignores the proxies the HTTP client uses, so it is not the app's reachability verdict:
that is ``softphone.center.reachability.check_center``, one GET through the center client's
own session (same proxies, CA bundle and deadline). This stays as a low-level probe (is
anything listening at that address from here?).
Blocking (DNS, TCP connect): call from a worker (softphone/platform/tasks.py), never the GUI
thread.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Reachability:
    ok: bool
    host: str
    port: int
    latency_ms: float = 0.0
    problem: str = ""          # what failed, in words a counselor can act on


def center_endpoint(base_url: str) -> tuple[str, int]:
    parts = urlsplit(base_url if "://" in base_url else f"https://{base_url}")
    if not parts.hostname:
        raise ValueError(f"no host in {base_url!r}")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def check_center(base_url: str, timeout: float = 3.0) -> Reachability:
    """Resolve the center's host name and open (then close) one TCP connection (no proxy)."""
    try:
        host, port = center_endpoint(base_url)
    except ValueError:
        return Reachability(False, "", 0, problem="The center address is not valid. Ask IT.")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return Reachability(False, host, port, problem=(
            "The center's name cannot be found — check that your VPN is connected."))
    last = ""
    for family, kind, proto, _, addr in infos:
        started = time.monotonic()
        try:
            with socket.socket(family, kind, proto) as s:
                s.settimeout(timeout)
                s.connect(addr)
            return Reachability(True, host, port, (time.monotonic() - started) * 1000)
        except socket.timeout:
            last = "The center does not answer — check your VPN connection."
        except OSError:
            last = "The center refused the connection — it may be down; try again shortly."
    return Reachability(False, host, port, problem=last or "The center is not reachable.")
