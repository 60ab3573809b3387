"""Network probes for the readiness check: an RTP-like echo test, DNS time, clock offset (SIP OPTIONS: sipprobe.py).

Blocking (sockets, sleeps of up to the echo test's length): call them from a worker
(softphone/platform/tasks.py, or a thread of their own), never the GUI thread. Each returns a
frozen result and never raises for a network failure (``error`` says what failed).

- ``echo_test``: 20 ms RTP-sized packets to the center's echo service for ``seconds``.
  Loss, the RFC 3550 interarrival jitter (6.4.1: D = (Rj - Ri) - (Sj - Si) for packets in
  order of arrival, J += (|D| - J)/16; reported as J's mean after the first 32 packets) and
  the round trip. When the echo service stamps its receive time and count (``stamp_echo``,
  the layout below), each direction is measured apart: loss up from the service's count,
  jitter up from its receive times, jitter down from ours; the two clocks are never compared,
  so "one way" is half the fastest round trip plus that direction's extra delay.
- ``dns_time``: one name lookup, timed. ``clock_offset``: the center's HTTP ``Date`` header
  against this computer's clock (whole seconds, and servers such as uvicorn refresh it once
  a second: good to about 1.5 s, plenty for thresholds of seconds to minutes).
"""

from __future__ import annotations

import email.utils
import ipaddress
import os
import select
import socket
import ssl
import statistics
import struct
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field, replace

# ---------------------------------------------------------------- the echo packet
# RTP header (12 bytes: V=2, PT=0, seq, timestamp, SSRC), then our fields:
# magic(4) flags(1) pad(3) client_send_ns(8) server_recv_ns(8) server_count(4) = offset 40
MAGIC = b"NPE1"
REPORT = 0x01              # flag: only asks for the count, is not counted itself
_FIELDS = struct.Struct("!4sB3xQQI")
HEADER_BYTES = 12 + _FIELDS.size
RTP_PAYLOAD = 160          # 20 ms of G.711


def echo_packet(ssrc: int, seq: int, send_ns: int, flags: int = 0,
                payload: int = RTP_PAYLOAD) -> bytes:
    rtp = struct.pack("!BBHII", 0x80, 0, seq & 0xFFFF, (seq * 160) & 0xFFFFFFFF, ssrc)
    body = _FIELDS.pack(MAGIC, flags, send_ns, 0, 0)
    return rtp + body + bytes(max(0, payload - _FIELDS.size))


def stamp_echo(data: bytes, recv_ns: int, counts: dict[bytes, int]) -> bytes:
    """The echo service's answer to ``data`` received at ``recv_ns``: our packets get the
    receive time and the count of packets of their SSRC so far; anything else comes back as is."""
    if len(data) < HEADER_BYTES or data[12:16] != MAGIC:
        return data
    ssrc, flags = data[8:12], data[16]
    if not flags & REPORT:
        counts[ssrc] = counts.get(ssrc, 0) + 1
    return data[:28] + struct.pack("!QI", recv_ns, counts.get(ssrc, 0)) + data[HEADER_BYTES:]


def rfc3550_jitter(transits: list[float]) -> list[float]:
    """J after each packet (RFC 3550 6.4.1) for transit times in order of arrival."""
    j, out = 0.0, []
    for a, b in zip(transits, transits[1:]):
        j += (abs(b - a) - j) / 16.0
        out.append(j)
    return out


def _mean_jitter(transits: list[float]) -> float:
    trace = rfc3550_jitter(transits)
    if len(trace) > 64:
        return statistics.fmean(trace[32:])
    return trace[-1] if trace else 0.0


@dataclass(frozen=True)
class EchoResult:
    host: str
    port: int
    seconds: float
    sent: int = 0
    received: int = 0
    loss_pct: float = 100.0          # round trip
    rtt_ms: float = 0.0              # median
    rtt_min_ms: float = 0.0
    jitter_ms: float = 0.0           # round trip transit, RFC 3550
    timestamped: bool = False        # the service stamped its receive time and count
    server_received: int = 0
    loss_up_pct: float = 0.0
    loss_down_pct: float = 0.0
    jitter_up_ms: float = 0.0
    jitter_down_ms: float = 0.0
    one_way_up_ms: float = 0.0       # median
    one_way_down_ms: float = 0.0
    reordered: int = 0
    error: str = ""                  # '' | no_answer | refused | unreachable | cancelled


