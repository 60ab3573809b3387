"""A throwaway Kamailio registrar + record-routing proxy with digest auth, for tests."""

# Usage::
#
#     from tests.support.kamailio import Kamailio
#     k = Kamailio(tmp_path, users={"agent1": "secret"}, tls=False).start()
#     k.udp_port, k.tcp_port, k.tls_port     # free ports on 127.0.0.1 (tls_port 0 without TLS)
#     k.domain                               # "center.local", the SIP domain (an alias)
#     k.registrar("tcp")                     # "127.0.0.1:PORT" for that transport
#     k.restart()                            # stop + start on the same ports
#     k.stop()
#     k.aor_reachable("agent1")              # the registrar relays an OPTIONS to agent1 and
#                                            # the registered phone answers it (not 404)
#
# Inside a network namespace (tests/support/netns.py), listening on one of its addresses:
#
#     k = Kamailio(tmp_path, users=..., host=vpn.SERVICE, ns=tunnel.center).start()
#
# ``host`` is the listen address (default 127.0.0.1); with ``ns`` the process runs in that
# namespace (``ip netns exec``, the same pid: stop() still kills its process group) and the
# readiness and AOR checks send from a socket inside it.
#
# Accounts in ``users`` must authenticate REGISTER (www) and their own calls (proxy).
# Requests from anybody else (sipp, baresip) are relayed without auth if they target a user
# registered here (like a trusted trunk). Registrations live in memory only.
# For TLS pass ``tls=True`` with ``cert_file``/``key_file`` (see tests.support.certs).
# The configuration is the practice center's template (democenter/kamailio.cfg.tmpl) rendered
# with these accounts (digest auth on) and, with ``tls=True``, a TLS listener.

from __future__ import annotations

import os
import shutil
import socket
import time
from pathlib import Path

from democenter.registrar import render_config
from tests.support.procs import free_port, start, stop, wait_for

_LISTEN = "listen={proto}:127.0.0.1:"     # how democenter's template spells its listeners

KAMAILIO = shutil.which("kamailio") or "/usr/sbin/kamailio"

_TLS_CFG = """[server:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
private_key = {key}
certificate = {cert}

[client:default]
method = TLSv1.2+
verify_certificate = no
require_certificate = no
"""


