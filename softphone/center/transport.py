"""The HTTP sessions the center client uses: retries, proxies, and the total deadline.

Imported on the first request (it imports ``requests``/urllib3), by softphone.center.client.
- ``make_session(idempotent, total_s)``: a ``requests.Session`` that honours the environment's
  proxies (``HTTPS_PROXY``/``NO_PROXY``, ``trust_env``) and whose adapter runs every exchange
  under a total deadline (softphone.center.deadline): connect, headers and body each keep
  their own time limit, and the whole exchange ends at the deadline however the bytes trickle.
  An exchange already under a deadline (``CenterApi._request``) keeps that one; the others
  (the outbox's ``deliver``) get ``total_s`` for the headers, and read the body under
  ``deadline_at`` with ``watch_body``.
- Retries (idempotent calls only) stop when the deadline has passed, and backoff never
  sleeps past it.
- ``read_chunks`` reads a body as it arrives, bounded in size and by the deadline.
- ``classify`` turns a ``requests`` failure into a CenterError.
"""

from __future__ import annotations

import time
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import HTTPError, MaxRetryError, ReadTimeoutError, ResponseError
from urllib3.util.retry import Retry

from softphone.center.deadline import Deadline, current, deadline_at
from softphone.center.models import CenterError

__all__ = ["DeadlineAdapter", "DeadlineRetry", "DeadlineTimeout", "classify", "make_session",
           "read_chunks", "watch_body"]


class DeadlineTimeout(requests.exceptions.ReadTimeout):
    """The exchange's total deadline passed before the answer was complete."""


class _Watched:
    """A urllib3 connection that registers with the deadline of the thread using it."""

    sock: Any

    def _new_conn(self) -> Any:
        sock = super()._new_conn()              # type: ignore[misc]
        d = current()
        if d is not None:
            d.watch(self, sock)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:
        d = current()
        if d is not None and self.sock is not None:     # a kept-alive connection reused
            d.watch(self)
        super().request(*args, **kwargs)        # type: ignore[misc]

    def getresponse(self) -> Any:
        resp = super().getresponse()            # type: ignore[misc]
        resp._softphone_conn = self             # for the body, read under a deadline
        return resp


class _HTTPConnection(_Watched, HTTPConnection):
    pass


class _HTTPSConnection(_Watched, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


_POOLS = {"http": _HTTPPool, "https": _HTTPSPool}


class DeadlineRetry(Retry):
    """urllib3's Retry that gives up once the exchange's deadline has passed."""

    def increment(self, method: str | None = None, url: str | None = None,
                  *args: Any, **kwargs: Any) -> Retry:
        d = current()
        if d is not None and d.passed:
            reason = kwargs.get("error") or ResponseError("the deadline passed")
            raise MaxRetryError(kwargs.get("_pool"), url or "", reason)
        return super().increment(method, url, *args, **kwargs)

    def get_backoff_time(self) -> float:
        d = current()
        wait = super().get_backoff_time()
        return wait if d is None else max(0.0, min(wait, d.remaining()))


def _retry(idempotent: bool) -> Retry:
    if not idempotent:  # POST: never resend by ourselves (the outbox does, with a key)
        return DeadlineRetry(total=0, connect=0, read=0, redirect=0, status=0, other=0)
    return DeadlineRetry(total=3, connect=2, read=1, status=2, other=0, redirect=0,
                         backoff_factor=0.3, backoff_max=2.0, status_forcelist=(502, 503, 504),
                         allowed_methods=frozenset({"GET", "PUT", "DELETE"}),
                         raise_on_status=False, respect_retry_after_header=False)


def _clamp(timeout: Any, left: float) -> Any:
    """(connect, read) limits, none longer than what is left of the deadline."""
    left = max(left, 0.05)
    if isinstance(timeout, tuple):
        return tuple(left if t is None else min(t, left) for t in timeout)
    if isinstance(timeout, (int, float)):
        return min(timeout, left)
    return timeout if timeout is not None else (left, left)


class DeadlineAdapter(HTTPAdapter):
    """Runs each exchange under a deadline; the connections it makes register with it."""

    def __init__(self, total_s: float, **kwargs: Any) -> None:
        self.total_s = total_s
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _POOLS

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **kwargs)
        if not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = _POOLS
        return manager

    def send(self, request: Any, stream: bool = False, timeout: Any = None,
             **kwargs: Any) -> requests.Response:
        with deadline_at(time.monotonic() + self.total_s) as d:
            try:
                resp = super().send(request, stream=stream, timeout=_clamp(timeout, d.remaining()),
                                    **kwargs)
            except (requests.exceptions.ConnectTimeout, requests.exceptions.SSLError,
                    requests.exceptions.ProxyError):
                raise
            except requests.RequestException as exc:
                if d.passed:
                    raise _late(d, request) from exc
                raise
            if d.passed:       # the cut may leave a truncated head that parsed
                resp.close()
                raise _late(d, request)
            return resp