def echo_test(host: str, port: int, seconds: float = 10.0, interval: float = 0.020,
              stop: threading.Event | None = None, linger: float = 1.0) -> EchoResult:
    """Send ``seconds / interval`` packets to the echo service and measure what comes back."""
    count = max(1, int(round(seconds / interval)))
    ssrc = int.from_bytes(os.urandom(4), "big")
    sent_at: dict[int, int] = {}
    got: dict[int, tuple[int, int, int]] = {}      # seq -> (recv_ns, server_ns, server_count)
    order: list[int] = []
    reports: list[int] = []
    base = EchoResult(host, int(port), seconds)
    try:
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET,
                             socket.SOCK_DGRAM)
    except OSError:
        return _result(base, 0, sent_at, got, order, reports, "unreachable")
    with sock:
        try:
            sock.connect((host, int(port)))
        except OSError:
            return _result(base, 0, sent_at, got, order, reports, "unreachable")
        sock.setblocking(False)
        error = ""
        start = time.monotonic()
        seq, end = 0, None
        tries = 0
        while True:
            now = time.monotonic()
            if stop is not None and stop.is_set():
                error = "cancelled"
                break
            if seq < count and now >= start + seq * interval:
                t = time.monotonic_ns()
                if _send(sock, echo_packet(ssrc, seq, t)):
                    sent_at[seq] = t
                seq += 1
                continue
            if seq >= count:
                end = end or now + max(linger, interval)
                if now >= end:
                    if reports or tries >= 5:
                        break
                    _send(sock, echo_packet(ssrc, 0xFFFF, time.monotonic_ns(), REPORT))
                    tries += 1
                    end = now + 0.2
            wake = (start + seq * interval) if seq < count else end
            if not _receive(sock, max(0.0, wake - time.monotonic()), ssrc, got, order, reports):
                if not got and seq >= count:
                    error = "refused"
                    break
    return _result(base, len(sent_at), sent_at, got, order, reports,
                   error or ("" if got else "no_answer"))


def _send(sock: socket.socket, data: bytes) -> bool:
    try:
        sock.send(data)
        return True
    except (BlockingIOError, InterruptedError):
        return False
    except OSError:                 # an ICMP error from an earlier packet, or no route
        return False


def _receive(sock: socket.socket, wait: float, ssrc: int, got: dict, order: list,
             reports: list) -> bool:
    """Read what arrives within ``wait`` seconds; False when the port refused (ICMP)."""
    ready, _, _ = select.select([sock], [], [], wait)
    while ready:
        try:
            data = sock.recv(65535)
        except (BlockingIOError, InterruptedError):
            return True
        except ConnectionRefusedError:
            return False
        except OSError:
            return True
        now = time.monotonic_ns()
        if len(data) < HEADER_BYTES or struct.unpack("!I", data[8:12])[0] != ssrc:
            continue
        seq = struct.unpack("!H", data[2:4])[0]
        magic, flags, _send_ns, srv_ns, srv_count = _FIELDS.unpack(data[12:HEADER_BYTES])
        if magic != MAGIC:
            continue
        if flags & REPORT:
            reports.append(srv_count)
        elif seq not in got:
            got[seq] = (now, srv_ns, srv_count)
            order.append(seq)
    return True