class Kamailio:
    """One Kamailio process on fresh loopback ports; ``restart()`` keeps the ports."""

    def __init__(self, workdir, users: dict[str, str] | None = None, *, tls: bool = False,
                 cert_file: str = "", key_file: str = "", domain: str = "center.local",
                 debug: int = 1, host: str = "127.0.0.1", ns=None) -> None:
        self.dir = Path(workdir) / f"kamailio-{os.getpid()}-{id(self):x}"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.users = dict(users or {"agent1": "secret"})
        self.domain = domain
        self.tls = tls
        if tls and not (cert_file and key_file):
            raise ValueError("Kamailio(tls=True) needs cert_file and key_file "
                             "(make them with tests.support.certs.make_certs)")
        self.cert_file, self.key_file = cert_file, key_file
        self.debug = debug
        self.ns = ns
        # a fresh namespace has every port free; the root namespace's loopback is shared
        self.udp_port = free_port() if ns is None else 5060
        self.tcp_port = free_port() if ns is None else 5060
        self.tls_port = (free_port() if ns is None else 5061) if tls else 0
        self.host = host
        self.log_path = str(self.dir / "kamailio.log")
        self.proc = None
        self._write_config()

    # ------------------------------------------------------------------ config
    def _write_config(self) -> None:
        tls_cfg = ""
        if self.tls:
            tls_cfg = str(self.dir / "tls.cfg")
            Path(tls_cfg).write_text(_TLS_CFG.format(cert=self.cert_file, key=self.key_file))
        self.cfg_path = self.dir / "kamailio.cfg"
        text = render_config(self.udp_port, self.tcp_port, self.domain, users=self.users,
                             tls_port=self.tls_port, tls_config=tls_cfg, debug=self.debug)
        if self.host != "127.0.0.1":
            for proto in ("udp", "tcp", "tls"):
                old = _LISTEN.format(proto=proto)
                if proto != "tls" or self.tls:
                    assert old in text, f"the Kamailio template has no '{old}' line"
                text = text.replace(old, f"listen={proto}:{self.host}:")
        self.cfg_path.write_text(text)

    def registrar(self, transport: str = "udp") -> str:
        port = {"udp": self.udp_port, "tcp": self.tcp_port, "tls": self.tls_port}[str(transport)]
        return f"{self.host}:{port}"

    # ------------------------------------------------------------------ process
    def start(self, timeout: float = 10.0) -> "Kamailio":
        if self.proc is not None and self.proc.poll() is None:
            return self
        rundir = self.dir / "run"
        rundir.mkdir(exist_ok=True)
        cmd = [KAMAILIO, "-DD", "-E", "-f", str(self.cfg_path), "-Y", str(rundir),
               "-w", str(rundir)]
        if self.ns is not None:
            cmd = self.ns.command(cmd)
        deadline = time.monotonic() + timeout
        while True:
            self.proc = start(cmd, log_path=self.log_path)
            try:
                wait_for(self._ready, timeout=min(5.0, max(0.5, deadline - time.monotonic())),
                         interval=0.02, what="kamailio to answer OPTIONS")
                return self
            except TimeoutError:
                stop(self.proc)
                self.proc = None
                # the port may still be held by the previous instance: retry until deadline
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kamailio did not start; see {self.log_path}:\n"
                                       + self.log_tail())
                time.sleep(0.2)

    def stop(self) -> None:
        stop(self.proc)
        self.proc = None

    def restart(self, down_s: float = 0.0) -> "Kamailio":
        self.stop()
        if down_s:
            time.sleep(down_s)
        return self.start()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(Path(self.log_path).read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def _ready(self) -> bool:
        if self.proc is None or self.proc.poll() is not None:
            raise TimeoutError("kamailio exited")
        return sip_options_ok(self.host, self.udp_port, ns=self.ns)

    def aor_reachable(self, user: str, timeout: float = 1.0) -> bool:
        """True when an OPTIONS to ``user``'s AOR, sent to this registrar by a stranger (no
        credentials: relayed like a trunk's request), is answered 2xx: the registrar knows a
        binding for the user and the phone behind it answered. A 404 (no binding), another
        final answer or none within ``timeout``: False."""
        return sip_options_ok(self.host, self.udp_port, timeout=timeout, ns=self.ns,
                              user=user)

    def __enter__(self) -> "Kamailio":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def sip_options_ok(host: str, port: int, timeout: float = 0.3, ns=None, user: str = "") -> bool:
    """True when an OPTIONS to UDP host:port (to ``user``'s AOR there, when given) gets a 2xx
    final answer within ``timeout``; provisional answers are skipped. ``ns``: send from a
    socket inside that namespace (from the address its routes pick toward ``host``)."""
    make = ns.socket if ns is not None else socket.socket
    with make(socket.AF_INET, socket.SOCK_DGRAM) as s:
        if ns is None:
            s.bind(("127.0.0.1", 0))
        else:
            try:
                s.connect((host, port))          # the source address, from the namespace's routes
            except OSError:
                return False                     # no route at all
        laddr, lport = s.getsockname()
        tag = f"{time.monotonic_ns():x}"
        uri = f"sip:{user}@{host}:{port}" if user else f"sip:{host}:{port}"
        msg = (f"OPTIONS {uri} SIP/2.0\r\n"
               f"Via: SIP/2.0/UDP {laddr}:{lport};branch=z9hG4bK{tag};rport\r\n"
               f"Max-Forwards: 5\r\nFrom: <sip:probe@{laddr}>;tag={tag}\r\n"
               f"To: <{uri}>\r\nCall-ID: {tag}@probe\r\nCSeq: 1 OPTIONS\r\n"
               f"Content-Length: 0\r\n\r\n")
        deadline = time.monotonic() + timeout
        try:
            s.sendto(msg.encode(), (host, port))
            while (left := deadline - time.monotonic()) > 0:
                s.settimeout(left)
                data, _ = s.recvfrom(4096)
                if not data.startswith(b"SIP/2.0 1"):
                    return data.startswith(b"SIP/2.0 2")
        except OSError:
            return False
        return False