def _late(d: Deadline, request: Any) -> DeadlineTimeout:
    return DeadlineTimeout(f"no complete answer within the deadline of {d.budget_s:.1f} s",
                           request=request)


def make_session(idempotent: bool, total_s: float) -> requests.Session:
    s = requests.Session()
    s.trust_env = True  # proxies from the environment (corporate VPN), but see verify below
    adapter = DeadlineAdapter(total_s, max_retries=_retry(idempotent), pool_maxsize=8)
    s.mount("https://", adapter)
    s.mount("http://", adapter)
    s.headers.update({"Accept": "application/json", "User-Agent": "AgentSoftphone/0.1"})
    return s


def watch_body(resp: requests.Response, d: Deadline) -> None:
    """Cut the connection ``resp`` arrived on when ``d`` passes (its body is read next)."""
    conn = getattr(resp.raw, "_softphone_conn", None)
    if conn is not None:
        d.watch(conn)


def read_chunks(resp: requests.Response, d: Deadline, where: str, limit: int,
                strict: bool) -> bytes:
    """The body of ``resp`` as it arrives, until ``d`` passes (``CenterApi._read_body``);
    over ``limit`` bytes: CenterError("invalid_response") (strict) or cut."""
    from softphone.center.client import mask_numbers
    late = CenterError("timeout", detail=f"{where}: no complete answer within "
                                         f"{d.budget_s:.1f} s")
    length = resp.headers.get("Content-Length")
    if strict and length and length.isdigit() and int(length) > limit:
        raise CenterError("invalid_response", detail=f"{where}: body of {length} bytes")
    chunks, size = [], 0
    try:
        while True:
            # read1: whatever has arrived (each wait bounded by the read timeout; the
            # deadline's watchdog cuts the socket), so a slow drip meets the deadline
            chunk = resp.raw.read1(64 * 1024, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                if not strict:
                    resp.close()
                    return b"".join(chunks)
                raise CenterError("invalid_response",
                                  detail=f"{where}: body larger than {limit} bytes")
            if d.passed:
                raise late
            chunks.append(chunk)
    except ReadTimeoutError as exc:
        raise CenterError("timeout", detail=mask_numbers(f"{where}: {exc}")[:500]) from None
    except (HTTPError, OSError) as exc:
        if d.passed:
            raise late from None
        raise CenterError("unreachable", detail=mask_numbers(
            f"{where}: body interrupted: {type(exc).__name__}: {exc}")[:500]) from None
    if d.passed:                # the cut socket read as the end of the body
        raise late
    return b"".join(chunks)


def classify(exc: requests.RequestException, where: str) -> CenterError:
    """Turn a requests/urllib3 failure into a CenterError (detail masked)."""
    from softphone.center.client import mask_numbers
    detail = mask_numbers(f"{where}: {type(exc).__name__}: {exc}")[:500]
    if isinstance(exc, requests.exceptions.SSLError):
        return CenterError("tls", detail=detail)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return CenterError("unreachable", detail=detail)
    if isinstance(exc, requests.exceptions.ReadTimeout):     # DeadlineTimeout as well
        return CenterError("timeout", detail=detail)
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    if isinstance(reason, ReadTimeoutError):
        return CenterError("timeout", detail=detail)
    return CenterError("unreachable", detail=detail)

