"""SIP OPTIONS round trips to the registrar on a socket of our own, small and large (a path MTU check), for the readiness check.

One OPTIONS for the registrar itself (Request-URI: the SIP domain, which the registrar
answers without authentication) over UDP (RFC 3261 retransmissions: 0.5 s, doubling), TCP
or TLS. Any final answer (even 404) proves the path. ``size`` pads the request with an
``X-Padding`` header: over UDP a ~1600-byte request (more than the 1500-byte Ethernet MTU
once IP and UDP headers are added, so it travels as fragments) that goes unanswered while a
small one is answered means a path MTU black hole, common over VPNs; TCP avoids it.
Blocking: call from a worker, never the GUI thread. Never raises for a network failure.
"""

from __future__ import annotations

import os
import socket
import ssl
import time
from dataclasses import dataclass, replace

LARGE_BYTES = 1600


@dataclass(frozen=True)
class SipResult:
    transport: str
    host: str
    port: int
    size: int = 0                    # bytes of the request
    answered: bool = False
    status: int = 0
    rtt_ms: float = 0.0              # from the first transmission
    tries: int = 0
    error: str = ""                  # '' | timeout | refused | unreachable | tls | bad_answer


def options_request(transport: str, local: tuple, host: str, port: int, domain: str,
                    size: int = 0) -> tuple[bytes, str]:
    """An OPTIONS for the registrar itself, padded to ``size`` bytes; (bytes, branch)."""
    tag = os.urandom(6).hex()
    branch = f"z9hG4bK-np{tag}"
    lhost = f"[{local[0]}]" if ":" in local[0] else local[0]
    target = domain or (f"[{host}]" if ":" in host else host) + f":{port}"
    head = (f"OPTIONS sip:{target} SIP/2.0\r\n"
            f"Via: SIP/2.0/{transport.upper()} {lhost}:{local[1]};branch={branch};rport\r\n"
            f"Max-Forwards: 70\r\nFrom: <sip:network-check@{target}>;tag={tag}\r\n"
            f"To: <sip:{target}>\r\nCall-ID: {tag}@{lhost}\r\nCSeq: 1 OPTIONS\r\n"
            "Accept: application/sdp\r\n")
    tail = "Content-Length: 0\r\n\r\n"
    pad_header = "X-Padding: \r\n"
    room = size - len(head) - len(tail) - len(pad_header)
    if room > 0:
        head += f"X-Padding: {'x' * room}\r\n"
    return (head + tail).encode(), branch


def _status(data: bytes, branch: str) -> int:
    """The status of a SIP response to our request (matched by its Via branch), 0 if not."""
    if not data.startswith(b"SIP/2.0 ") or branch.encode() not in data.split(b"\r\n\r\n")[0]:
        return 0
    try:
        return int(data[8:11])
    except ValueError:
        return 0


def sip_options(host: str, port: int, transport: str = "udp", domain: str = "", size: int = 0,
                timeout: float = 4.0, tls_context: ssl.SSLContext | None = None) -> SipResult:
    """One OPTIONS round trip to ``host:port``; any final answer (even 404) proves the path."""
    transport = transport.lower()
    res = SipResult(transport, host, int(port))
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    kind = socket.SOCK_DGRAM if transport == "udp" else socket.SOCK_STREAM
    started = time.monotonic()
    try:
        raw = socket.socket(family, kind)
    except OSError:
        return replace(res, error="unreachable")
    with raw:
        raw.settimeout(timeout)
        try:
            raw.connect((host, int(port)))
            sock = raw
            if transport == "tls":
                ctx = tls_context or ssl.create_default_context()
                sock = ctx.wrap_socket(raw, server_hostname=host)
        except ssl.SSLError:
            return replace(res, error="tls")
        except socket.timeout:
            return replace(res, error="timeout")
        except ConnectionRefusedError:
            return replace(res, error="refused")
        except OSError:
            return replace(res, error="unreachable")
        msg, branch = options_request(transport, sock.getsockname()[:2], host, port, domain,
                                      size)
        res = replace(res, size=len(msg))
        started = time.monotonic()
        if transport == "udp":
            status, tries, error = _udp_exchange(sock, msg, branch, started + timeout)
        else:
            status, tries, error = _stream_exchange(sock, msg, branch, started + timeout)
    return replace(res, answered=status >= 200, status=status, tries=tries, error=error,
                   rtt_ms=round((time.monotonic() - started) * 1000, 2) if status else 0.0)


def _udp_exchange(sock: socket.socket, msg: bytes, branch: str, deadline: float
                  ) -> tuple[int, int, str]:
    t1, tries, next_send = 0.5, 0, time.monotonic()
    while True:
        now = time.monotonic()
        if now >= deadline:
            return 0, tries, "timeout"
        if now >= next_send:
            try:
                sock.send(msg)
            except OSError:
                return 0, tries, "unreachable"
            tries += 1
            next_send = now + min(t1 * 2 ** (tries - 1), 4.0)
        sock.settimeout(max(0.001, min(next_send, deadline) - time.monotonic()))
        try:
            status = _status(sock.recv(65535), branch)
        except socket.timeout:
            continue
        except ConnectionRefusedError:
            return 0, tries, "refused"
        except OSError:
            return 0, tries, "unreachable"
        if status >= 200:
            return status, tries, ""


def _stream_exchange(sock: socket.socket, msg: bytes, branch: str, deadline: float
                     ) -> tuple[int, int, str]:
    try:
        sock.sendall(msg)
        buf = b""
        while time.monotonic() < deadline:
            sock.settimeout(max(0.001, deadline - time.monotonic()))
            chunk = sock.recv(65535)
            if not chunk:
                return 0, 1, "bad_answer"
            buf += chunk
            while b"\r\n\r\n" in buf:                 # one whole message (no body expected)
                head, _, buf = buf.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() in (b"content-length", b"l"):
                        length = int(value.strip() or 0)
                buf = buf[length:]
                status = _status(head + b"\r\n\r\n", branch)
                if status >= 200:
                    return status, 1, ""
    except socket.timeout:
        pass
    except ssl.SSLError:
        return 0, 1, "tls"
    except (OSError, ValueError):
        return 0, 1, "bad_answer"
    return 0, 1, "timeout"
