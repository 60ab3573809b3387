"""``python -m democenter.registrar``: the practice center's loopback SIP registrar (Kamailio)."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from softphone.platform.children import free_port, parent_death_signal, stop_group

# The one Kamailio configuration: this registrar renders it without auth (loopback only,
# nobody else can reach it); tests/support/kamailio.py renders it with accounts and TLS.
TEMPLATE = Path(__file__).with_name("kamailio.cfg.tmpl")
_FIELD = re.compile(r"@([A-Z_]+)@")


def kamailio_path() -> str | None:
    return shutil.which("kamailio") or (
        "/usr/sbin/kamailio" if os.path.exists("/usr/sbin/kamailio") else None)


def render_config(udp_port: int, tcp_port: int, domain: str, *,
                  users: dict[str, str] | None = None, tls_port: int = 0,
                  tls_config: str = "", debug: int = 1) -> str:
    """The Kamailio configuration from TEMPLATE. ``users`` (name -> password) turns digest
    auth on (``{}``: nobody may register); ``tls_port`` with ``tls_config`` (the path of a
    Kamailio tls.cfg) adds a TLS listener."""
    defines = []
    if users is not None:
        defines.append("#!define WITH_AUTH")
        for name, pw in users.items():
            if not name.replace("_", "").replace("-", "").isalnum() or '"' in pw or "\n" in pw:
                raise ValueError(f"unsupported user/password: {name!r}")
    if tls_port:
        if not tls_config:
            raise ValueError("a TLS listener needs tls_config (a Kamailio tls.cfg)")
        defines.append("#!define WITH_TLS")
    if not re.fullmatch(r"[A-Za-z0-9.-]+", domain):
        raise ValueError(f"unsupported SIP domain: {domain!r}")
    user_lines = "\n".join(f'    $sht(users=>{u}) = "{p}";' for u, p in (users or {}).items())
    values = {"DEFINES": "\n".join(defines), "DEBUG": str(int(debug)), "DOMAIN": domain,
              "UDP_PORT": str(int(udp_port)), "TCP_PORT": str(int(tcp_port)),
              "TLS_PORT": str(int(tls_port)), "TLS_CONFIG": str(tls_config),
              "USERS": user_lines or "    $var(x) = 0;"}
    text = TEMPLATE.read_text(encoding="utf-8")
    unknown = set(_FIELD.findall(text)) - values.keys()
    if unknown:
        raise KeyError(f"{TEMPLATE.name} has fields nobody fills in: {sorted(unknown)}")
    return _FIELD.sub(lambda m: values[m.group(1)], text)


def options_ok(port: int, timeout: float = 0.3) -> bool:
    """True when something on UDP 127.0.0.1:port answers a SIP OPTIONS."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        lport = s.getsockname()[1]
        tag = f"{time.monotonic_ns():x}"
        msg = (f"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\n"
               f"Via: SIP/2.0/UDP 127.0.0.1:{lport};branch=z9hG4bK{tag};rport\r\n"
               f"From: <sip:probe@127.0.0.1>;tag={tag}\r\nTo: <sip:127.0.0.1:{port}>\r\n"
               f"Call-ID: {tag}@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
               "Content-Length: 0\r\n\r\n")
        s.settimeout(timeout)
        try:
            s.sendto(msg.encode(), ("127.0.0.1", port))
            return s.recv(4096).startswith(b"SIP/2.0 ")
        except OSError:
            return False


