"""Reachability: does the center answer over HTTP, the way the real calls reach it?

One GET of the API's root through the client's own session: the same proxies (``HTTPS_PROXY``,
``NO_PROXY``, ...), CA bundle, time limits and total deadline as every center call, so a
corporate proxy or VPN problem shows here and not first in the middle of a shift. The center
answers an unknown path with the contract's error body (``{"error": {...}}``), which proves
that the answer comes from it and not from a proxy or a captive portal. Failures are told
apart: the name (dns), the connection (connect), no answer in time (timeout), the proxy
(proxy), the certificate (tls), and an HTTP answer that is not the center's (http).
Blocking: call from a worker (softphone.platform.tasks), never the GUI thread.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from softphone.domain.messages import source

if TYPE_CHECKING:
    from softphone.center.client import CenterApi

__all__ = ["Reachability", "check_center"]

# kind -> its English text (logs); the counselor reads ``Reachability.message_id`` translated
PROBLEMS = {kind: source(f"reach.{kind}")
            for kind in ("address", "dns", "connect", "timeout", "proxy", "tls", "http")}


@dataclass(frozen=True)
class Reachability:
    ok: bool
    host: str
    port: int
    latency_ms: float = 0.0
    problem: str = ""          # what failed, in words a counselor can act on
    kind: str = ""             # '' | address | dns | connect | timeout | proxy | tls | http
    status: int | None = None  # the HTTP status, when an answer came
    proxy: str = ""            # the proxy the request went through ('' = direct)

    @property
    def message_id(self) -> str:
        """What failed, as a message id (softphone.domain.messages) the UI translates."""
        return f"reach.{self.kind}" if self.kind else ""


def check_center(api: CenterApi, timeout: float | None = None) -> Reachability:
    """One GET of ``api.base_url`` through ``api``'s session (no retries); ``timeout``: the
    connect and read limit (default: the client's), the deadline is twice that."""
    import requests
    from requests.utils import select_proxy
    from urllib3.exceptions import HTTPError
    from softphone.center.deadline import deadline_at

    parts = urlsplit(api.base_url)
    try:
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        host, port = "", 0
    if not host or parts.scheme not in ("http", "https"):
        return Reachability(False, host, port, problem=PROBLEMS["address"], kind="address")
    session = api._session_for(False)       # the no-retry session: one try, as it is
    proxies = session.merge_environment_settings(api.base_url, {}, None, None, None)["proxies"]
    proxy = _without_password(select_proxy(api.base_url, proxies) or "")
    limits = (timeout, timeout) if timeout else api._timeout
    started = time.monotonic()

    def failed(kind: str) -> Reachability:
        return Reachability(False, host, port, (time.monotonic() - started) * 1000,
                            PROBLEMS[kind], kind, proxy=proxy)
    try:
        with deadline_at(started + 2 * max(limits)) as d:
            resp = session.get(api.base_url, timeout=limits, verify=api._verify,
                               allow_redirects=False, stream=True)
            try:
                body = resp.raw.read(64 * 1024, decode_content=True) or b""
            finally:
                resp.close()
            if d.passed:                    # the body was cut at the deadline
                return failed("timeout")
    except requests.exceptions.ProxyError:
        return failed("proxy")
    except requests.exceptions.SSLError:
        return failed("tls")
    except requests.exceptions.Timeout:
        return failed("timeout")
    except requests.exceptions.RequestException as exc:     # retries spent: the cause inside
        return failed(_cause(exc))
    except (HTTPError, OSError):            # the body cut at the deadline, or broken
        return failed("timeout" if d.passed else "connect")
    latency = (time.monotonic() - started) * 1000
    if resp.status_code == 407 and proxy:
        return Reachability(False, host, port, latency, PROBLEMS["proxy"], "proxy", 407, proxy)
    if 200 <= resp.status_code < 300 or (400 <= resp.status_code < 500 and _center_error(body)):
        return Reachability(True, host, port, latency, status=resp.status_code, proxy=proxy)
    return Reachability(False, host, port, latency, PROBLEMS["http"], "http", resp.status_code,
                        proxy)


def _center_error(body: bytes) -> bool:
    """The contract's error body: {"error": {"code": ..., "message": ...}}."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and isinstance(data.get("error"), dict)


def _cause(exc: BaseException) -> str:
    """dns, timeout or connect: what urllib3 gave up on (wrapped in requests' errors)."""
    from urllib3.exceptions import NameResolutionError, ReadTimeoutError
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, NameResolutionError):
            return "dns"
        if isinstance(e, (ReadTimeoutError, TimeoutError)):
            return "timeout"
        stack += [a for a in (*e.args, getattr(e, "reason", None), e.__cause__, e.__context__)
                  if isinstance(a, BaseException)]
    return "connect"


def _without_password(url: str) -> str:
    if not url:
        return ""
    p = urlsplit(url if "://" in url else f"http://{url}")
    return f"{p.scheme}://{p.hostname}:{p.port}" if p.port else f"{p.scheme}://{p.hostname}"