def _result(base: EchoResult, sent: int, sent_at: dict, got: dict, order: list,
            reports: list, error: str) -> EchoResult:
    if not got:
        return replace(base, sent=sent, error=error or "no_answer")
    received = len(got)
    rtts = [(got[s][0] - sent_at[s]) / 1e6 for s in order]
    rt_jitter = _mean_jitter(rtts)
    highest, reordered = -1, 0
    for s in order:
        reordered += s < highest
        highest = max(highest, s)
    out = replace(base, sent=sent, received=received,
                  loss_pct=round(100.0 * (1 - received / sent), 2) if sent else 100.0,
                  rtt_ms=round(statistics.median(rtts), 2), rtt_min_ms=round(min(rtts), 2),
                  jitter_ms=round(rt_jitter, 2), reordered=reordered, error=error)
    stamped = [s for s in order if got[s][1]]
    if len(stamped) < max(2, received // 2):
        return out
    srv_count = max([got[s][2] for s in stamped] + reports)
    up = {s: (got[s][1] - sent_at[s]) / 1e6 for s in stamped}      # + unknown clock offset
    down = {s: (got[s][0] - got[s][1]) / 1e6 for s in stamped}     # - the same offset
    fastest = min(stamped, key=lambda s: up[s] + down[s])
    shift = (up[fastest] - down[fastest]) / 2                       # symmetric when fastest
    by_server = sorted(stamped, key=lambda s: got[s][1])
    return replace(
        out, timestamped=True, server_received=srv_count,
        loss_up_pct=round(100.0 * max(0.0, 1 - srv_count / sent), 2),
        loss_down_pct=round(100.0 * max(0.0, 1 - received / srv_count), 2) if srv_count else 0.0,
        jitter_up_ms=round(_mean_jitter([up[s] for s in by_server]), 2),
        jitter_down_ms=round(_mean_jitter([down[s] for s in stamped]), 2),
        one_way_up_ms=round(statistics.median(up.values()) - shift, 2),
        one_way_down_ms=round(statistics.median(down.values()) + shift, 2))


# ---------------------------------------------------------------- DNS and clock
@dataclass(frozen=True)
class DnsResult:
    host: str
    needed: bool = True              # False for an address written as numbers
    ok: bool = False
    ms: float = 0.0
    addresses: tuple[str, ...] = field(default=())


def dns_time(host: str) -> DnsResult:
    """Time one lookup of ``host`` (the system's resolver, as every connection uses it)."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return DnsResult(host, needed=False, ok=True, addresses=(host,))
    except ValueError:
        pass
    started = time.monotonic()
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        return DnsResult(host, ms=round((time.monotonic() - started) * 1000, 2))
    addrs = tuple(dict.fromkeys(str(i[4][0]) for i in infos))
    return DnsResult(host, ok=True, ms=round((time.monotonic() - started) * 1000, 2),
                     addresses=addrs)


@dataclass(frozen=True)
class ClockResult:
    ok: bool = False
    offset_s: float = 0.0            # the center's clock minus ours (+-1.5 s: see above)
    http_ms: float = 0.0
    error: str = ""                  # '' | no_date | unreachable


def clock_offset(url: str, ca_bundle: str = "", timeout: float = 5.0,
                 samples: int = 3) -> ClockResult:
    """The center's clock from its ``Date`` header (any answer has one), through the
    environment's proxies like the center client; the fastest of ``samples`` exchanges."""
    ctx = ssl.create_default_context(cafile=ca_bundle or None)
    opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=ctx))
    best: tuple[float, float] | None = None
    error = "unreachable"
    for _ in range(max(1, samples)):
        before, started = time.time(), time.monotonic()
        try:
            with opener.open(urllib.request.Request(url, method="GET"), timeout=timeout) as r:
                date = r.headers.get("Date")
                r.read(64 * 1024)
        except urllib.error.HTTPError as exc:           # an answer all the same
            date = exc.headers.get("Date") if exc.headers else None
            exc.close()
        except (urllib.error.URLError, OSError, ValueError):
            continue
        rtt = time.monotonic() - started
        try:
            server = email.utils.parsedate_to_datetime(date).timestamp() + 0.5 if date else None
        except (TypeError, ValueError):
            server = None
        if server is None:
            error = "no_date"
            continue
        offset = server - (before + rtt / 2)
        if best is None or rtt < best[1]:
            best = (offset, rtt)
    if best is None:
        return ClockResult(error=error)
    return ClockResult(True, round(best[0], 3), round(best[1] * 1000, 2))
