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
                 debug: int = 1) -> None:
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
        self.udp_port = free_port()
        self.tcp_port = free_port()
        self.tls_port = free_port() if tls else 0
        self.host = "127.0.0.1"
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
        self.cfg_path.write_text(render_config(
            self.udp_port, self.tcp_port, self.domain, users=self.users,
            tls_port=self.tls_port, tls_config=tls_cfg, debug=self.debug))

    def registrar(self, transport: str = "udp") -> str:
        port = {"udp": self.udp_port, "tcp": self.tcp_port, "tls": self.tls_port}[str(transport)]
        return f"127.0.0.1:{port}"

    # ------------------------------------------------------------------ process
    def start(self, timeout: float = 10.0) -> "Kamailio":
        if self.proc is not None and self.proc.poll() is None:
            return self
        rundir = self.dir / "run"
        rundir.mkdir(exist_ok=True)
        cmd = [KAMAILIO, "-DD", "-E", "-f", str(self.cfg_path), "-Y", str(rundir),
               "-w", str(rundir)]
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
        return sip_options_ok("127.0.0.1", self.udp_port)

    def __enter__(self) -> "Kamailio":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def sip_options_ok(host: str, port: int, timeout: float = 0.3) -> bool:
    """True when a SIP server on UDP host:port answers an OPTIONS with any final response."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        lport = s.getsockname()[1]
        tag = f"{time.monotonic_ns():x}"
        msg = (f"OPTIONS sip:{host}:{port} SIP/2.0\r\n"
               f"Via: SIP/2.0/UDP 127.0.0.1:{lport};branch=z9hG4bK{tag};rport\r\n"
               f"Max-Forwards: 5\r\nFrom: <sip:probe@127.0.0.1>;tag={tag}\r\n"
               f"To: <sip:{host}:{port}>\r\nCall-ID: {tag}@probe\r\nCSeq: 1 OPTIONS\r\n"
               f"Content-Length: 0\r\n\r\n")
        s.settimeout(timeout)
        try:
            s.sendto(msg.encode(), (host, port))
            data, _ = s.recvfrom(4096)
        except OSError:
            return False
        return data.startswith(b"SIP/2.0 2")
