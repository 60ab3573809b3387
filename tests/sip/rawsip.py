"""Raw SIP over a UDP socket for tests: build requests, send any bytes, read the answers."""

from __future__ import annotations

import itertools
import re
import socket
import time

_seq = itertools.count(1)


def engine_udp(phone) -> tuple[str, int]:
    """(host, port) of a started engine's UDP transport."""
    from softphone.sip.events import EngineStarted
    host, port = dict(phone.events.of(EngineStarted)[0].transports)["udp"].rsplit(":", 1)
    return host, int(port)


def status_code(datagram: bytes) -> int:
    m = re.match(rb"SIP/2\.0 (\d{3}) ", datagram)
    return int(m.group(1)) if m else 0


def header(datagram: bytes, name: str) -> str:
    """The first value of header ``name`` (case-insensitive) in a response, '' if none."""
    head = datagram.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    for line in head.split("\r\n")[1:]:
        n, _, v = line.partition(":")
        if n.strip().lower() == name.lower():
            return v.strip()
    return ""


class RawPeer:
    """A UDP socket on 127.0.0.1 that talks SIP to ``target`` = (host, port)."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]

    def close(self) -> None:
        self.sock.close()

    def request(self, method: str, extra: str = "", body: str = "", uri: str = "",
                call_id: str = "", to_tag: str = "") -> tuple[bytes, str]:
        """A well-formed request (bytes, its Call-ID); ``extra`` = more header lines."""
        n = next(_seq)
        call_id = call_id or f"raw-{n}-{time.monotonic_ns()}@127.0.0.1"
        host, port = self.target
        uri = uri or f"sip:agent1@{host}:{port}"
        to = f"<{uri}>" + (f";tag={to_tag}" if to_tag else "")
        cseq_method = "INVITE" if method == "ACK" else method
        branch = f"z9hG4bK-raw{n}x{time.monotonic_ns()}"
        text = (f"{method} {uri} SIP/2.0\r\n"
                f"Via: SIP/2.0/UDP 127.0.0.1:{self.port};rport;branch={branch}\r\n"
                f"From: \"Raw\" <sip:raw@127.0.0.1:{self.port}>;tag=rawtag{n}\r\n"
                f"To: {to}\r\n"
                f"Call-ID: {call_id}\r\n"
                f"CSeq: {n} {cseq_method}\r\n"
                f"Contact: <sip:raw@127.0.0.1:{self.port}>\r\n"
                f"Max-Forwards: 70\r\n"
                f"{extra}"
                f"Content-Length: {len(body.encode())}\r\n\r\n{body}")
        return text.encode(), call_id

    def send(self, data: bytes) -> None:
        self.sock.sendto(data, self.target)

    def responses(self, call_id: str, timeout: float = 3.0, final: bool = True) -> list[bytes]:
        """Responses for ``call_id`` until a final one (or ``timeout``)."""
        out: list[bytes] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                data, _ = self.sock.recvfrom(65535)
            except (socket.timeout, BlockingIOError):
                break
            if header(data, "Call-ID") != call_id and header(data, "i") != call_id:
                continue
            out.append(data)
            if final and status_code(data) >= 200:
                break
        return out

    def final(self, call_id: str, timeout: float = 3.0) -> bytes | None:
        got = [r for r in self.responses(call_id, timeout) if status_code(r) >= 200]
        return got[-1] if got else None

    def ask(self, method: str, extra: str = "", body: str = "", timeout: float = 3.0,
            **kw) -> bytes | None:
        """Send one request and return its final response (None when none came)."""
        data, cid = self.request(method, extra, body, **kw)
        self.send(data)
        return self.final(cid, timeout)

    def drain(self) -> int:
        n = 0
        self.sock.settimeout(0)
        try:
            while True:
                self.sock.recvfrom(65535)
                n += 1
        except (BlockingIOError, socket.timeout):
            return n


class Listener:
    """A UDP socket standing in for a third party: records every datagram it gets."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.rtp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            self.rtp.bind(("127.0.0.1", self.port + 2))   # where an SDP of ours would point
        except OSError:
            self.rtp.bind(("127.0.0.1", 0))

    def received(self) -> list[bytes]:
        out = []
        for s in (self.sock, self.rtp):
            s.settimeout(0)
            try:
                while True:
                    out.append(s.recvfrom(65535)[0])
            except (BlockingIOError, socket.timeout):
                pass
        return out

    def close(self) -> None:
        self.sock.close()
        self.rtp.close()
