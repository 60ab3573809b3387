"""The practice center's network test: a UDP echo service and ``GET /network-test`` (where it and the registrar are).

The echo service sends every datagram back to where it came from, the same size (no
amplification). A datagram in the app's echo-test layout (softphone.platform.netprobe:
an RTP header, then ``NPE1`` and room for two fields) comes back with the time it arrived
(this process's monotonic clock, ns) and how many packets of its SSRC have arrived so far,
so the app can tell loss and jitter on the way here from those on the way back.
``python -m democenter`` runs it on a thread (``--echo-port``, ``--no-echo``);
``python -m democenter.echo`` runs it alone.
"""

from __future__ import annotations

import argparse
import logging
import os
import select
import socket
import threading
import time
from collections import OrderedDict

from fastapi import APIRouter, Depends, Request

from democenter import api_models as m
from democenter.api import ERRORS, PREFIX, Agent, CenterConfig, current_agent
from softphone.platform.netprobe import stamp_echo

log = logging.getLogger("democenter.echo")
router = APIRouter(prefix=PREFIX, responses=ERRORS)
MAX_SOURCES = 4096          # SSRCs whose counts are kept (the oldest are forgotten)


class _Counts(OrderedDict):
    """Packet counts per SSRC, bounded: a new SSRC beyond ``MAX_SOURCES`` drops the oldest."""

    def __setitem__(self, key, value) -> None:
        if key not in self and len(self) >= MAX_SOURCES:
            self.popitem(last=False)
        super().__setitem__(key, value)


class EchoService:
    """A UDP echo on ``host:port`` (0: a free port) in a thread; ``address`` once bound."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_DGRAM)
        self.sock.bind((host, port))
        self.address: tuple[str, int] = self.sock.getsockname()[:2]
        self.counts = _Counts()
        self.echoed = 0
        self._stop_r, self._stop_w = os.pipe()
        self._thread: threading.Thread | None = None

    def start(self) -> "EchoService":
        self._thread = threading.Thread(target=self.serve, name="echo", daemon=True)
        self._thread.start()
        return self

    def serve(self) -> None:
        try:
            while True:
                ready, _, _ = select.select([self.sock, self._stop_r], [], [])
                if self._stop_r in ready:
                    return
                try:
                    data, addr = self.sock.recvfrom(65535)
                except OSError:
                    continue
                try:
                    self.sock.sendto(stamp_echo(data, time.monotonic_ns(), self.counts), addr)
                    self.echoed += 1
                except OSError:
                    pass
        finally:
            self.sock.close()

    def stop(self, timeout: float = 3.0) -> None:
        os.write(self._stop_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout)
        else:
            self.sock.close()
        for fd in (self._stop_r, self._stop_w):
            os.close(fd)


def _hostport(text: str) -> tuple[str, int] | None:
    """'sip:host:port;transport=x' or 'host:port' -> (host, port); None when unusable."""
    v = text.strip()
    for prefix in ("sips:", "sip:"):
        if v.lower().startswith(prefix):
            v = v[len(prefix):]
    host, _, port = v.split(";", 1)[0].rpartition(":")
    if not host:
        host, port = port, "5060"
    try:
        return host.strip("[]"), int(port)
    except ValueError:
        return None


@router.get("/network-test", response_model=m.NetworkTest, tags=["agent"])
def network_test(request: Request, agent: Agent = Depends(current_agent)):
    """Where the app's readiness check finds the echo service and the registrar (per transport)."""
    cfg: CenterConfig = request.app.state.config
    echo = _hostport(cfg.echo_address) if cfg.echo_address else None
    sip = []
    for transport, address in ((cfg.sip_transport, cfg.sip_registrar), ("tcp", cfg.sip_tcp)):
        where = _hostport(address) if address else None
        if where is not None and transport not in [s["transport"] for s in sip]:
            sip.append({"transport": transport, "host": where[0], "port": where[1]})
    return {"echo": {"host": echo[0], "port": echo[1]} if echo else None,
            "sip_domain": cfg.sip_domain, "sip": sip}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m democenter.echo", description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="UDP port (0: a free one)")
    args = p.parse_args(argv)
    echo = EchoService(args.host, args.port)
    print(f"ECHO READY {echo.address[0]}:{echo.address[1]}", flush=True)
    try:
        echo.serve()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