class PracticeRegistrar:
    """Kamailio on 127.0.0.1 without auth, in its own process group (it forks workers; on
    SIGTERM its main process stops them). Ports 0 mean "pick free ones" (retried on a clash).
    Kamailio writes its log to ``log_path``, or to this process's stderr when None."""

    def __init__(self, udp_port: int = 0, tcp_port: int = 0, domain: str = "practice.center",
                 log_path: Path | None = None) -> None:
        self.auto_ports = not (udp_port and tcp_port)
        self.udp_port, self.tcp_port, self.domain = udp_port, tcp_port, domain
        self.log_path = log_path
        self.dir = Path(tempfile.mkdtemp(prefix="softphone-registrar-"))   # 0700
        self.proc: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.udp_port}"

    def start(self, timeout: float = 10.0) -> "PracticeRegistrar":
        exe = kamailio_path()
        if exe is None:
            raise RuntimeError("Practice mode needs Kamailio as its SIP registrar "
                               "(apt-get install kamailio), or pass --sip-proxy HOST:PORT.")
        deadline = time.monotonic() + timeout
        try:
            while True:
                if self.auto_ports:
                    self.udp_port, self.tcp_port = free_port(), free_port()
                if self._start_once(exe, deadline):
                    # Kamailio has read its config and keeps nothing in its dirs: removing
                    # them now leaves nothing behind even if this process is killed
                    shutil.rmtree(self.dir, ignore_errors=True)
                    return self
                self._stop_kamailio()
                if not self.auto_ports or time.monotonic() > deadline:
                    raise RuntimeError("The practice registrar (Kamailio) did not start; "
                                       f"see {self.log_path or 'its output'}")
        except BaseException:
            self.stop()
            raise

    def _start_once(self, exe: str, deadline: float) -> bool:
        cfg = self.dir / "kamailio.cfg"
        self.dir.mkdir(mode=0o700, exist_ok=True)
        write_private(cfg, render_config(self.udp_port, self.tcp_port, self.domain))
        out = open(self.log_path, "ab") if self.log_path else None
        try:
            self.proc = subprocess.Popen(
                [exe, "-DD", "-E", "-f", str(cfg), "-Y", str(self.dir), "-w", str(self.dir)],
                stdout=out, stderr=subprocess.STDOUT if out else None, stdin=subprocess.DEVNULL,
                start_new_session=True, preexec_fn=parent_death_signal())
        finally:
            if out:
                out.close()
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            if options_ok(self.udp_port):
                return True
            time.sleep(0.05)
        return False

    def _stop_kamailio(self) -> None:
        proc, self.proc = self.proc, None
        stop_group(proc, 5.0)

    def stop(self) -> None:
        self._stop_kamailio()
        shutil.rmtree(self.dir, ignore_errors=True)


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, readable by this user only."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m democenter.registrar",
        description="The practice center's SIP registrar: Kamailio on 127.0.0.1 without auth. "
                    "Prints 'REGISTRAR READY sip=127.0.0.1:PORT' once it answers; SIGTERM or "
                    "SIGINT stop Kamailio and its workers.")
    p.add_argument("--udp-port", type=int, default=0, help="SIP port (UDP; 0: a free one)")
    p.add_argument("--tcp-port", type=int, default=0, help="SIP port (TCP; 0: a free one)")
    p.add_argument("--domain", default="practice.center", help="SIP domain (default %(default)s)")
    p.add_argument("--ready-file", type=Path, default=None,
                   help="write the address and Kamailio's pid here (JSON) once ready")
    p.add_argument("--timeout", type=float, default=15.0, help="start-up limit, seconds")
    return p.parse_args(argv)


def _quit(signum, frame) -> None:  # noqa: ARG001
    raise SystemExit(0)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _quit)
    signal.signal(signal.SIGINT, _quit)
    reg = PracticeRegistrar(args.udp_port, args.tcp_port, args.domain)
    try:
        try:
            reg.start(args.timeout)
        except RuntimeError as exc:
            print(f"REGISTRAR FAILED {exc}", file=sys.stderr, flush=True)
            return 2
        if args.ready_file:
            write_private(args.ready_file, json.dumps({
                "address": reg.address, "udp_port": reg.udp_port, "tcp_port": reg.tcp_port,
                "domain": reg.domain, "pid": os.getpid(), "kamailio_pid": reg.proc.pid}))
        print(f"REGISTRAR READY sip={reg.address} kamailio={reg.proc.pid}", flush=True)
        while reg.proc.poll() is None:
            time.sleep(0.2)
        print(f"REGISTRAR Kamailio exited ({reg.proc.returncode})", file=sys.stderr, flush=True)
        return 1
    finally:
        for s in (signal.SIGTERM, signal.SIGINT):   # a second signal must not cut the stop
            signal.signal(s, signal.SIG_IGN)
        reg.stop()


if __name__ == "__main__":
    raise SystemExit(main())
